#if canImport(Glibc)
    import Glibc
#endif

/// The process's flags as a run reads them (SPEC §3), whichever parser read them: `CandeOptions`
/// (swift-argument-parser, the definition, help and errors) or `QuickFlags` (the common forms).
struct Invocation: Equatable {
    var store: String?
    var user: String?
    var json = false
    var bail = false
    var yes = false
    var noColor = false
    var commands: [String] = []
    var scripts: [String] = []
    /// `--help-man`: print the manual page (`ManualPage`), run nothing.
    var helpMan = false
    /// `--complete-command TEXT`: print TEXT's completions (`CommandLineCompletion`), run nothing.
    var completeCommand: String?

    /// `-c` commands and scripts in the order they appear on the command line.
    func batchSources(arguments: [String]) -> [BatchSource] {
        var sources: [BatchSource] = []
        var i = 0
        var onlyScripts = false
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if onlyScripts || argument == "-" || !argument.hasPrefix("-") {
                sources.append(.script(argument))
            } else if argument == "--" {
                onlyScripts = true
            } else if argument == "-c" || argument == "--store" || argument == "--as" {
                if argument == "-c", i < arguments.count { sources.append(.command(arguments[i])) }
                i += 1
            } else if argument.hasPrefix("-c") {
                sources.append(.command(String(argument.dropFirst(2))))
            }
        }
        // Should the walk disagree with the parser, keep the parser's view: -c first, then scripts.
        let commandCount = sources.filter { if case .command = $0 { true } else { false } }.count
        if commandCount != commands.count || sources.count != commands.count + scripts.count {
            return commands.map(BatchSource.command) + scripts.map(BatchSource.script)
        }
        return Self.initCommand(sources) ?? sources
    }

    /// `cande init [URL|PATH]`, as `git init`: the command `init`, when it is all there is and no
    /// script file is called `init`.
    static func initCommand(_ sources: [BatchSource]) -> [BatchSource]? {
        guard sources.first == .script("init"), sources.count <= 2, access("init", F_OK) != 0 else { return nil }
        guard sources.count == 2 else { return [.command("init")] }
        guard case .script(let address) = sources[1] else { return nil }
        let quoted = address.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return [.command("init \"\(quoted)\"")]
    }
}
