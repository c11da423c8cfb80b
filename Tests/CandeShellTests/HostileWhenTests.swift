import Foundation
import TestSupport
import Testing

/// WHEN values the `when` fuzz target found crashing `cande`: each is one error naming the value.
@Suite("Hostile WHEN")
struct HostileWhenTests {
    @Test(
        "a WHEN of separators only is an error, not a crash",
        arguments: ["talk ada with:Sam as:peer at:@", "list since:@@", "note ada at:\" @ \" hello"])
    func separatorsOnly(command: String) {
        let dir = TemporaryDirectory()
        let env = Cande.environment(store: dir.path)
        Cande.run(["-c", "add Ada handle:ada"], environment: env)
        let result = Cande.run(["-c", command], environment: env)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cannot read"), "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error: -c:1:"), "\(result.stderr)")
    }
}
