import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// Stores of schema 2 (snapshots without candidates' facts) and 3 (facts, but no digest line and
/// the entry offsets in the candidate lines) open — a schema 2 store's facts worked out from the
/// timeline —, their first write rewrites them as schema 5, and `jq` reads every file of each.
@Suite("Older schemas to 5")
struct SchemaMigrationTests {
    /// A compacted store, then written back as cande of schema `schema` wrote it.
    static func oldStore(schema: Int) throws -> TemporaryDirectory {
        let dir = TemporaryDirectory("cande-schema\(schema)")
        let store = try FileStore(path: dir.path)
        var s = Script(store)
        try s.add("ada", name: "Ada Lovelace")
        try s.add("bob", name: "Bob Stone")
        try s.message("ada", .outbound, "How are you?")
        try s.message("ada", .inbound, "Fine, any news?")
        try s.message("bob", .inbound, "Hello")
        try s.message("bob", .outbound, "Hi Bob")
        try store.compact()
        let current = try String(contentsOfFile: dir.file("CURRENT"), encoding: .utf8)
        let generation = try #require(current.firstMatch(of: /"generation":(\d+)/)).1
        let snapshotName = "snapshot-\(generation).json"
        let snapshot = try String(contentsOfFile: dir.file(snapshotName), encoding: .utf8)
        #expect(snapshot.contains(#""facts":{"#) && snapshot.contains(#""schema":5"#))
        let all = snapshot.split(separator: "\n").map(String.init)
        // Schema 4: header, digest, meetings, undo, candidates, offsets (one line per candidate).
        // Older ones: header, candidates (with their offsets), meetings, undo closing the file.
        func section(_ opening: String) throws -> ArraySlice<String> {
            let start = try #require(all.firstIndex(of: opening))
            let end = try #require(all[start...].firstIndex { $0 == "]," || $0 == "]}" })
            return all[start...end]
        }
        let offsets = try section(#""offsets":["#).dropFirst().dropLast().compactMap {
            $0.firstMatch(of: /"at":\[([^\]]*)\]/).map { String($0.1) }
        }
        let header = String(all[0].dropFirst(#"{"snapshot":"#.count).dropLast())
        let headerBody = String(
            header.replacing(#""schema":5"#, with: #""schema":\#(schema)"#)
                .replacing(/,"offsetsAt":\d+/, with: "").replacing(/,"candidatesAt":\d+/, with: "").dropLast(26))
        var lines = [#"{"snapshot":"# + reframe(headerBody) + ","]
        var k = 0
        for line in try section(#""candidates":["#) {
            guard line.hasPrefix(#"{"handle""#) else {
                lines.append(line)
                continue
            }
            let comma = line.hasSuffix(",")
            let object = comma ? String(line.dropLast()) : line
            var body = String(object.dropLast(26))
            if schema < 3 { body = body.replacing(/,"facts":\{[^}]*\}/, with: "") }
            if !offsets[k].isEmpty { body += #","entries":[\#(offsets[k])]"# }
            k += 1
            lines.append(reframe(body) + (comma ? "," : ""))
        }
        lines += try section(#""meetings":["#)
        lines += try section(#""undo":["#)
        #expect(k == 2 && lines.last == "],")
        lines[lines.count - 1] = "]}"
        let old = lines.joined(separator: "\n") + "\n"
        #expect(!old.contains(#""digest""#) && !old.contains("offsets") && old.contains(#""schema":\#(schema)"#))
        #expect(old.contains("facts") == (schema == 3) && old.contains(#""entries":["#))
        try old.write(toFile: dir.file(snapshotName), atomically: false, encoding: .utf8)
        let size = old.utf8.count
        let pointer = String(
            current.replacing(#""schema":5"#, with: #""schema":\#(schema)"#)
                .replacing(/"snapshotBytes":\d+/, with: "\"snapshotBytes\":\(size)").dropLast(27))
        try (reframe(pointer) + "\n").write(toFile: dir.file("CURRENT"), atomically: false, encoding: .utf8)
        return dir
    }

    static func jqReadsEveryFile(_ dir: TemporaryDirectory) {
        guard let jq = ["/usr/bin/jq", "/usr/local/bin/jq"].first(where: FileManager.default.isExecutableFile)
        else {
            Issue.record("no jq: scripts/setup --tests installs it")
            return
        }
        // Every file but the search index, which is derived (binary; `compact` makes it again).
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where !name.hasSuffix(".idx")
        {
            let result = Cande.run(executable: jq, ["-c", ".", dir.file(name)], environment: [:])
            #expect(result.status == 0, "jq cannot read \(name): \(result.stderr)")
        }
    }

    static func texts(_ store: FileStore, _ candidate: Int32) -> [String] {
        store.state.timeline(of: candidate).compactMap {
            if case .entry(let e) = $0 { store.state.text(e.text, from: store.texts) } else { nil }
        }
    }

    @Test(arguments: [2, 3]) func anOldStoreOpensAndItsFirstWriteMigrates(schema: Int) throws {
        let dir = try Self.oldStore(schema: schema)
        Self.jqReadsEveryFile(dir)
        let opened = try FileStore(path: dir.path)
        #expect(opened.readOnlyReason == nil)
        // Schema 2: the facts are worked out from the timeline (which it then has in memory).
        #expect(opened.state.staleFacts.isEmpty)
        let ada = try #require(opened.state.candidate(handle: "ada"))
        let bob = try #require(opened.state.candidate(handle: "bob"))
        #expect(ada.facts.contact.isWaiting && ada.facts.replySeconds.isEmpty)
        #expect(!bob.facts.contact.isWaiting && bob.facts.replySeconds == [60])
        // Without the digest line, the digest reads the candidates.
        #expect(opened.state.digestColumns == nil)
        var rows: [Int32: DigestRow] = [:]
        opened.state.forEachDigestRow { rows[$0] = $1 }
        #expect(rows[0]?.waitingSince != nil && rows[1]?.waitingSince == nil && rows.count == 2)
        // The entry offsets come from the candidate lines.
        try opened.loadTimeline(of: 0)
        #expect(Self.texts(opened, 0) == ["How are you?", "Fine, any news?"])
        try opened.loadTimeline()
        #expect(ada.facts.comparable == opened.state.facts()[0])
        // Reading wrote nothing.
        #expect(try String(contentsOfFile: dir.file("CURRENT"), encoding: .utf8).contains(#""schema":\#(schema)"#))

        var s = Script(opened)
        s.clock = Instant(seconds: 1_764_590_000)
        try s.note("ada", "after the upgrade")
        let current = try String(contentsOfFile: dir.file("CURRENT"), encoding: .utf8)
        #expect(current.contains(#""schema":5"#), "\(current)")
        let generation = try #require(current.firstMatch(of: /"generation":(\d+)/)).1
        let snapshot = try String(contentsOfFile: dir.file("snapshot-\(generation).json"), encoding: .utf8)
        #expect(snapshot.contains(#""schema":5"#) && snapshot.contains(#""facts":{"#))
        #expect(snapshot.split(separator: "\n")[1].hasPrefix(#""digest":{"n":2,"#))
        #expect(snapshot.contains(#""offsets":["#))
        #expect(
            !snapshot.split(separator: "\n").contains { $0.hasPrefix(#"{"handle""#) && $0.contains(#""entries":"#) })
        Self.jqReadsEveryFile(dir)
        // A one-shot reader of the new store has the facts and the digest without the timeline.
        let oneShot = try FileStore(path: dir.path)
        #expect(!oneShot.state.timelineComplete)
        #expect(oneShot.state.digestColumns?.count == 2)
        #expect(oneShot.state.candidate(handle: "ada")?.facts.contact.isWaiting == true)
        #expect(oneShot.state.candidate(handle: "bob")?.facts.replySeconds == [60])
        try oneShot.loadTimeline(of: 0)
        #expect(Self.texts(oneShot, 0) == ["How are you?", "Fine, any news?", "after the upgrade"])
    }
}
