import Foundation
import TestSupport

/// The environment of a clean interactive user for pty tests: HOME and XDG_STATE_HOME in the
/// test's temporary directory, an empty ~/.editrc, no pager, a UTF-8 locale, an xterm.
enum TerminalEnvironment {
    static func make(
        directory: TemporaryDirectory, store: String, noColor: Bool = false, _ extra: [String: String] = [:]
    ) -> [String: String] {
        let home = directory.file("home")
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: home + "/.editrc", contents: Data())
        var env = Cande.environment(store: store)
        env["HOME"] = home
        env["XDG_STATE_HOME"] = directory.file("state")
        env["TERM"] = "xterm"
        env["LANG"] = "C.UTF-8"
        env["PAGER"] = ""
        if noColor { env["NO_COLOR"] = "1" }
        env.merge(extra) { $1 }
        return env
    }
}
