import Foundation
import TestSupport
import Testing

/// `find TEXT` through the search index a generation switch writes (`search-N.idx`): exactly the
/// hits, order, excerpts and JSON of the in-memory search over the whole timeline (what `find`
/// does when the index is missing), with entries added, undone and corrected since the index was
/// written, and whatever the index's damage.
@Suite("find with the search index")
struct FindIndexTests {
    /// Phase one, before `compact` (ids in comments). Texts in both Unicode normal forms, ß and
    /// SS, Greek, a multi-line mail, asks and feedback, a correction, a time given with `at:`.
    static let before = [
        #"add "Ada Lovelace" owner:rita"#, #"add "Zoë Müller" owner:maria"#, #"add "Bob Stone" owner:rita"#,
        "log ada in via:email at:2026-11-20T10:00 Herr Müller lives on the STRASSE 5",  // 1
        "note zoe Die Straße ist lang",  // 2
        "log zoe in via:email <<MAIL\nHello Rita,\nthe offer for Straße is fine\nsigned quokka\nMAIL",  // 3
        "note bob ΣΟΦΟΣ met Nguye\u{302}\u{303}n today",  // 4: NFD
        "ask bob via:email How was the quokka interview?",  // 5
        "feedback bob rating:4 recommend:yes The quokka task was fun",  // 6
        "note ada Start in March, quokka",  // 7
        #"edit #7 text:"Start in April, quokka""#,  // 8: corrected before the index
        "note zoe a quokka note to forget",  // 9
        "log bob in at:2026-11-25T08:00 Nguyễn asked about the quokka offer",  // 10: NFC
        #"note ada He said "quokka" twice"#,  // 11
        "log ada in Will start in May, quokka",  // 12
        "note bob undone later quokka",  // 13
        "compact",
        // A new generation without #9: the index is written again.
        "forget #9",
    ]

    /// Phase two, after the index was written: undo #13 (a snapshot entry), correct #12, and a
    /// journal tail.
    static let after = [
        "undo",
        #"edit #12 text:"Will start in June, quokka""#,  // 14
        "log ada in a tail quokka after the index",  // 15
        "note zoe tail note on the STRASSE",  // 16
    ]

    static let queries = [
        "quokka", "QUOKKA", "straße", "STRASSE", "strasse 5", "nguyễn", "Nguye\u{302}\u{303}n", "σοφος", "march",
        "april", "may", "june", "undone later", "to forget", "tail", "hello rita", "signed", "quokka kind:note",
        "quokka owner:rita", "straße owner:maria", #"'said "quokka"'"#, "quokka kind:feedback", "quokka dir:in",
    ]

    static let store: TemporaryDirectory = {
        let dir = TemporaryDirectory("find-index")
        for phase in [before, after] {
            let result = Cande.run(
                ["--yes"], stdin: phase.joined(separator: "\n"), environment: Cande.environment(store: dir.path))
            precondition(result.status == 0, result.stderr)
        }
        return dir
    }()

    /// A copy of the store, changed by `damage` (given the index file's path).
    static func copy(_ damage: (String) throws -> Void) throws -> TemporaryDirectory {
        let copy = TemporaryDirectory("find-index-copy")
        for (name, data) in StoreFiles.all(store.path) {
            #expect(FileManager.default.createFile(atPath: copy.file(name), contents: data))
        }
        try damage(copy.file("search-2.idx"))
        return copy
    }

    static func find(_ dir: TemporaryDirectory, _ query: String, json: Bool = false) -> RunResult {
        Cande.run((json ? ["--json"] : []) + ["-c", "find \(query)"], environment: Cande.environment(store: dir.path))
    }

    func ids(_ query: String) throws -> [Int] {
        let result = Self.find(Self.store, query, json: true)
        #expect(result.status == 0, "\(result.stderr)")
        let hits = try #require(parseJSON(result.stdout) as? [[String: Any]])
        return hits.map { $0["id"] as! Int }
    }

