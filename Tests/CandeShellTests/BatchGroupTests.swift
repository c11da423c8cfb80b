import Foundation
import TestSupport
import Testing

/// Batch mode commits in groups; commands that rewrite the store must not lose the group.
@Suite("Group commit in batch mode")
struct BatchGroupTests {
    @Test("compact and forget in the middle of a script keep every change before and after them")
    func rewritesKeepTheGroup() throws {
        let dir = TemporaryDirectory("group")
        let env = Cande.environment(store: dir.path)
        let script = [
            "add Ada handle:ada", "note ada one", "note ada two", "compact", "note ada three", "add Bob handle:bob",
            "note bob about bob", "forget bob", "note ada four",
        ].joined(separator: "\n")
        let result = Cande.run(["--yes"], stdin: script, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let history = Cande.run(["--json", "-c", "history ada"], environment: env)
        let texts = (parseJSON(history.stdout) as? [[String: Any]])?.compactMap { $0["text"] as? String }
        #expect(texts == ["one", "two", "three", "four"])
        let list = Cande.run(["--json", "-c", "list"], environment: env)
        #expect((parseJSON(list.stdout) as? [[String: Any]])?.map { $0["handle"] as! String } == ["ada"])
    }

    @Test("output is held until the group is durable, then comes in order")
    func orderedOutput() throws {
        let dir = TemporaryDirectory("group")
        let env = Cande.environment(store: dir.path)
        let lines = ["add Ada handle:ada"] + (1...300).map { "note ada n\($0)" }
        let result = Cande.run(["--json"], stdin: lines.joined(separator: "\n"), environment: env)
        #expect(result.status == 0)
        let docs = result.stdoutLines.compactMap { parseJSON($0) as? [String: Any] }
        #expect(docs.count == 301)
        let ids = docs.dropFirst().compactMap { $0["id"] as? Int }
        #expect(ids == Array(1...300))
        let seqs = docs.compactMap { $0["seq"] as? Int }
        #expect(seqs == Array(1...301))
    }
}
