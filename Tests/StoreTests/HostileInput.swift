import Conversation
import Foundation
import TestSupport
import Testing

@testable import Store

/// Builds hostile store content for the tests: lines with a valid `sum` (the checksum catches
/// accidents, not an adversary) holding what cande never writes.
enum Hostile {
    /// `depth` arrays inside each other: `[[[…]]]`.
    static func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    /// The object `body` (everything before `,"sum"`) closed with its sum, as the store seals.
    static func sealed(_ body: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.bytes = Array(body.utf8)
        Framing.sealRaw(&writer)
        return writer.bytes
    }

    /// Rewrites the one line of `name` that starts with `marker`: `edit` gets its object without
    /// the sum (and without the `{"snapshot":` prefix or a separating comma, which are kept), and
    /// the line is sealed again.
    static func editLine(
        _ dir: TemporaryDirectory, _ name: String, startingWith marker: String, _ edit: (inout String) -> Void
    ) {
        let data = FileManager.default.contents(atPath: dir.file(name))!
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        let matching = lines.indices.filter { lines[$0].hasPrefix(marker) }
        #expect(matching.count == 1, "one line of \(name) starts with \(marker)")
        guard let k = matching.first else { return }
        var line = lines[k]
        var prefix = ""
        for known in [#"{"snapshot":"#, #""digest":"#] where line.hasPrefix(known) {
            prefix = known
            line.removeFirst(prefix.count)
        }
        let comma = line.hasSuffix(",")
        if comma { line.removeLast() }
        var body = String(line.dropLast(Framing.suffixLength))
        edit(&body)
        lines[k] = prefix + String(decoding: sealed(body), as: UTF8.self) + (comma ? "," : "")
        write(dir, name, Data(lines.joined(separator: "\n").utf8))
    }

    /// Puts the current sizes of the snapshot and entries files into `CURRENT`, so that only the
    /// edited line is wrong.
    /// `keepLineStarts`: leave the digest line's `lines` as they are (a test of wrong ones).
    static func updatePointer(_ dir: TemporaryDirectory, keepLineStarts: Bool = false) throws {
        var pointer = try StorePointer.decode(Array(FileManager.default.contents(atPath: dir.file("CURRENT"))!))
        // The snapshot header's `candidatesAt` and `offsetsAt` follow an edit before their sections.
        for _ in 0..<3 {
            let text = String(
                decoding: FileManager.default.contents(atPath: dir.file(pointer.snapshotName))!, as: UTF8.self)
            guard text.contains(#""offsetsAt":"#) else { break }
            func start(_ opening: String) -> Int {
                let section = text.range(of: "\n" + opening + "\n")!
                return text.utf8.distance(from: text.startIndex, to: section.lowerBound) + 1
            }
            let candidates = start(#""candidates":["#)
            let offsets = start(#""offsets":["#)
            // Where each candidate line starts within its section, as the digest line says.
            let section = Array(text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: candidates)...])
            var starts: [Int] = []
            var at = section.firstIndex(of: 0x0A)! + 1
            while section[at] != 0x5D {
                starts.append(at)
                at = section[at...].firstIndex(of: 0x0A)! + 1
            }
            let lines = starts.map(String.init).joined(separator: ",")
            if !keepLineStarts {
                editLine(dir, pointer.snapshotName, startingWith: #""digest":"#) { body in
                    body = body.replacing(/"lines":\[[^\]]*\]/, with: #""lines":[\#(lines)]"#)
                }
            }
            editLine(dir, pointer.snapshotName, startingWith: #"{"snapshot":"#) { body in
                body = body.replacing(/"candidatesAt":\d+/, with: "\"candidatesAt\":\(candidates)")
                    .replacing(/"offsetsAt":\d+/, with: "\"offsetsAt\":\(offsets)")
            }
        }
        pointer.snapshotBytes = Int64(FileManager.default.contents(atPath: dir.file(pointer.snapshotName))!.count)
        pointer.entriesBytes = Int64(FileManager.default.contents(atPath: dir.file(pointer.entriesName))!.count)
        write(dir, "CURRENT", Data(pointer.encoded()))
    }

    static func write(_ dir: TemporaryDirectory, _ name: String, _ data: Data) {
        #expect(throws: Never.self) { try data.write(to: URL(fileURLWithPath: dir.file(name))) }
    }

    /// What opening and reading the store says is wrong with it, through every path that
    /// decodes: opening, each candidate, each candidate's timeline, meetings' ends, the whole
    /// timeline; a store that reads clean must then take a change. "" if nothing is wrong.
    static func damage(_ dir: TemporaryDirectory) -> String {
        let store: FileStore
        do {
            store = try FileStore(path: dir.path)
        } catch {
            return "\(error)"
        }
        var problems: [String] = []
        if let reason = store.readOnlyReason { problems.append(reason) }
        for k in store.state.candidates.indices { _ = store.state.candidates[k].name }
        if let reason = store.readOnlyReason { problems.append(reason) }
        for k in store.state.candidates.indices {
            do throws(StoreError) {
                try store.loadTimeline(of: Int32(k))
            } catch {
                problems.append("\(error)")
            }
        }
        _ = store.state.meetings.map(\.end)
        do throws(StoreError) {
            try store.loadTimeline()
        } catch {
            problems.append("\(error)")
        }
        if problems.isEmpty {
            do {
                _ = try store.commit(by: "rita", at: Instant(seconds: 1_796_115_600)) { _ in
                    .add([CandidateDraft(handle: "one-more", name: "One More")])
                }
            } catch {
                problems.append("\(error)")
            }
        }
        return problems.joined(separator: "\n")
    }
}
