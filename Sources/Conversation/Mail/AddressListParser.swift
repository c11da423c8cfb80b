/// The mailboxes of a From, To or Cc field (RFC 5322 §3.4, with the usual laxity):
/// `Name <a@b>`, `"Last, First" <a@b>`, bare `a@b`, `a@b (Name)`, groups (`team: a@b, c@d;`,
/// `undisclosed-recipients:;`), comma-separated, RFC 2047 words in names.
///
/// A name is the words before `<…>` (quoted strings unquoted) joined by one space, or, for a
/// bare address, its comments. Group names and empty entries give no mailbox.
enum AddressListParser {
    private struct Pending {
        var phrase: [[UInt8]] = []
        var comments: [[UInt8]] = []
        /// The bare address as written, tokens without blanks.
        var spec: [UInt8] = []
        var angle: [UInt8]? = nil

        var isEmpty: Bool { phrase.isEmpty && spec.isEmpty && angle == nil }
    }

    static func parse(_ value: [UInt8]?) -> [MailAddress] {
        guard let value else { return [] }
        var result: [MailAddress] = []
        var current = Pending()
        var i = 0
        let end = value.count
        func finish() {
            defer { current = Pending() }
            if let angle = current.angle {
                let address = routeless(MailBytes.trimmed(angle[...]))
                guard !address.isEmpty else { return }
                result.append(MailAddress(name: name(current.phrase), address: MailBytes.string(address)))
            } else if !current.spec.isEmpty {
                result.append(MailAddress(name: name(current.comments), address: MailBytes.string(current.spec[...])))
            }
        }
        while i < end {
            let b = value[i]
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D:
                i += 1
            case 0x2C, 0x3B:  // `,` `;`
                finish()
                i += 1
            case 0x3A:  // `:` opens a group; its name is no mailbox
                if current.angle == nil, !current.spec.contains(0x40) {
                    current = Pending()
                } else {
                    current.spec.append(b)
                }
                i += 1
            case 0x22:
                let (content, next) = quoted(value, from: i)
                current.phrase.append(content)
                current.spec.append(contentsOf: value[i..<next])
                i = next
            case 0x28:
                let (content, next) = comment(value, from: i)
                current.comments.append(content)
                i = next
            case 0x3C:
                var j = i + 1
                var inQuote = false
                while j < end, inQuote || value[j] != 0x3E {
                    if value[j] == 0x22 { inQuote.toggle() }
                    if value[j] == 0x5C { j += 1 }
                    j += 1
                }
                if current.angle == nil { current.angle = Array(value[(i + 1)..<min(j, end)]) }
                i = min(j + 1, end)
            case 0x40:
                current.spec.append(b)
                i += 1
            default:
                var j = i
                while j < end, !isSpecial(value[j]) { j += 1 }
                if j == i { j += 1 }  // a stray `>` `[` `]` `\`
                current.phrase.append(Array(value[i..<j]))
                current.spec.append(contentsOf: value[i..<j])
                i = j
            }
        }
        finish()
        return result
    }

    /// Blanks and the specials that end an atom (`.` is part of one, as in `R. Recruiter`).
    private static func isSpecial(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, 0x28, 0x29, 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x5C, 0x22, 0x5B, 0x5D:
            return true
        default:
            return false
        }
    }

    /// The content of the quoted string opening at `start`, escapes resolved, and the index
    /// after it (the end for one never closed).
    private static func quoted(_ value: [UInt8], from start: Int) -> ([UInt8], Int) {
        var out: [UInt8] = []
        var i = start + 1
        while i < value.count {
            let b = value[i]
            if b == 0x22 { return (out, i + 1) }
            if b == 0x5C, i + 1 < value.count {
                out.append(value[i + 1])
                i += 2
                continue
            }
            if b != 0x0A && b != 0x0D { out.append(b) }
            i += 1
        }
        return (out, value.count)
    }

    /// The text of the comment opening at `start` (nested parentheses kept) and the index after.
    private static func comment(_ value: [UInt8], from start: Int) -> ([UInt8], Int) {
        var out: [UInt8] = []
        var depth = 1
        var i = start + 1
        while i < value.count {
            let b = value[i]
            if b == 0x5C, i + 1 < value.count {
                out.append(value[i + 1])
                i += 2
                continue
            }
            if b == 0x28 { depth += 1 }
            if b == 0x29 {
                depth -= 1
                if depth == 0 { return (out, i + 1) }
            }
            out.append(b)
            i += 1
        }
        return (out, value.count)
    }

    /// An obsolete route (`@relay.example:`) dropped from an angle address.
    private static func routeless(_ address: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard address.first == 0x40, let colon = address.firstIndex(of: 0x3A) else { return address }
        return MailBytes.trimmed(address[(colon + 1)...])
    }

    /// Words joined by one space, encoded words decoded; nil when empty.
    private static func name(_ words: [[UInt8]]) -> String? {
        guard !words.isEmpty else { return nil }
        var joined: [UInt8] = []
        for word in words where !word.isEmpty {
            if !joined.isEmpty { joined.append(0x20) }
            joined.append(contentsOf: word)
        }
        let text = EncodedWords.decode(joined[...]).trimmingBlanks()
        return text.isEmpty ? nil : text
    }
}
