import Conversation
import Foundation

/// The mail corpus (Tests/Fixtures/mail) and small helpers for the mail tests.
enum MailFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mail")

    /// The corpus files' names, sorted.
    static let names: [String] = {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return all.filter { $0.hasSuffix(".eml") }.sorted()
    }()

    static func bytes(_ name: String) -> [UInt8] {
        FileManager.default.contents(atPath: directory.appendingPathComponent(name).path).map { [UInt8]($0) } ?? []
    }

    static func parse(_ name: String) throws -> MailMessage {
        try MailParser.parse(bytes(name))
    }
}

/// A message from text lines joined by LF (`\r` kept where written).
func mail(_ lines: String...) -> [UInt8] {
    Array(lines.joined(separator: "\n").utf8)
}

/// A minimal message with `headers` after a From line, then `body` (bytes, any charset).
func mail(headers: [String] = [], body: [UInt8]) -> [UInt8] {
    Array((["From: Ann <ann@example.com>"] + headers).joined(separator: "\n").utf8) + [0x0A, 0x0A] + body
}
