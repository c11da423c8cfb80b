import Foundation
import TestSupport
import Testing

/// Runs small Python scripts as independent checkers of cande's files (the `icalendar` package
/// for iCalendar, the `csv` module for CSV); they print JSON back.
enum PythonChecker {
    /// A python3 that can import `module` (`scripts/setup --tests` installs python3-icalendar
    /// for /usr/bin/python3; a python3 earlier on PATH may lack it).
    static func interpreter(importing module: String) -> String? {
        var candidates = ["/usr/bin/python3", "/usr/local/bin/python3"]
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(String(directory) + "/python3")
        }
        for path in candidates where FileManager.default.isExecutableFile(atPath: path) {
            if Cande.run(executable: path, ["-c", "import \(module)"], environment: pythonEnvironment).status == 0 {
                return path
            }
        }
        return nil
    }

    static let pythonEnvironment = [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp",
        "PYTHONIOENCODING": "utf-8",
    ]

    /// Runs `script` with `arguments` and parses what it prints as JSON; records an issue and
    /// returns nil when there is no suitable python3 or the script fails.
    static func run(_ script: String, arguments: [String], module: String) -> Any? {
        guard let python = interpreter(importing: module) else {
            Issue.record("no python3 that can import \(module); run scripts/setup --tests (apt: python3-icalendar)")
            return nil
        }
        let result = Cande.run(executable: python, ["-c", script] + arguments, environment: pythonEnvironment)
        guard result.status == 0 else {
            Issue.record("python failed (\(result.status)): \(result.stderr)")
            return nil
        }
        return parseJSON(result.stdout)
    }
}

/// ISO 8601 UTC of whole seconds, by Foundation (independent of cande's own formatting).
func isoUTC(_ seconds: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}

func fileBytes(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
}
