import Foundation
import TestSupport

/// A cande process whose standard input is fed in bursts and whose output is collected.
final class RecordedProcess: @unchecked Sendable {
    let tag: String
    private let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private let input = Pipe()
    private var readers: [Thread] = []
    private var collected = [Data(), Data()]
    private let lock = NSLock()

    init(
        tag: String, executable: String = Cande.binary, arguments: [String], environment: [String: String],
        bursts: [String], pauseMilliseconds: Int
    ) {
        self.tag = tag
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try! process.run()
        for (k, pipe) in [output, errors].enumerated() {
            let handle = pipe.fileHandleForReading
            readers.append(
                Thread { [self] in
                    let data = handle.readDataToEndOfFile()
                    lock.lock()
                    collected[k] = data
                    lock.unlock()
                })
        }
        let writer = input.fileHandleForWriting
        readers.append(
            Thread {
                for (k, burst) in bursts.enumerated() {
                    if k > 0 { usleep(UInt32(pauseMilliseconds) * 1000) }
                    try? writer.write(contentsOf: Data(burst.utf8))
                }
                try? writer.close()
            })
        readers.forEach { $0.start() }
    }

    /// How a process ended: its status and what it printed.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Complete lines (one per acknowledged command with `--json`).
        var stdoutLines: [Substring] { stdout.split(separator: "\n") }
    }

    func wait() -> Outcome {
        process.waitUntilExit()
        while readers.contains(where: { !$0.isFinished }) { usleep(1000) }
        lock.lock()
        defer { lock.unlock() }
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: collected[0], as: UTF8.self),
            stderr: String(decoding: collected[1], as: UTF8.self))
    }
}
