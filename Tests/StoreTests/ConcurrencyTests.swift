import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// A `cande` batch process whose standard input the test feeds.
final class Writer: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var collected = Data()
    private let lock = NSLock()
    private var reader: Thread?

    init(store: String, user: String = "rita", arguments: [String] = ["--json"]) {
        process.executableURL = URL(fileURLWithPath: Cande.binary)
        process.arguments = arguments
        process.environment = Cande.environment(store: store, user: user, now: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
    }

    func start() throws {
        try process.run()
        let handle = output.fileHandleForReading
        reader = Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                collected.append(chunk)
                lock.unlock()
            }
        }
        reader!.start()
    }

    /// Writes lines in bursts, pausing between them, so that the writer commits many small groups.
    func feed(_ lines: [String], burst: Int, pauseMicroseconds: UInt32) {
        var k = 0
        while k < lines.count {
            let chunk = lines[k..<min(k + burst, lines.count)].joined(separator: "\n") + "\n"
            do { try input.fileHandleForWriting.write(contentsOf: Data(chunk.utf8)) } catch { return }
            k += burst
            if pauseMicroseconds > 0 { usleep(pauseMicroseconds) }
        }
    }

    func closeInput() { try? input.fileHandleForWriting.close() }

    func wait() -> Int32 {
        process.waitUntilExit()
        while reader?.isFinished == false { usleep(1000) }
        return process.terminationStatus
    }

    /// Complete output lines (an acknowledgment cut by a kill is not one).
    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        let text = String(decoding: collected, as: UTF8.self)
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast()  // after the last newline: incomplete or empty
        return parts
    }
}

/// The journal's records as JSON objects (for sequence checks), read with Foundation.
func journalRecords(_ path: String) -> [[String: Any]] {
    let data = FileManager.default.contents(atPath: path + "/" + journalName(path)) ?? Data()
    return data.split(separator: 0x0A).compactMap {
        try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]
    }
}

