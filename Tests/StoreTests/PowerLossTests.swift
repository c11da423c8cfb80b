import Foundation
import TestSupport
import Testing

/// Simulated power loss: every file-system change cande makes is recorded (recorder.c, loaded
/// with LD_PRELOAD), the store is rebuilt as of every crash point under the loss models of
/// replay.py (only fsynced data; any subset of unsynced pages; directory changes not yet durable
/// undone or kept), and each state must open writable, hold every acknowledged change and hold
/// nothing of a candidate whose `forget` was acknowledged.
@Suite("Power loss at every crash point", .serialized)
struct PowerLossTests {
    static let filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt"

    static func notes(_ handle: String, _ prefix: String, _ count: Int, long: Bool = false) -> [PowerLossCommand] {
        (1...count).map { .note(handle, "marker-\(prefix)\($0)", long ? filler + " " + filler : "") }
    }

    static let ada = PowerLossCommand.add(
        "ada", #""Ada Lovelace" email:ada@example.org phone:"+44 20 7946 0000""#)
    static let grace = PowerLossCommand.add(
        "grace-hopper", #""Grace Hopper" email:grace@example.org phone:"+1 202 555 0100""#)

    /// What no file may hold once Grace's `forget` is acknowledged (her handle is kept out of other
    /// candidates' texts: `forget` leaves it there today, which is not a power-loss matter).
    static let graceSecrets = ["Grace Hopper", "grace@example.org", "+1 202 555 0100", "grace-hopper"]

    /// Single writes, each its own process; cande creates the store directory itself.
    static func singleWrites(_ library: String) -> PowerLossRecorder {
        let w = PowerLossRecorder(name: "single writes", library: library, storeExists: false)
        w.run([ada])
        for k in 1...10 { w.run([.note("ada", "marker-s\(k)")]) }
        w.run([.note("ada", "marker-s11", filler), .note("ada", "marker-s12", filler)])
        return w
    }

    /// Batch groups: standard input in bursts (one fsync per group), and one large group.
    static func batchGroups(_ library: String) -> PowerLossRecorder {
        let w = PowerLossRecorder(name: "batch groups", library: library)
        w.run([ada])
        w.run(notes("ada", "g", 120, long: true), input: .stdin(burst: 12, pauseMilliseconds: 200))
        w.run(notes("ada", "h", 150, long: true), input: .stdin(burst: 150, pauseMilliseconds: 0))
        return w
    }

    /// Compaction between writes, twice.
    static func compaction(_ library: String) -> PowerLossRecorder {
        let w = PowerLossRecorder(name: "compaction", library: library)
        w.run([ada, grace])
        w.run(notes("ada", "c", 12), input: .stdin(burst: 12, pauseMilliseconds: 0))
        w.run([.compact])
        w.run(notes("grace-hopper", "d", 12), input: .stdin(burst: 6, pauseMilliseconds: 150))
        w.run([.compact])
        w.run([.note("ada", "marker-e1"), .note("grace-hopper", "marker-e2")])
        return w
    }

    /// Forget: two candidates whose notes mention each other, part in a snapshot, part in the journal.
    static func forget(_ library: String) -> PowerLossRecorder {
        let w = PowerLossRecorder(name: "forget", library: library)
        w.run([ada, grace])
        w.run(
            [
                .note("ada", "marker-f1", "met Grace Hopper at the meetup"),
                .note("ada", "marker-f2", "wrote to GRACE@EXAMPLE.ORG and called +1 202 555 0100"),
                .note("grace-hopper", "marker-f3", "knows Ada Lovelace (ada@example.org)"),
            ], input: .stdin(burst: 3, pauseMilliseconds: 0))
        w.run([.compact])
        w.run([
            .note("grace-hopper", "marker-f4", "second talk"), .note("ada", "marker-f5", "grace hopper again"),
        ])
        w.run([.forget("grace-hopper", secrets: graceSecrets)], extra: ["--yes"])
        w.run([.note("ada", "marker-f6", "after the forget")])
        return w
    }

    /// Three writers at once, each committing many small groups.
    static func concurrentWriters(_ library: String) -> PowerLossRecorder {
        let w = PowerLossRecorder(name: "concurrent writers", library: library)
        w.run([ada, grace])
        w.together(
            (1...3).map { k in notes(k == 2 ? "grace-hopper" : "ada", "w\(k)-", 40, long: k == 3) },
            input: .stdin(burst: 4, pauseMilliseconds: 20))
        return w
    }

    /// Recovery: a torn record (as a crash mid-write leaves it) is set aside by the next writer,
    /// and a later `forget` scrubs it from the quarantine file.
    static func recovery(_ library: String) -> PowerLossRecorder {
        let w = PowerLossRecorder(name: "torn tail recovery", library: library)
        w.run([ada, grace])
        w.run(notes("ada", "r", 3), input: .stdin(burst: 3, pauseMilliseconds: 0))
        let torn =
            #"{"seq":99,"ts":"2026-12-01T09:00:00Z","by":"rita","op":"note","id":9,"c":"grace-hopper","text":"Grace Hopper torn"#
        let append = """
            import os, sys
            fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND)
            os.write(fd, sys.argv[2].encode())
            os.fsync(fd)
            """
        w.runTool(PowerLossReplayer.python() ?? "/usr/bin/python3", ["-c", append, w.store + "/journal-0.jsonl", torn])
        w.run([.note("ada", "marker-r4")])
        w.run([.note("grace-hopper", "marker-r5")])
        w.run([.forget("grace-hopper", secrets: graceSecrets)], extra: ["--yes"])
        w.run([.note("ada", "marker-r6")])
        return w
    }

    @Test("every crash state opens writable, keeps every acknowledged change, keeps nothing forgotten")
    func powerLoss() throws {
        let scratch = TemporaryDirectory("cande-powerloss")
        let library: String
        switch PowerLossReplayer.buildRecorder(in: scratch) {
        case .success(let path): library = path
        case .failure(let error):
            Issue.record("\(error.message)")
            return
        }
        let started = Date()
        let workloads = [
            Self.singleWrites, Self.batchGroups, Self.compaction, Self.forget, Self.concurrentWriters, Self.recovery,
        ].map {
            $0(library)
        }
        for failure in workloads.flatMap(\.failures) { Issue.record("workload: \(failure)") }
        let report = try PowerLossReplayer.replay(workloads, scratch: scratch)
        let seconds = Date().timeIntervalSince(started)
        let verbose = ProcessInfo.processInfo.environment["CANDE_TEST_VERBOSE"] != nil
        for (figures, workload) in zip(report.workloads, workloads) {
            print(Self.line("power-loss, \(figures.name)", figures, workloads: nil))
            let commands = workload.processes.map(\.expectations.count).reduce(0, +)
            #expect(
                figures.acknowledged == commands,
                "\(figures.name): the recorder saw \(figures.acknowledged) acknowledgments of \(commands)")
            Self.report(figures.failures, of: figures.name, all: verbose)
        }
        var total = report.workloads[0]
        for f in report.workloads.dropFirst() {
            total.events += f.events
            total.crashPoints += f.crashPoints
            total.crashStates += f.crashStates
            total.acknowledgedChecked += f.acknowledgedChecked
            total.lost += f.lost
            total.readOnly += f.readOnly
            total.forgottenFound += f.forgottenFound
            total.models.merge(f.models, uniquingKeysWith: +)
        }
        total.distinctStates = report.storesOpened
        print(Self.line("power-loss", total, workloads: report.workloads.count) + String(format: " (%.0f s)", seconds))
        print(
            "power-loss: crash states by loss model: "
                + total.models.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        #expect(total.crashStates > 500)
        #expect(total.acknowledgedChecked > 5000)
        #expect(total.lost == 0, "acknowledged changes lost")
        #expect(total.readOnly == 0, "crash states that do not open writable")
        #expect(total.forgottenFound == 0, "crash states with a forgotten candidate's data")
    }

    /// `power-loss: 6 workloads, 4,312 crash states, 12,977 acknowledged changes checked, 0 lost, …`
    static func line(_ label: String, _ f: PowerLossReplayer.Figures, workloads: Int?) -> String {
        let count = { (n: Int) in n.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US"))) }
        return "\(label): " + (workloads.map { "\($0) workloads, " } ?? "")
            + "\(count(f.crashStates)) crash states, \(count(f.acknowledgedChecked)) acknowledged changes checked, "
            + "\(count(f.lost)) lost, \(count(f.readOnly)) opened read-only (or not at all), "
            + "\(count(f.forgottenFound)) forgotten data found (\(count(f.events)) events, "
            + "\(count(f.crashPoints)) crash points, \(count(f.distinctStates)) distinct stores opened)"
    }

    /// One issue per kind of failure and loss model, with its first crash state; every one when verbose.
    static func report(_ failures: [PowerLossReplayer.Failure], of workload: String, all: Bool) {
        var groups: [String: [PowerLossReplayer.Failure]] = [:]
        var order: [String] = []
        for failure in failures {
            let key = "\(failure.kind) under \(failure.model)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(failure)
        }
        for key in order {
            let list = groups[key]!
            let points = Set(list.map(\.point)).sorted()
            for f in all ? list : [list[0]] {
                Issue.record(
                    Comment(
                        rawValue: "\(workload): \(key): \(list.count) crash states at points \(Self.ranges(points)); "
                            + "e.g. point \(f.point) of \(f.of) (after \(f.after); before \(f.next)), "
                            + "state \(f.state): \(f.detail)"))
            }
        }
    }

    static func ranges(_ points: [Int]) -> String {
        var parts: [String] = []
        var k = 0
        while k < points.count {
            var j = k
            while j + 1 < points.count, points[j + 1] == points[j] + 1 { j += 1 }
            parts.append(j == k ? "\(points[k])" : "\(points[k])–\(points[j])")
            k = j + 1
        }
        return parts.count > 12 ? parts.prefix(12).joined(separator: ", ") + ", …" : parts.joined(separator: ", ")
    }
}
