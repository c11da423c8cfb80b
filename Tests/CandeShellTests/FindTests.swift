import Foundation
import TestSupport
import Testing

@Suite("find")
struct FindTests {
    static let dir: TemporaryDirectory = {
        let dir = TemporaryDirectory("find")
        let lines = [
            #"add "Ada Lovelace""#, #"add "Zoë Müller""#, #"add "Bob Stone""#,
            "log ada in via:email Herr Müller called about the role",
            "log ada out Offer letter is on its way",
            "log bob in Thanks for the great offer",
            "log bob in offer",
            "note zoe ZOË prefers mornings",
            #"note bob He said "yes" to the call"#,
            "log zoe in nothing to see here",
        ]
        let result = Cande.run(
            [], stdin: lines.joined(separator: "\n"), environment: Cande.environment(store: dir.path))
        precondition(result.status == 0, result.stderr)
        return dir
    }()

    func find(_ query: String) throws -> [[String: Any]] {
        let result = Cande.run(["--json", "-c", "find \(query)"], environment: Cande.environment(store: Self.dir.path))
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(parseJSON(result.stdout) as? [[String: Any]])
    }

    func texts(_ query: String) throws -> [String] { try find(query).map { $0["text"] as! String } }

    @Test("non-ASCII text matches whatever its case: Müller, ZOË and zoë")
    func nonASCII() throws {
        #expect(try texts("müller") == ["Herr Müller called about the role"])
        #expect(try texts("MÜLLER") == ["Herr Müller called about the role"])
        #expect(try texts("zoë") == ["ZOË prefers mornings"])
        #expect(try texts("ZOË PREFERS") == ["ZOË prefers mornings"])
    }

    @Test("matches at the very start and the very end of a text, each entry once")
    func edges() throws {
        // "Offer letter…" starts with it, "…great offer" ends with it, "offer" is all of it.
        #expect(try texts("offer") == ["Offer letter is on its way", "Thanks for the great offer", "offer"])
        #expect(try texts("herr") == ["Herr Müller called about the role"])
        #expect(try texts("mornings") == ["ZOË prefers mornings"])
    }

    @Test("no false hits in the store's JSON syntax, and quotes in texts are found as typed")
    func noJSONHits() throws {
        for query in [#"'"text"'"#, "seq", "sum", #"'":"'"#, #"'{"'"#, #"'\"'"#, "handle", "ada-lovelace"] {
            #expect(try find(query).isEmpty, "\(query) should match no text")
        }
        #expect(try texts(#"'said "yes"'"#) == [#"He said "yes" to the call"#])
    }

    @Test("filters narrow the hits; the text output marks the match")
    func filtered() throws {
        #expect(try texts("offer dir:in") == ["Thanks for the great offer", "offer"])
        #expect(try texts("offer kind:note").isEmpty)
        #expect(try find("prefers kind:note").map { $0["handle"] as! String } == ["zoe-muller"])
        let plain = Cande.run(["-c", "find müller"], environment: Cande.environment(store: Self.dir.path))
        #expect(plain.stdout.contains("Herr «Müller» called"), "\(plain.stdout)")
        #expect(plain.stdout.contains("ada-lovelace"))
    }
}
