import Foundation
import Testing

/// A program a test needs (groff, bash, zsh, fish): `scripts/setup --tests` installs them, so a
/// missing one fails the test (an issue), it is never skipped.
enum RequiredTool {
    static func path(_ name: String, package: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        var directories = ["/usr/bin", "/bin", "/usr/local/bin"]
        directories += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        if let found = directories.map({ $0 + "/" + name }).first(where: FileManager.default.isExecutableFile) {
            return found
        }
        Issue.record(
            "\(name) is not installed; run scripts/setup --tests (apt: \(package))", sourceLocation: sourceLocation)
        return nil
    }
}
