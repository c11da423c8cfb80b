import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// Settings from flags and the environment, in SPEC §3's order of precedence.
enum SettingsBuilder {
    static func build(_ options: Invocation, interactive: Bool) throws(ShellError) -> (Settings, [String]) {
        var warnings: [String] = []
        let user = options.user ?? nonEmpty(environment("CANDE_USER")) ?? loginName()
        guard isValidUser(user) else { throw .badUser(user) }
        var settings = Settings(
            storePath: options.store ?? nonEmpty(environment("CANDE_STORE")) ?? defaultStore(), user: user)
        settings.userAsked = options.user
        settings.json = options.json
        settings.bail = options.bail
        settings.yes = options.yes
        settings.interactive = interactive
        let noColor = options.noColor || nonEmpty(environment("NO_COLOR")) != nil || environment("TERM") == "dumb"
        settings.color = interactive && !noColor && Terminal.isTerminal(1)
        settings.charset = Charset.fromEnvironment()
        let (zone, warning) = ZoneLoader.fromEnvironment()
        settings.zone = zone
        if let warning { warnings.append(warning) }
        if let now = nonEmpty(environment("CANDE_NOW")) {
            guard now.contains("T") || now.contains("t"),
                let instant = try? WhenParser(now: Instant(seconds: 0), zone: zone).parse(now, direction: .past).instant
            else {
                throw .badValue(key: "CANDE_NOW", value: now, expected: "an ISO 8601 instant like 2026-12-01T09:00:00Z")
            }
            settings.fixedNow = instant
        }
        if interactive {
            settings.pager = pager()
            settings.historyPath = historyPath(user: user)
        }
        return (settings, warnings)
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    static func home() -> String {
        if let home = nonEmpty(environment("HOME")) { return home }
        if let entry = getpwuid(geteuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) }
        return "/"
    }

    /// `$XDG_DATA_HOME/cande`, else `~/.local/share/cande`.
    static func defaultStore() -> String {
        (nonEmpty(environment("XDG_DATA_HOME")) ?? home() + "/.local/share") + "/cande"
    }

    static func loginName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return nonEmpty(environment("USER")) ?? "unknown"
    }

    static func isValidUser(_ name: String) -> Bool {
        (1...64).contains(name.count) && !name.unicodeScalars.contains { SafeText.needsEscape($0) }
            && name.trimmingBlanks() == name
    }

    /// `$PAGER`, else `less` where it is installed; an empty `PAGER` turns paging off.
    static func pager() -> String? {
        if let pager = environment("PAGER") { return pager.isEmpty ? nil : pager }
        for candidate in ["/usr/bin/less", "/bin/less", "/usr/bin/more", "/bin/more"] where access(candidate, X_OK) == 0
        {
            return candidate
        }
        return nil
    }

    /// One history file per cande user, under `$XDG_STATE_HOME/cande` (0700), outside the store.
    static func historyPath(user: String) -> String? {
        let directory = (nonEmpty(environment("XDG_STATE_HOME")) ?? home() + "/.local/state") + "/cande"
        var prefix = ""
        for part in directory.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST { return nil }
        }
        let safe = String(user.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        return directory + "/history-" + safe
    }
}
