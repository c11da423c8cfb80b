import Conversation
import Foundation
import Store
import TestSupport
import Testing

@Suite("Permissions and erasure")
struct PrivacyTests {
    @Test(
        "files 0600 and the directory 0700 whatever the umask, after compaction and forget too",
        arguments: ["000", "022"])
    func permissions(umask: String) {
        let dir = TemporaryDirectory()
        let store = dir.file("store")
        let env = Cande.environment(store: store)
        func check(_ when: String) {
            #expect(StoreFiles.mode(store) == 0o700, "directory after \(when)")
            for name in StoreFiles.all(store).keys {
                #expect(StoreFiles.mode(store + "/" + name) == 0o600, "\(name) after \(when) under umask \(umask)")
            }
        }
        func run(_ commands: String) {
            let result = Cande.shell("umask \(umask); '\(Cande.binary)' --yes \(commands)", environment: env)
            #expect(result.status == 0, "\(result.stderr)")
        }
        run("-c 'add Ada handle:ada' -c 'add Bob handle:bob' -c 'note ada hello'")
        check("first writes")
        run("-c compact")
        check("compaction")
        run("-c 'forget bob'")
        check("forget")
    }

    @Test("forget leaves no byte of the candidate's name, email or phone in any file; everyone else is intact")
    func erasure() throws {
        let dir = TemporaryDirectory()
        var s = Script(try FileStore(path: dir.path))
        try s.add("ada", name: "Ada Lovelace", email: "ada@example.org", phone: "+44 20 7946 0000")
        try s.add("grace", name: "Grace Hopper", email: "grace@example.org", phone: "+1 202 555 0100")
        try s.message("ada", .inbound, "Hi, this is Ada Lovelace (ada@example.org, +44 20 7946 0000)")
        try s.note("grace", "Grace met Ada Lovelace at the meetup; ADA@EXAMPLE.ORG knows her")
        try s.note("grace", "Grace's own note")
        try s.commit { _ in .add([CandidateDraft(handle: "cy", name: "Cy")]) }
        // A compaction puts Ada into a snapshot; more changes go to the journal; a torn record sits in quarantine.
        try s.store.compact()
        try s.note("ada", "Another note on Ada Lovelace")
        try s.message("grace", .outbound, "Thanks Grace")
        let journal = dir.file(journalName(dir.path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: journal))
        handle.seekToEndOfFile()
        handle.write(
            Data(
                #"{"seq":99,"ts":"2026-12-01T09:00:00Z","by":"rita","op":"note","id":9,"c":"ada","text":"Ada Lovelace torn"#
                    .utf8))
        try handle.close()
        let before = try dump(FileStore(path: dir.path))  // opening quarantines the torn record
        #expect(StoreFiles.all(dir.path).keys.contains { $0.hasPrefix("quarantine-") })
        #expect(before.contains("Grace's own note") || before.contains("Grace\\'s own note"))

        let store = try FileStore(path: dir.path)
        try store.forget(handle: "ada")
        for (name, data) in StoreFiles.all(dir.path) {
            for secret in ["Ada Lovelace", "ada@example.org", "+44 20 7946 0000", "ADA@EXAMPLE.ORG"] {
                #expect(data.range(of: Data(secret.utf8)) == nil, "\(name) still contains \(secret)")
            }
        }
        let after = try dump(FileStore(path: dir.path))
        #expect(!after.contains("handle: \"ada\""))
        #expect(after.contains("Grace\\'s own note") || after.contains("Grace's own note"))
        #expect(after.contains("Thanks Grace"))
        #expect(after.contains("Grace met [forgotten] at the meetup"))
        #expect(after.contains("forgotten 1"))
        let state = try FileStore(path: dir.path).state
        #expect(state.candidate(handle: "grace")?.email == "grace@example.org")
        #expect(state.candidate(handle: "cy") != nil)
        #expect(state.candidate(handle: "ada") == nil)
    }
}
