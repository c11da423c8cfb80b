import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// "Trust the store", break 5: a batch writer waiting for its next line never holds the write
/// lock, so a script that stops half-way through a line blocks nobody.
@Suite("A waiting batch writer")
struct WaitingWriterTests {
    let dir = TemporaryDirectory("cande-wait")
    var store: String { dir.file("store") }
    var env: [String: String] { Cande.environment(store: store) }

    @Test("a script paused in the middle of a line has flushed its group and holds no lock")
    func pausedHalfLine() throws {
        #expect(Cande.run(["-c", "add Ada handle:ada"], environment: env).status == 0)

        // Hold a reader's lock so that the writer's first change has to wait for it: the half
        // line then arrives while that change is being made, before the writer asks for more.
        // (The writers' lock is a `flock` on the store directory, or on its `lock` file in
        // stores of older versions: both are held.)
        let locks = [open(store, O_RDONLY | O_DIRECTORY | O_CLOEXEC), open(store + "/lock", O_RDONLY | O_CLOEXEC)]
        #expect(locks[0] >= 0)
        defer { for fd in locks where fd >= 0 { close(fd) } }
        for fd in locks where fd >= 0 { #expect(flock(fd, LOCK_SH) == 0) }

        let writer = try PipedCande(arguments: ["--json"], environment: env, in: dir)
        writer.send("note ada one\n")
        #expect(Self.waitUntilBlockedOnLock(writer.pid), "the writer never waited for the lock")
        writer.send("note ada tw")
        usleep(100_000)
        for fd in locks where fd >= 0 { #expect(flock(fd, LOCK_UN) == 0) }

        // The first change is acknowledged although its script is paused mid-line …
        #expect(writer.waitForOutput(containing: #""id":1"#, timeout: 5), "output: \(writer.output)")
        // … and other writers and readers go ahead meanwhile.
        let other = TimedCande.run(["-c", "note ada other"], environment: env, in: dir, timeout: 2)
        #expect(other.status == 0, "a second writer waited for the paused one (\(other.seconds)s)")
        let reader = TimedCande.run(["--json", "-c", "history ada"], environment: env, in: dir, timeout: 2)
        #expect(reader.status == 0, "a reader waited for the paused writer (\(reader.seconds)s)")
        let texts = (parseJSON(reader.stdout) as? [[String: Any]])?.compactMap { $0["text"] as? String }
        #expect(texts == ["one", "other"])

        // Then the script goes on: its line is whole again.
        writer.send("o\n")
        writer.closeInput()
        #expect(writer.wait(timeout: 10) == 0)
        #expect(try StoreFiles.notes(FileStore(path: store)) == ["one", "other", "two"])
    }

    @Test("lines that come one at a time with pauses between them are each acknowledged at once")
    func pausedBetweenLines() throws {
        #expect(Cande.run(["-c", "add Ada handle:ada"], environment: env).status == 0)
        let writer = try PipedCande(arguments: ["--json"], environment: env, in: dir)
        for k in 1...3 {
            writer.send("note ada n\(k)\n")
            #expect(writer.waitForOutput(containing: "\"id\":\(k)", timeout: 5), "output: \(writer.output)")
            let other = TimedCande.run(["-c", "list"], environment: env, in: dir, timeout: 2)
            #expect(other.status == 0)
        }
        writer.closeInput()
        #expect(writer.wait(timeout: 10) == 0)
        #expect(try StoreFiles.notes(FileStore(path: store)) == ["n1", "n2", "n3"])
    }

    /// True once the kernel lists `pid` as waiting for a `flock` (`/proc/locks` marks waiters `->`).
    static func waitUntilBlockedOnLock(_ pid: Int32, timeout: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let locks = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
            for line in locks.split(separator: "\n") where line.contains("->") && line.contains("FLOCK") {
                if line.split(separator: " ").contains(Substring(String(pid))) { return true }
            }
            usleep(10_000)
        }
        return false
    }
}

/// cande with standard input on a pipe the test writes to, its output collected in a file.
final class PipedCande {
    private let process = Process()
    private let input = Pipe()
    private let outputPath: String

    init(arguments: [String], environment: [String: String], in dir: TemporaryDirectory) throws {
        outputPath = dir.file("piped-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Cande.binary)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = input
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var pid: Int32 { process.processIdentifier }
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    func send(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }
    func closeInput() { try? input.fileHandleForWriting.close() }

    func waitForOutput(containing text: String, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if output.contains(text) { return true }
            usleep(10_000)
        }
        return false
    }

    /// The exit status, or nil (the process killed) when it did not end in time.
    func wait(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }
}

/// One cande run with a deadline: a run that would block is killed and reports a nil status.
enum TimedCande {
    struct Result {
        var status: Int32?
        var stdout: String
        var seconds: Double
    }

    static func run(_ arguments: [String], environment: [String: String], in dir: TemporaryDirectory, timeout: Double)
        -> Result
    {
        let started = Date()
        guard let process = try? PipedCande(arguments: arguments, environment: environment, in: dir) else {
            return Result(status: nil, stdout: "", seconds: 0)
        }
        process.closeInput()
        let status = process.wait(timeout: timeout)
        return Result(status: status, stdout: process.output, seconds: Date().timeIntervalSince(started))
    }
}
