import Foundation
import Store
import TestSupport
import Testing

/// A store address names its backend (README "The store"): a team store's libpq address is
/// never taken for a directory to create.
@Suite("Store addresses")
struct StoreAddressTests {
    @Test(
        "libpq's URL and key=value forms name a team store; paths do not",
        arguments: [
            ("postgres://maria@db.example.org/cande", true), ("postgresql:///cande?host=/run/pg", true),
            ("  postgres://x", true), ("host=/run/postgresql dbname=cande", true), ("dbname = cande", true),
            ("service=team", true), ("/var/lib/cande", false), ("./postgres", false), ("postgres:", false),
            ("my=store", false), ("hosts=x", false), ("", false),
        ])
    func recognizes(address: String, team: Bool) {
        #expect(StoreOpener.isTeamStore(address) == team)
    }

    @Test("cande --store postgres://… with no server there exits 2 with a clear error and creates nothing")
    func teamAddressRefused() throws {
        let cwd = FileManager.default.currentDirectoryPath
        for address in ["postgres://maria@localhost/cande", "host=/tmp dbname=cande"] {
            let before = Set(try FileManager.default.contentsOfDirectory(atPath: cwd))
            var env = Cande.environment(store: address)
            env["CANDE_STORE"] = address
            let result = Cande.run(["-c", "list"], environment: env)
            #expect(result.status == 2, "\(address): \(result.stdout)")
            #expect(result.stderr.contains("cannot reach the team store"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: cwd)) == before, "\(address) made files")
        }
    }
}
