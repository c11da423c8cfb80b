import Foundation
import TestSupport
import Testing

@testable import CandeShell

/// `Roff.escape`: text in a manual page prints as written, whatever it holds.
@Suite("Roff escaping")
struct RoffTests {
    @Test("a leading . or ' is not a request; backslashes, hyphens and non-ASCII are escaped")
    func escapes() {
        #expect(Roff.escape(".TH evil") == "\\&.TH evil")
        #expect(Roff.escape("'br") == "\\&'br")
        #expect(Roff.escape("a.b 'c'") == "a.b 'c'")
        #expect(Roff.escape(#"C:\temp \fB"#) == #"C:\etemp \efB"#)
        #expect(Roff.escape("--store -c") == #"\-\-store \-c"#)
        #expect(Roff.escape("Zoë → ok") == #"Zo\[u00EB] \[u2192] ok"#)
        #expect(!Roff.escape("two\nlines").contains("\n"))
    }

    @Test("groff prints escaped texts exactly as they were, without a warning")
    func roundTrip() throws {
        let texts = [
            ".TH evil", "'br", #"a \fB backslash \\ and \"quotes\""#, "--store -c 'note ada'", "Zoë Müller → «ok»",
            ".", "\\", "x\\", #"\n\t\&"#, "--", "%s ` ~ ^",
        ]
        var page = [".TH T 1", ".SH NAME", "t \\- t", ".SH TEXTS"]
        for text in texts { page += [".PP", Roff.escape(text)] }
        page += [".SH VERBATIM"] + Roff.verbatim(texts)
        let groff = try #require(RequiredTool.path("groff", package: "groff-base"))
        let result = Cande.run(
            executable: groff, ["-man", "-Tutf8", "-ww", "-P-cbou", "-rLL=200n"],
            stdin: Data((page.joined(separator: "\n") + "\n").utf8), environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for text in texts {
            // Once as a paragraph, once in the verbatim block.
            #expect(lines.filter { $0 == text }.count == 2, "\(text.debugDescription): \(lines)")
        }
    }
}
