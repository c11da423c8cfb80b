import Conversation
import Foundation
import Store
import TestSupport
import Testing

@Suite("export json")
struct ExportJSONTests {
    @Test("one document Foundation parses, with what the test put in the store")
    func wholeStore() throws {
        let dir = TemporaryDirectory("cande-json")
        let storePath = dir.file("store")
        let env = Cande.environment(store: storePath)
        let note = "Strong systems design, \"push\" for the offer — ✎\nsecond line"
        let setup = [
            "add \"Ada Lovelace\" email:ada@example.org role:\"Backend Engineer\" tags:senior,berlin",
            "add \"Zoë Müller\" source:referral",
            "add \"Cy Young\"",
            "log ada in via:email Hi! Any news?",
            "log ada out via:phone Decision by Friday.",
            "note zoe \(note.replacingOccurrences(of: "\n", with: " "))",
            "stage ada offer",
            "log cy in Hello",
        ]
        let added = Cande.run(setup.flatMap { ["-c", $0] }, environment: env)
        #expect(added.status == 0, "\(added.stderr)")
        // Entries the commands above make: 3 messages, 1 note, 1 stage change.
        let entryKinds = ["message": 3, "note": 1, "stage": 1]
        do {
            let store = try FileStore(path: storePath)
            let start = Instant(seconds: 1_796_220_000)
            _ = try store.commit(by: "maria", at: Instant(seconds: 1_796_100_000)) {
                .schedule(
                    MeetingDraft(
                        id: $0.nextID, handle: "ada-lovelace", kind: .talk, with: "Sam Lee", role: .peer,
                        start: start, minutes: 45, place: "video"))
            }
        }

        let result = Cande.run(["-c", "export json"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines.count == 1, "one line")
        let document = try #require(parseJSON(result.stdout) as? [String: Any])
        #expect(document["cande"] as? String == "export")
        #expect(document["schema"] as? Int == 1)
        #expect(document["exported"] as? String == "2026-12-01T09:00:00Z")
        let candidates = try #require(document["candidates"] as? [[String: Any]])
        let entries = try #require(document["entries"] as? [[String: Any]])
        let meetings = try #require(document["meetings"] as? [[String: Any]])
        #expect(Set(candidates.compactMap { $0["handle"] as? String }) == ["ada-lovelace", "zoe-muller", "cy-young"])
        #expect(entries.count == entryKinds.values.reduce(0, +))
        var kinds: [String: Int] = [:]
        for e in entries { kinds[e["kind"] as? String ?? "?", default: 0] += 1 }
        #expect(kinds == entryKinds)
        #expect(meetings.count == 1)

        let ada = try #require(candidates.first { $0["handle"] as? String == "ada-lovelace" })
        #expect(ada["email"] as? String == "ada@example.org")
        #expect(ada["role"] as? String == "Backend Engineer")
        #expect(ada["tags"] as? [String] == ["senior", "berlin"])
        #expect(ada["stage"] as? String == "offer")
        #expect((ada["stages"] as? [[String: Any]])?.compactMap { $0["stage"] as? String } == ["applied", "offer"])
        #expect(candidates.first { $0["handle"] as? String == "zoe-muller" }?["source"] as? String == "referral")
        let noteEntry = entries.first { $0["kind"] as? String == "note" }
        #expect(
            noteEntry?["text"] as? String == note.replacingOccurrences(of: "\n", with: " "),
            "notes are in the team's export")
        #expect(noteEntry?["handle"] as? String == "zoe-muller")
        #expect(entries.contains { $0["text"] as? String == "Hi! Any news?" && $0["dir"] as? String == "in" })
        #expect(meetings.first?["with"] as? String == "Sam Lee")
        #expect(meetings.first?["start"] as? String == isoUTC(1_796_220_000))
        #expect(meetings.first?["by"] as? String == "maria")
        let ids = entries.compactMap { $0["id"] as? Int }
        #expect(ids == ids.sorted(), "entries in id order")
    }

    @Test("FILTER selects candidates and their entries and meetings; to a file with a --json receipt")
    func filteredToFile() throws {
        let dir = TemporaryDirectory("cande-json")
        let env = Cande.environment(store: dir.file("store"))
        let setup = ["add Ann stage:offer", "add Bob", "note ann for ann", "note bob for bob", "note bob again"]
        #expect(Cande.run(setup.flatMap { ["-c", $0] }, environment: env).status == 0)
        let file = dir.file("offer.json")
        let result = Cande.run(["--json", "-c", "export json \(file) stage:offer"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let receipt = parseJSON(result.stdout) as? [String: Any]
        #expect(receipt?["ok"] as? Bool == true)
        #expect(receipt?["candidates"] as? Int == 1)
        #expect(receipt?["entries"] as? Int == 1)
        let data = try #require(FileManager.default.contents(atPath: file))
        #expect(receipt?["bytes"] as? Int == data.count)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((document["candidates"] as? [[String: Any]])?.compactMap { $0["handle"] as? String } == ["ann"])
        #expect((document["entries"] as? [[String: Any]])?.compactMap { $0["text"] as? String } == ["for ann"])
        #expect(document["filtered"] as? Bool == true)
    }
}
