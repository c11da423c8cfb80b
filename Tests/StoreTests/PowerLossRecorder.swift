import Foundation
import TestSupport

/// Runs cande processes on one store under the recorder library (recorder.c), which logs every
/// file-system change in the store and every acknowledgment; keeps what each process's
/// acknowledgments promise, for the replayer.
final class PowerLossRecorder: @unchecked Sendable {
    let name: String
    let directory = TemporaryDirectory("cande-powerloss")
    let library: String
    /// The store; when `storeExists` is false cande creates it (and must make that durable too).
    let store: String
    let storeExists: Bool
    var log: String { directory.file("events.log") }
    /// Each process's tag and, in order, what its acknowledgments promise.
    private(set) var processes: [(tag: String, expectations: [PowerLossCommand.Expectation])] = []
    private(set) var failures: [String] = []

    init(name: String, library: String, storeExists: Bool = true) {
        self.name = name
        self.library = library
        self.storeExists = storeExists
        let real = realpath(directory.path, nil)!
        store = String(cString: real) + "/store"
        free(real)
        if storeExists { mkdir(store, 0o700) }
    }

    /// How a process gets its commands.
    enum Input {
        /// One `-c` per command.
        case arguments
        /// On standard input in bursts of `burst` lines, `pause` milliseconds apart (many groups).
        case stdin(burst: Int, pauseMilliseconds: Int)
    }

    /// Runs one process to its end.
    func run(_ commands: [PowerLossCommand], input: Input = .arguments, extra: [String] = []) {
        together([commands], input: input, extra: extra)
    }

    /// Runs several processes at once and waits for all of them.
    func together(_ scripts: [[PowerLossCommand]], input: Input, extra: [String] = []) {
        let running = scripts.map { start($0, input: input, extra: extra) }
        for (process, commands) in zip(running, scripts) {
            let result = process.wait()
            let acknowledged = result.stdoutLines.count
            if result.status != 0 || acknowledged != commands.count {
                failures.append(
                    "\(name): \(process.tag) exited \(result.status) with \(acknowledged) of \(commands.count) "
                        + "acknowledgments: \(result.stderr.prefix(300))")
            }
        }
    }

    /// Runs another program under the recorder (one that damages the store as a crash would).
    func runTool(_ executable: String, _ arguments: [String]) {
        let tag = "p\(processes.count)"
        processes.append((tag, []))
        let result = RecordedProcess(
            tag: tag, executable: executable, arguments: arguments, environment: environment(tag: tag), bursts: [],
            pauseMilliseconds: 0
        ).wait()
        if result.status != 0 { failures.append("\(name): \(executable) exited \(result.status): \(result.stderr)") }
    }

    private func environment(tag: String) -> [String: String] {
        var environment = Cande.environment(store: store, now: "2026-12-01T09:00:00Z", tz: "UTC")
        environment["HOME"] = directory.path
        environment["LD_PRELOAD"] = library
        environment["PL_LOG"] = log
        environment["PL_ROOT"] = store
        environment["PL_TAG"] = tag
        return environment
    }

    private func start(_ commands: [PowerLossCommand], input: Input, extra: [String]) -> RecordedProcess {
        let tag = "p\(processes.count)"
        processes.append((tag, commands.map(\.expectation)))
        var arguments = ["--json"] + extra
        var bursts: [String] = []
        var pause = 0
        switch input {
        case .arguments:
            arguments += commands.flatMap { ["-c", $0.line] }
        case .stdin(let burst, let milliseconds):
            bursts = stride(from: 0, to: commands.count, by: burst).map { start in
                commands[start..<min(start + burst, commands.count)].map { $0.line + "\n" }.joined()
            }
            pause = milliseconds
        }
        return RecordedProcess(
            tag: tag, arguments: arguments, environment: environment(tag: tag), bursts: bursts,
            pauseMilliseconds: pause)
    }

    /// The replayer's description of this workload.
    var manifest: [String: Any] {
        [
            "name": name, "log": log, "rootExists": storeExists,
            "processes": Dictionary(uniqueKeysWithValues: processes.map { ($0.tag, $0.expectations.map(\.json)) }),
        ]
    }
}
