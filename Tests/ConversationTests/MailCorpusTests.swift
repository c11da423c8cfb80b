import Conversation
import Foundation
import TestSupport
import Testing

/// Every message of the corpus read twice: by `MailParser` and by Python's standard `email`
/// package (Tests/Fixtures/mail/extract.py), which must agree field by field.
@Suite("Mail corpus against Python's email package")
struct MailCorpusTests {
    static let python = "/usr/bin/python3"

    @Test("the corpus has at least 16 messages of different shapes")
    func corpusSize() {
        #expect(MailFixtures.names.count >= 16)
    }

    @Test("MailParser agrees with Python", arguments: MailFixtures.names)
    func agreesWithPython(name: String) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            Issue.record("\(Self.python) is missing: the corpus cannot be checked")
            return
        }
        let path = MailFixtures.directory.appendingPathComponent(name).path
        let script = MailFixtures.directory.appendingPathComponent("extract.py").path
        let result = Cande.run(
            executable: Self.python, [script, path],
            environment: ["LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "PATH": "/usr/bin:/bin"])
        guard result.status == 0 else {
            Issue.record("extract.py failed on \(name) (\(result.status)): \(result.stderr)")
            return
        }
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        guard let expected = object as? [String: Any] else {
            Issue.record("extract.py printed no object for \(name)")
            return
        }
        let message = try MailParser.parse(MailFixtures.bytes(name))

        #expect(message.messageID == expected["messageID"] as? String, "\(name): Message-ID")
        #expect(message.from == Self.addresses(expected["from"]), "\(name): From")
        #expect(message.to == Self.addresses(expected["to"]), "\(name): To")
        #expect(message.cc == Self.addresses(expected["cc"]), "\(name): Cc")
        #expect(message.date?.seconds == (expected["date"] as? NSNumber)?.int64Value, "\(name): Date")
        #expect(message.subject == expected["subject"] as? String, "\(name): Subject")
        let isHTML = expected["bodyIsHTML"] as? Bool ?? false
        #expect(message.bodyIsHTML == isHTML, "\(name): which part is the text")
        let body = expected["body"] as? String ?? "<missing>"
        if isHTML {
            // The one normalisation: an HTML part is reduced to text by two different reducers
            // (ours and html.parser in extract.py), which legitimately differ in where blanks
            // and line breaks go; compared with every run of whitespace as one space.
            #expect(Self.collapsed(message.body) == Self.collapsed(body), "\(name): HTML text")
        } else {
            // Plain text: exact, byte for byte.
            #expect(Array(message.body.utf8) == Array(body.utf8), "\(name): body")
        }
    }

    static func addresses(_ value: Any?) -> [MailAddress] {
        (value as? [[String: Any]] ?? []).map {
            MailAddress(name: $0["name"] as? String, address: $0["address"] as? String ?? "")
        }
    }

    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
