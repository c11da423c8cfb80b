import Conversation
import Foundation
import Store

/// A fresh directory under /tmp, removed when the value goes away.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "cande") {
        var template = Array("/tmp/\(label)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: made!)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ name: String) -> String { path + "/" + name }
}

/// The result of running a process.
public struct RunResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Whether cande said it created a new store (that note is taken out of `stderr` by
    /// `Cande.run`: the tests of other things are not about it; `run(executable:)` keeps it).
    public var createdStore = false
    public var stdoutLines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
    public var stderrLines: [String] {
        stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
}

/// Runs the built `cande` binary and other programs.
public enum Cande {
    /// `.build/debug/cande` next to the test bundle.
    public static var binary: String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cande")
                .path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/cande").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    /// The environment tests run cande in: fixed user, zone and now; no colours.
    public static func environment(
        store: String, user: String = "rita", now: String? = "2026-12-01T09:00:00Z",
        tz: String = "Europe/Berlin"
    ) -> [String: String] {
        var env = [
            "CANDE_STORE": store, "CANDE_USER": user, "TZ": tz, "PATH": "/usr/bin:/bin", "HOME": "/tmp",
            "LANG": "C.UTF-8",
        ]
        if let now { env["CANDE_NOW"] = now }
        return env
    }

    @discardableResult
    public static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String]) -> RunResult {
        withoutCreationNote(
            run(executable: binary, arguments, stdin: stdin.map { Data($0.utf8) }, environment: environment))
    }

    /// Takes cande's "created a new store" note out of standard error (see `createdStore`).
    public static func withoutCreationNote(_ raw: RunResult) -> RunResult {
        var result = raw
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter {
            !$0.hasPrefix("note: created a new store at ") && !$0.hasPrefix(#"{"note":"created a new store at "#)
        }
        if kept.count != lines.count {
            result.createdStore = true
            result.stderr = kept.joined(separator: "\n")
        }
        return result
    }

    @discardableResult
    public static func run(
        executable: String, _ arguments: [String], stdin: Data? = nil,
        environment: [String: String]? = nil
    ) -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // A team store's agent outlives its command (README "The agent"): not for long in tests.
        if var environment {
            if environment["CANDE_AGENT_IDLE"] == nil { environment["CANDE_AGENT_IDLE"] = "20" }
            process.environment = environment
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try! process.run()
        let writer = Thread {
            if let stdin { input.fileHandleForWriting.write(stdin) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let errData = LockedData()
        let errReader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.isSet { usleep(1000) }
        return RunResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.value, as: UTF8.self))
    }

    /// Runs a shell command line (for umask, strace, pipelines).
    @discardableResult
    public static func shell(_ command: String, environment: [String: String]) -> RunResult {
        withoutCreationNote(run(executable: "/bin/sh", ["-c", command], environment: environment))
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ value: Data) {
        lock.lock()
        data = value
        done = true
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }
    var value: Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}

/// Reads the store's files the way a test wants to see them.
public enum StoreFiles {
    /// Every regular file of the store directory with its bytes.
    public static func all(_ path: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            files[name] = FileManager.default.contents(atPath: path + "/" + name)
        }
        return files
    }

    public static func mode(_ path: String) -> Int {
        var info = stat()
        stat(path, &info)
        return Int(info.st_mode & 0o777)
    }

    /// The texts of every note in the store, in timeline order.
    public static func notes(_ store: FileStore) throws -> [String] {
        try store.loadTimeline()
        let state = store.state
        return state.entries.filter { !$0.removed && $0.kind == .note }.map { state.text($0.text, from: store.texts) }
    }
}

/// Parses one line of JSON with Foundation (an independent parser for cande's output).
public func parseJSON(_ text: String) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

/// A small deterministic generator (SplitMix64), so that a failing random case can be replayed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The PostgreSQL server `scripts/test` starts for the team store's tests (`CANDE_TEST_PG`);
/// under `CANDE_REQUIRE_PG=1` a missing one fails those tests instead of skipping them.
public enum TeamServer {
    public static let conninfo = ProcessInfo.processInfo.environment["CANDE_TEST_PG"].flatMap {
        $0.isEmpty ? nil : $0
    }
    public static let required = ProcessInfo.processInfo.environment["CANDE_REQUIRE_PG"] == "1"

    /// Makes the login `name` unless it is there (roles are the cluster's, shared by the tests),
    /// a member of the team's role unless `inTeam` is false.
    public static func makeLogin(_ name: String, on admin: PGConnection, inTeam: Bool = true) throws {
        try admin.execute(
            """
            do $$ begin
              create role \(name) login \(inTeam ? "in role " + TeamSchema.teamRole : "");
            exception when duplicate_object or unique_violation then null;
            end $$
            """)
    }
}

/// A value handed to the one thread that uses it.
public final class Unchecked<T>: @unchecked Sendable {
    public var value: T
    public init(_ value: T) { self.value = value }
}

/// Failures collected from threads.
public final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    public init() {}
    public func add(_ item: String) { lock.withLock { items.append(item) } }
    public var all: [String] { lock.withLock { items } }
}

extension Thread {
    /// Runs `body` on a new thread; `join` waits for it.
    public final class Joinable: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        public func join() { done.wait() }
    }

    public static func detached(_ body: @escaping @Sendable () -> Void) -> Joinable {
        let handle = Joinable()
        let thread = Thread {
            body()
            handle.done.signal()
        }
        thread.start()
        return handle
    }
}