@Suite("Processes sharing a store", .serialized)
struct ConcurrencyTests {
    static func newStore() -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        let result = Cande.run(
            ["-c", "add \"Ada Lovelace\" handle:ada"], environment: Cande.environment(store: dir.path))
        precondition(result.status == 0, result.stderr)
        return dir
    }

    @Test("kill -9 at random moments, 50 times: every acknowledged record is there exactly once")
    func killStorm() throws {
        let dir = Self.newStore()
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var acknowledged = 0
        var found = 0
        var seen = Set<String>()
        for round in 0..<50 {
            let writer = Writer(store: dir.path)
            try writer.start()
            let lines = (0..<2500).map { "note ada k\(round)-\($0)" }
            let feeder = Thread { writer.feed(lines, burst: 20, pauseMicroseconds: 3000) }
            feeder.start()
            let delay = UInt32.random(in: 30_000...600_000, using: &generator)
            usleep(delay)
            kill(writer.process.processIdentifier, SIGKILL)
            kills += 1
            writer.closeInput()
            _ = writer.wait()
            while !feeder.isFinished { usleep(1000) }
            let acks = writer.lines.filter { $0.contains(#""ok":true"#) }
            acknowledged += acks.count
            if ProcessInfo.processInfo.environment["CANDE_TEST_VERBOSE"] != nil {
                print("round \(round): killed after \(delay / 1000) ms, \(acks.count) acknowledged")
            }
            // The store opens (repairing a torn end if the kill left one) and holds every acknowledged note once.
            let store = try FileStore(path: dir.path)
            let notes = try StoreFiles.notes(store)
            // Now and then a compaction, so that writers start from a snapshot too.
            if round % 5 == 4 { try store.compact() }
            let ours = notes.filter { $0.hasPrefix("k\(round)-") }
            #expect(Set(ours).count == ours.count, "a note appears twice in round \(round)")
            for k in 0..<acks.count {
                #expect(ours.contains("k\(round)-\(k)"), "round \(round): acknowledged note \(k) is missing")
            }
            found += min(ours.count, acks.count)
            #expect(seen.isDisjoint(with: ours))
            seen.formUnion(ours)
        }
        print(
            "kill-storm: \(kills) kills, \(acknowledged) acknowledged records, \(found) of them found, \(seen.count) notes in the store"
        )
        #expect(kills >= 50)
        #expect(acknowledged > 0)
        #expect(found == acknowledged)
    }

    @Test("4 writers × 1,000 records at once: 4,000 records, gapless sequences, each writer's order kept")
    func concurrentWriters() throws {
        let dir = Self.newStore()
        let writers = (0..<4).map { _ in Writer(store: dir.path) }
        for writer in writers { try writer.start() }
        let feeders = writers.enumerated().map { k, writer in
            Thread {
                writer.feed((0..<1000).map { "note ada w\(k)-\($0)" }, burst: 5, pauseMicroseconds: 5000)
                writer.closeInput()
            }
        }
        feeders.forEach { $0.start() }
        for writer in writers { #expect(writer.wait() == 0) }
        let records = journalRecords(dir.path)
        let seqs = records.compactMap { $0["seq"] as? Int }
        #expect(seqs == Array(1...seqs.count), "sequences are not 1…N without gaps")
        var order: [Int: [Int]] = [:]
        for record in records {
            guard let text = record["text"] as? String, text.hasPrefix("w") else { continue }
            let parts = text.dropFirst().split(separator: "-").compactMap { Int($0) }
            order[parts[0], default: []].append(parts[1])
        }
        #expect(order.values.map(\.count).reduce(0, +) == 4000)
        for k in 0..<4 { #expect(order[k] == Array(0..<1000), "writer \(k)'s order") }
        // The writers really interleaved (they did not run one after the other).
        let writerSequence = records.compactMap { ($0["text"] as? String)?.dropFirst().first }
        let switches = zip(writerSequence, writerSequence.dropFirst()).filter { $0 != $1 }.count
        print("concurrent-writers: 4000 records, \(switches) switches between writers")
        #expect(switches > 3)
    }

    @Test("8 writers × 200 notes on one candidate while another process compacts: all 1,600 notes present")
    func noLostUpdates() throws {
        let dir = Self.newStore()
        let stop = dir.path + ".stop"
        let compactor = Process()
        compactor.executableURL = URL(fileURLWithPath: "/bin/sh")
        compactor.arguments = [
            "-c",
            "n=0; while [ ! -f '\(stop)' ]; do '\(Cande.binary)' -c compact >/dev/null || exit 1; n=$((n+1)); done; echo $n",
        ]
        compactor.environment = Cande.environment(store: dir.path, user: "compactor", now: nil)
        let compactions = Pipe()
        compactor.standardOutput = compactions
        try compactor.run()
        let writers = (0..<8).map { Writer(store: dir.path, user: "w\($0)") }
        for writer in writers { try writer.start() }
        let feeders = writers.enumerated().map { k, writer in
            Thread {
                writer.feed((0..<200).map { "note ada p\(k)-\($0)" }, burst: 5, pauseMicroseconds: 2000)
                writer.closeInput()
            }
        }
        feeders.forEach { $0.start() }
        for writer in writers { #expect(writer.wait() == 0) }
        #expect(FileManager.default.createFile(atPath: stop, contents: Data()))
        compactor.waitUntilExit()
        try? FileManager.default.removeItem(atPath: stop)
        #expect(compactor.terminationStatus == 0)
        let count =
            Int(
                String(decoding: compactions.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let notes = try StoreFiles.notes(FileStore(path: dir.path))
        let expected = Set((0..<8).flatMap { k in (0..<200).map { "p\(k)-\($0)" } })
        print("lost-update: \(notes.count) notes, \(count) compactions meanwhile")
        #expect(notes.count == 1600)
        #expect(Set(notes) == expected)
        #expect(count > 0)
    }

    @Test("a writer killed while holding the lock never blocks the next one")
    func killedLockHolder() throws {
        let dir = Self.newStore()
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        // The writers' lock is a flock of the store directory itself.
        holder.arguments = ["--no-fork", "-x", dir.path, "sleep", "60"]
        try holder.run()
        usleep(300_000)
        // While it holds the lock, a writer waits.
        let blocked = Writer(store: dir.path, arguments: ["--json", "-c", "note ada while locked"])
        try blocked.start()
        usleep(500_000)
        #expect(blocked.process.isRunning, "the writer did not wait for the lock")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let started = Date()
        #expect(blocked.wait() == 0)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(try StoreFiles.notes(FileStore(path: dir.path)) == ["while locked"])
    }
}
