/// Splits a command line into tokens with shell-like quoting (SPEC §4): blanks separate;
/// `"…"` keeps blanks and understands `\"` and `\\`; `'…'` keeps everything literally; outside
/// quotes a backslash escapes the next character. It works token by token, so that a command
/// taking a free text can stop and take the rest of the line exactly as typed.
struct Tokenizer {
    let line: [UInt8]
    private(set) var position = 0

    init(_ line: String) { self.line = Array(line.utf8) }

    struct Token: Equatable {
        /// The token after quotes and escapes are removed.
        var value: String
        /// Where it was in the line (bytes).
        var range: Range<Int>
        /// For `key:value`: the key (unquoted, lowercase letters and dashes) …
        var key: String?
        /// … and the value after the colon, unquoted.
        var optionValue: String?
        /// True when the token is one quoted string and nothing else.
        var wholeQuoted: Bool

        var isOption: Bool { key != nil }
    }

    /// Blanks between words; a line break counts as one (a multi-line text pasted or joined after
    /// `note ada` starts on the next line).
    mutating func skipBlanks() {
        while position < line.count, line[position] == 0x20 || line[position] == 0x09 || line[position] == 0x0A {
            position += 1
        }
    }

    var atEnd: Bool {
        var copy = self
        copy.skipBlanks()
        return copy.position >= line.count
    }

    /// The next token, or nil at the end of the line.
    mutating func next() throws(ShellError) -> Token? {
        skipBlanks()
        guard position < line.count else { return nil }
        let start = position
        var value: [UInt8] = []
        var keyEnd: Int? = nil  // index in `value` of the option colon
        var keyCandidate = true  // everything so far is an unquoted key character
        var quotedParts = 0
        var unquotedBytes = 0
        while position < line.count {
            let b = line[position]
            if b == 0x20 || b == 0x09 || b == 0x0A { break }
            switch b {
            case 0x22, 0x27:  // " or '
                let quote = b
                let open = position
                position += 1
                var closed = false
                while position < line.count {
                    let c = line[position]
                    if c == quote {
                        closed = true
                        position += 1
                        break
                    }
                    if quote == 0x22, c == 0x5C, position + 1 < line.count,
                        line[position + 1] == 0x22 || line[position + 1] == 0x5C
                    {
                        value.append(line[position + 1])
                        position += 2
                        continue
                    }
                    value.append(c)
                    position += 1
                }
                guard closed else { throw .unterminatedQuote(column: Self.column(line, open)) }
                quotedParts += 1
                if keyEnd == nil { keyCandidate = false }
            case 0x5C:  // backslash outside quotes
                guard position + 1 < line.count else { throw .trailingBackslash }
                value.append(line[position + 1])
                position += 2
                unquotedBytes += 1
                if keyEnd == nil { keyCandidate = false }
            default:
                if b == 0x3A, keyEnd == nil, keyCandidate, !value.isEmpty {
                    keyEnd = value.count
                } else if keyEnd == nil, !(b >= 0x61 && b <= 0x7A) && !(b == 0x2D && !value.isEmpty) {
                    keyCandidate = false
                }
                value.append(b)
                position += 1
                unquotedBytes += 1
            }
        }
        var token = Token(
            value: String(decoding: value, as: UTF8.self), range: start..<position, key: nil, optionValue: nil,
            wholeQuoted: quotedParts == 1 && unquotedBytes == 0)
        if let keyEnd {
            token.key = String(decoding: value[..<keyEnd], as: UTF8.self)
            token.optionValue = String(decoding: value[(keyEnd + 1)...], as: UTF8.self)
        }
        return token
    }

    /// Everything after the current position, exactly as typed (leading blanks skipped): the
    /// free text of `<`, `>`, `note` …. A text that is one quoted string as a whole loses its
    /// quotes.
    mutating func restAsText() -> String? {
        skipBlanks()
        guard position < line.count else { return nil }
        let raw = String(decoding: line[position...], as: UTF8.self)
        var copy = self
        if let token = try? copy.next(), token.wholeQuoted, copy.atEnd {
            position = line.count
            return token.value
        }
        position = line.count
        return raw
    }

    /// 1-based column (in characters) of a byte offset, for error messages.
    static func column(_ line: [UInt8], _ offset: Int) -> Int {
        String(decoding: line[..<offset], as: UTF8.self).count + 1
    }
}
