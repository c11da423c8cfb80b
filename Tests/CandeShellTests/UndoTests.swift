import Foundation
import TestSupport
import Testing

@Suite("undo")
struct UndoTests {
    final class Shop {
        let dir = TemporaryDirectory("undo")
        func env(_ user: String) -> [String: String] { Cande.environment(store: dir.path, user: user) }

        @discardableResult
        func run(_ command: String, as user: String = "rita") -> RunResult {
            Cande.run(["--json", "-c", command], environment: env(user))
        }

        /// Everything a user can see of the store, as JSON text.
        func view() -> String {
            ["list", "show ada", "history ada", "agenda 2026-11-01..2027-06-01"].map { run($0).stdout }.joined()
        }
    }

    @Test(
        "each kind of change is undone, leaving the views as they were; twice in a row works",
        arguments: [
            ["edit ada role:\"Staff Engineer\" tags:+urgent"], ["log ada in Hi there"], ["note ada Strong systems"],
            ["stage ada offer"], ["reject ada reason:\"Not now\""], ["withdraw ada"], ["hire ada start:2026-12-07"],
            ["ask ada via:email"], ["feedback ada rating:5 Lovely"],
            [#"talk ada with:Sam as:peer at:"tomorrow 10:00""#],
            ["checkin ada at:\"tomorrow 11:00\""], ["note ada one", "log ada out two"],
            ["stage ada offer", "stage ada assessment"],
        ])
    func eachKind(_ commands: [String]) throws {
        let shop = Shop()
        #expect(shop.run(#"add "Ada Lovelace" email:ada@example.org role:"Backend Engineer""#).status == 0)
        #expect(shop.run(#"talk ada with:Kim as:manager at:"tomorrow 16:00""#).status == 0)
        let before = shop.view()
        for command in commands { #expect(shop.run(command).status == 0, "\(command)") }
        #expect(shop.view() != before, "\(commands) changed nothing visible")
        for _ in commands {
            let undo = shop.run("undo")
            #expect(undo.status == 0, "\(undo.stderr)")
            #expect((parseJSON(undo.stdout) as? [String: Any])?["ok"] as? Bool == true)
        }
        #expect(shop.view() == before, "\(commands)")
        // The journal keeps every record: the changes and their undoing.
        let journal = StoreFiles.all(shop.dir.path).first { $0.key.hasPrefix("journal-") }!.value
        let ops = journal.split(separator: 0x0A).compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any]
        }
        .compactMap { $0["op"] as? String }
        #expect(ops.filter { $0 == "undo" }.count == commands.count)
    }

    @Test("meeting changes are undone: done, cancel, move")
    func meetingChanges() throws {
        let shop = Shop()
        #expect(shop.run(#"add "Ada Lovelace""#).status == 0)
        let talk = try #require(
            parseJSON(shop.run(#"talk ada with:Sam as:peer at:"today 15:00""#).stdout) as? [String: Any])
        let id = talk["id"] as! Int
        // An undo is a new version for a calendar: `changed` and `sequence` move on, the rest is back.
        func view() -> String {
            shop.view().replacing(#/"changed":"[^"]*","sequence":\d+/#, with: "")
        }
        func sequence() -> Int? {
            let agenda = parseJSON(shop.run("agenda").stdout) as? [[String: Any]]
            return agenda?.first { $0["id"] as? Int == id }?["sequence"] as? Int
        }
        var versions = 0
        for change in ["done #\(id) force:yes mood:+ Fine", "cancel #\(id)", #"move #\#(id) at:"tomorrow 12:00""#] {
            let before = view()
            #expect(shop.run(change).status == 0)
            #expect(view() != before)
            #expect(shop.run("undo").status == 0)
            #expect(view() == before, "\(change)")
            versions += 2
            #expect(sequence() == versions, "\(change)")
        }
        // Undoing the add of a candidate with later changes is refused.
        #expect(shop.run("undo").status == 0)  // the talk
        #expect(shop.run("note ada later", as: "maria").status == 0)
        let refused = shop.run("undo")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("later changes"), "\(refused.stderr)")
    }

    @Test("another user's change is never undone")
    func othersChanges() throws {
        let shop = Shop()
        #expect(shop.run(#"add "Ada Lovelace""#, as: "maria").status == 0)
        #expect(shop.run("note ada Maria's note", as: "maria").status == 0)
        let before = shop.view()
        let refused = shop.run("undo", as: "rita")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nothing of rita's left to undo"), "\(refused.stderr)")
        #expect(shop.view() == before)
        // Rita's own older change is what she undoes, not Maria's newer one; and a value Maria
        // changed since cannot be restored.
        #expect(shop.run("edit ada role:Designer", as: "rita").status == 0)
        #expect(shop.run("edit ada role:Architect", as: "maria").status == 0)
        let conflict = shop.run("undo", as: "rita")
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("changed since"), "\(conflict.stderr)")
        let show = try #require(parseJSON(shop.run("show ada").stdout) as? [String: Any])
        #expect(show["role"] as? String == "Architect")
        #expect(shop.run("undo", as: "maria").status == 0)
        let after = try #require(parseJSON(shop.run("show ada").stdout) as? [String: Any])
        #expect(after["role"] as? String == "Designer")
    }
}
