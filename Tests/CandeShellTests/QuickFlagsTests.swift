import TestSupport
import Testing

@testable import CandeShell

/// `QuickFlags` reads the common command lines without swift-argument-parser: on every command
/// line it accepts, it must agree with `CandeOptions` (the definition), and it must accept the
/// command lines cande is nearly always started with (else start-up pays for the reflection).
@Suite("Quick flags")
struct QuickFlagsTests {
    static let vocabulary = [
        "--json", "--bail", "--yes", "--no-color", "--store", "--as", "-c", "s1", "help", "list", "note ada hi",
        "-", "--", "", "-x", "--help", "-h", "--version", "--store=a", "-cfoo", "--as=bo", "-- ", "--jsonx",
        "-c-", "--yes=1", "x y", "-j",
    ]

    static let usual = [
        "--json", "--bail", "--yes", "--no-color", "--store", "--as", "-c", "s1", "list", "note ada hi", "", "x y",
    ]

    /// Every command line QuickFlags accepts parses to the same flags through ArgumentParser.
    func agree(_ arguments: [String]) {
        guard let quick = QuickFlags.parse(arguments) else { return }
        let parsed = try? CandeOptions.parse(arguments).invocation
        #expect(parsed == quick, "\(arguments)")
    }

    @Test("agrees with ArgumentParser on every command line of up to 3 words of the vocabulary")
    func exhaustive() {
        let words = Self.vocabulary
        agree([])
        for a in words {
            agree([a])
            for b in words {
                agree([a, b])
                for c in words { agree([a, b, c]) }
            }
        }
    }

    @Test("agrees with ArgumentParser on random longer command lines")
    func random() {
        var generator = SeededGenerator(state: 0x5EED_F1A6)
        for _ in 0..<3000 {
            let count = Int.random(in: 4...9, using: &generator)
            // Mostly words QuickFlags reads, so that most lines get compared, not deferred.
            let words = (0..<count).map { _ in
                Int.random(in: 0..<10, using: &generator) == 0
                    ? Self.vocabulary.randomElement(using: &generator)! : Self.usual.randomElement(using: &generator)!
            }
            agree(words)
        }
    }

    @Test(
        "reads the usual command lines itself",
        arguments: [
            [], ["-c", "help"], ["--store", "/tmp/s", "-c", "list"], ["--json", "--store", "s", "-c", "waiting"],
            ["--as", "maria", "--yes", "-c", "forget ada", "-c", "list"], ["script.cande"],
            ["--bail", "--no-color", "a.cande", "b.cande"], ["--store", "s"],
        ])
    func common(_ arguments: [String]) throws {
        let quick = try #require(QuickFlags.parse(arguments))
        #expect(quick == (try CandeOptions.parse(arguments).invocation))
    }

    @Test(
        "leaves help, version, --, = forms, dash values and repeats to ArgumentParser",
        arguments: [
            ["--help"], ["-h"], ["--version"], ["--", "x"], ["--store=s"], ["-c", "-x"], ["-"], ["--json", "--json"],
            ["--store", "a", "--store", "b"], ["-cfoo"], ["--generate-completion-script", "bash"], ["-c"],
        ])
    func deferred(_ arguments: [String]) {
        #expect(QuickFlags.parse(arguments) == nil)
    }
}
