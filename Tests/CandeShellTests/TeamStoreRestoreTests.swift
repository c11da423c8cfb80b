import Foundation
import TestSupport
import Testing

/// `import json` into a team store (PostgreSQL): the restore goes through the same
/// `ConversationStore` as every change, committed in one transaction, and keeps the backup's
/// authors although every record on the server is the restorer's login.
@Suite("import json into a team store", .enabled(if: TeamServer.conninfo != nil || TeamServer.required))
struct TeamStoreRestoreTests {
    let dir = TemporaryDirectory("cande-team-restore")

    @Test("a file store's backup restored into a team store exports the same bytes but exported")
    func roundTrip() throws {
        let conninfo = try #require(TeamServer.conninfo, "CANDE_REQUIRE_PG is set but CANDE_TEST_PG names no server")
        let schema = "t_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        try TeamStoreEndToEndTests.prepare(conninfo, schema: schema, logins: ["rita"])

        let source = dir.file("source")
        let file = dir.file("backup.json")
        let made = Cande.run(
            [
                "--as", "maria", "-c", "add \"Ada Lovelace\" email:ada@example.org", "-c", "log ada in via:email Hi",
                "-c", "edit #1 text:\"Hi there\"", "-c", "talk ada with:Sam as:peer at:\"2026-12-03 15:00\"",
                "-c", "note ada Strong", "-c", "export json \(file)",
            ], environment: Cande.environment(store: source))
        #expect(made.status == 0, "\(made.stderr)")

        var env = Cande.environment(store: conninfo + " user=rita schema=\(schema)", now: "2026-12-05T09:00:00Z")
        env["XDG_CACHE_HOME"] = dir.file("cache")
        let restored = Cande.run(
            ["-c", "import json \(file)", "-c", "export json \(dir.file("again.json"))"], environment: env)
        #expect(restored.status == 0, "\(restored.stderr)")
        let backup = FileManager.default.contents(atPath: file) ?? Data()
        let again = FileManager.default.contents(atPath: dir.file("again.json")) ?? Data()
        #expect(!backup.isEmpty)
        #expect(JSONRestoreTests.withoutExported(again) == JSONRestoreTests.withoutExported(backup))
        #expect(String(decoding: again, as: UTF8.self).contains(#""by":"maria""#), "the backup's author, not rita")
    }
}
