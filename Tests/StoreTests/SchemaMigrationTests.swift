import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// A store of schema 2 (snapshots without candidates' facts) opens, its facts worked out from
/// the timeline; its first write rewrites it as schema 3 with the facts in the snapshot; `jq`
/// reads every file of both.
@Suite("Schema 2 to 3")
struct SchemaMigrationTests {
    /// A compacted store, then written back as cande of schema 2 wrote it.
    static func oldStore() throws -> TemporaryDirectory {
        let dir = TemporaryDirectory("cande-schema2")
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
        #expect(snapshot.contains(#""facts":{"#))
        var lines: [String] = []
        for line in snapshot.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix(#"{"snapshot":{"#) {
                // The header object is sealed on its own: `{"snapshot":HEADER,`.
                let header = String(line.dropFirst(#"{"snapshot":"#.count).dropLast())
                let body = String(header.replacing(#""schema":3"#, with: #""schema":2"#).dropLast(26))
                lines.append(#"{"snapshot":"# + reframe(body) + ",")
            } else if line.hasPrefix(#"{"handle""#) {
                let comma = line.hasSuffix(",")
                let object = comma ? String(line.dropLast()) : line
                let body = String(object.replacing(/,"facts":\{[^}]*\}/, with: "").dropLast(26))
                lines.append(reframe(body) + (comma ? "," : ""))
            } else {
                lines.append(line)
            }
        }
        let old = lines.joined(separator: "\n")
        #expect(!old.contains("facts") && old.contains(#""schema":2"#))
        try old.write(toFile: dir.file(snapshotName), atomically: false, encoding: .utf8)
        let size = old.utf8.count
        let pointer = String(
            current.replacing(#""schema":3"#, with: #""schema":2"#)
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

    @Test func anOldStoreOpensAndItsFirstWriteMigrates() throws {
        let dir = try Self.oldStore()
        Self.jqReadsEveryFile(dir)
        let opened = try FileStore(path: dir.path)
        #expect(opened.readOnlyReason == nil)
        // The facts are worked out from the timeline (which it then has in memory).
        #expect(opened.state.staleFacts.isEmpty)
        let ada = try #require(opened.state.candidate(handle: "ada"))
        let bob = try #require(opened.state.candidate(handle: "bob"))
        #expect(ada.facts.contact.isWaiting && ada.facts.replySeconds.isEmpty)
        #expect(!bob.facts.contact.isWaiting && bob.facts.replySeconds == [60])
        #expect(ada.facts.comparable == opened.state.facts()[0])
        // Reading wrote nothing.
        #expect(try String(contentsOfFile: dir.file("CURRENT"), encoding: .utf8).contains(#""schema":2"#))

        var s = Script(opened)
        s.clock = Instant(seconds: 1_764_590_000)
        try s.note("ada", "after the upgrade")
        let current = try String(contentsOfFile: dir.file("CURRENT"), encoding: .utf8)
        #expect(current.contains(#""schema":3"#), "\(current)")
        let generation = try #require(current.firstMatch(of: /"generation":(\d+)/)).1
        let snapshot = try String(contentsOfFile: dir.file("snapshot-\(generation).json"), encoding: .utf8)
        #expect(snapshot.contains(#""schema":3"#) && snapshot.contains(#""facts":{"#))
        Self.jqReadsEveryFile(dir)
        // A one-shot reader of the new store has the facts without the timeline.
        let oneShot = try FileStore(path: dir.path)
        #expect(!oneShot.state.timelineComplete)
        #expect(oneShot.state.candidate(handle: "ada")?.facts.contact.isWaiting == true)
        #expect(oneShot.state.candidate(handle: "bob")?.facts.replySeconds == [60])
    }
}
