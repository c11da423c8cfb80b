import Foundation
import TestSupport

/// Runs Tests/PowerLoss/replay.py on recorded workloads: it rebuilds the store as of every crash
/// point under the loss models, opens each distinct state with cande and reports the figures.
enum PowerLossReplayer {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PowerLoss")

    /// The figures of one workload, as replay.py prints them.
    struct Figures: Decodable {
        var name: String
        var events: Int
        var crashPoints: Int
        var crashStates: Int
        var distinctStates: Int
        var acknowledged: Int
        var acknowledgedChecked: Int
        var lost: Int
        var readOnly: Int
        var forgottenFound: Int
        /// Crash states per loss model.
        var models: [String: Int]
        var failures: [Failure]
    }

    /// One crash state that broke a promise.
    struct Failure: Decodable {
        var kind: String
        var point: Int
        var of: Int
        var model: String
        var state: String
        var detail: String
        var after: String
        var next: String
    }

    struct Report: Decodable {
        var workloads: [Figures]
        var storesOpened: Int
    }

    static func python() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates =
            ["/usr/bin/python3", "/usr/local/bin/python3"] + path.split(separator: ":").map { "\($0)/python3" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A C compiler: the toolchain's clang (the only one a fresh machine is sure to have), else cc.
    static func compiler() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates =
            path.split(separator: ":").map { "\($0)/clang" } + ["/opt/swift/usr/bin/clang", "/usr/bin/clang"]
            + path.split(separator: ":").map { "\($0)/cc" } + ["/usr/bin/cc"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Builds recorder.c into `directory`; returns the library's path or the compiler's complaint.
    static func buildRecorder(in directory: TemporaryDirectory) -> Result<String, RecorderError> {
        guard let compiler = compiler() else { return .failure(RecorderError(message: "no C compiler (clang) found")) }
        let library = directory.file("recorder.so")
        let result = Cande.run(
            executable: compiler,
            ["-shared", "-fPIC", "-O1", "-o", library, sources.appendingPathComponent("recorder.c").path, "-ldl"],
            environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else {
            return .failure(RecorderError(message: "\(compiler) failed: \(result.stderr)"))
        }
        return .success(library)
    }

    struct RecorderError: Error {
        var message: String
    }

    /// Replays every workload; two crash states are opened at a time.
    static func replay(_ workloads: [PowerLossRecorder], scratch: TemporaryDirectory) throws -> Report {
        var environment = Cande.environment(store: "", now: "2026-12-01T09:00:00Z", tz: "UTC")
        environment["CANDE_STORE"] = nil
        environment["HOME"] = scratch.path
        let work = scratch.file("states")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let manifest: [String: Any] = [
            "cande": Cande.binary, "env": environment, "work": work,
            "workers": max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4)),
            "workloads": workloads.map(\.manifest),
        ]
        let path = scratch.file("manifest.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: path))
        guard let python = python() else { throw RecorderError(message: "python3 is missing") }
        let result = Cande.run(
            executable: python, [sources.appendingPathComponent("replay.py").path, path],
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": scratch.path])
        guard result.status == 0 else {
            throw RecorderError(message: "replay.py failed (\(result.status)): \(result.stderr.suffix(2000))")
        }
        if let keep = ProcessInfo.processInfo.environment["CANDE_POWERLOSS_KEEP"] {
            keepEvidence(in: keep, manifest: path, report: result.stdout, workloads: workloads)
        }
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }

    /// With CANDE_POWERLOSS_KEEP=DIR: the logs, the manifest (pointing at the kept logs) and the
    /// full report go to DIR, to be replayed by hand (`python3 Tests/PowerLoss/replay.py DIR/manifest.json`).
    static func keepEvidence(in keep: String, manifest: String, report: String, workloads: [PowerLossRecorder]) {
        let files = FileManager.default
        try? files.createDirectory(atPath: keep, withIntermediateDirectories: true)
        guard let data = files.contents(atPath: manifest),
            var object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            var entries = object["workloads"] as? [[String: Any]]
        else { return }
        for k in entries.indices {
            let kept = keep + "/events-\(k).log"
            try? files.removeItem(atPath: kept)
            try? files.copyItem(atPath: workloads[k].log, toPath: kept)
            entries[k]["log"] = kept
        }
        object["workloads"] = entries
        try? JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: keep + "/manifest.json"))
        try? report.write(toFile: keep + "/report.json", atomically: false, encoding: .utf8)
    }
}