    @Test("the index is rebuilt by forget, private, and the old generation's is gone")
    func files() {
        let names = Set(StoreFiles.all(Self.store.path).keys)
        #expect(names.contains("search-2.idx") && !names.contains("search-1.idx"), "\(names)")
        #expect(StoreFiles.mode(Self.store.file("search-2.idx")) == 0o600)
    }

    @Test("what changed since the index was written: undone, corrected, forgotten, the tail")
    func changesSince() throws {
        #expect(try ids("march").isEmpty, "corrected before the index")
        #expect(try ids("april") == [7])
        #expect(try ids("may").isEmpty, "corrected after the index: the old text no longer matches")
        #expect(try ids("june") == [12])
        #expect(try ids("undone later").isEmpty)
        #expect(try ids("to forget").isEmpty)
        #expect(try ids("tail") == [15, 16])
        // By time: #1 and #10 were logged with an earlier at:.
        #expect(try ids("quokka") == [10, 3, 5, 6, 7, 11, 12, 15])
        #expect(try ids("strasse") == [1, 2, 3, 16])
        #expect(try ids("nguyễn") == [10, 4])
        #expect(try ids("quokka kind:note") == [7, 11])
        #expect(try ids("quokka owner:rita") == [10, 5, 6, 7, 11, 12, 15])
    }

    @Test("the same output as the search of the whole timeline, text and JSON, one find at a time")
    func sameAsTimeline() throws {
        let timeline = try Self.copy { try FileManager.default.removeItem(atPath: $0) }
        for query in Self.queries {
            for json in [false, true] {
                let indexed = Self.find(Self.store, query, json: json)
                let reference = Self.find(timeline, query, json: json)
                #expect(indexed.status == 0 && reference.status == 0, "\(query): \(indexed.stderr)")
                #expect(indexed.stdout == reference.stdout, "\(query)")
                #expect(indexed.stderr.isEmpty, "\(query): \(indexed.stderr)")
                #expect(reference.stderr.contains("search-2.idx is missing"), "\(reference.stderr)")
            }
        }
    }

    @Test("the same output when one process runs many finds (the index read once)")
    func sameInOneSession() throws {
        let timeline = try Self.copy { try FileManager.default.removeItem(atPath: $0) }
        let commands = Self.queries.flatMap { ["-c", "find \($0)"] }
        let indexed = Cande.run(commands, environment: Cande.environment(store: Self.store.path))
        let reference = Cande.run(commands, environment: Cande.environment(store: timeline.path))
        #expect(indexed.status == 0, "\(indexed.stderr)")
        #expect(indexed.stdout == reference.stdout)
        #expect(indexed.stdout.contains("«quokka»"))
        let warnings = reference.stderrLines.filter { $0.contains("search index") }
        #expect(warnings.count == 1, "warned once: \(reference.stderr)")
    }

    @Test(
        "a damaged index gives the same results and a warning",
        arguments: ["magic", "header", "texts", "rows", "last", "truncated", "longer", "empty"])
    func damaged(_ how: String) throws {
        let copy = try Self.copy { path in
            var data = try #require(FileManager.default.contents(atPath: path))
            switch how {
            case "magic": data[0] ^= 0x20
            case "header": data[33] ^= 0x01  // the count of texts
            case "texts": data[80] ^= 0x01
            case "rows": data[data.count - 40] ^= 0x04
            case "last": data[data.count - 1] ^= 0x01
            case "truncated": data = data.prefix(data.count / 2)
            case "longer": data.append(0)
            default: data = Data()
            }
            #expect(FileManager.default.createFile(atPath: path, contents: data))
        }
        for query in ["quokka", "straße", "june"] {
            let good = Self.find(Self.store, query, json: true)
            let result = Self.find(copy, query, json: true)
            #expect(result.status == 0, "\(how): \(result.stderr)")
            #expect(result.stdout == good.stdout, "\(how): \(query)")
            #expect(result.stderr.contains("search-2.idx is not usable"), "\(how): \(result.stderr)")
        }
    }
}
