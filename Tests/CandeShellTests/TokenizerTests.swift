import Testing

@testable import CandeShell

/// The command language's tokens (SPEC §4): blanks, quotes, escapes, `key:value` options, and the
/// free text that follows the options of `<`, `>`, `log`, `note`.
@Suite("Tokenizer")
struct TokenizerTests {
    func tokens(_ line: String) throws(ShellError) -> [Tokenizer.Token] {
        var tokenizer = Tokenizer(line)
        var out: [Tokenizer.Token] = []
        while let token = try tokenizer.next() { out.append(token) }
        return out
    }

    func values(_ line: String) throws(ShellError) -> [String] { try tokens(line).map(\.value) }

    func error(_ line: String) -> ShellError? {
        do {
            let got = try tokens(line)
            Issue.record("\(line) gave \(got.map(\.value))")
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Blanks and quotes

    @Test func blanksSeparate() throws {
        #expect(try values("  add   Ada\tLovelace  ") == ["add", "Ada", "Lovelace"])
        #expect(try values("") == [])
        #expect(try values(" \t ") == [])
    }

    @Test func doubleQuotesKeepBlanksAndUnderstandTwoEscapes() throws {
        #expect(try values(#"add "Ada  Lovelace" x"#) == ["add", "Ada  Lovelace", "x"])
        #expect(try values(#""say \"hi\" and \\ back""#) == [#"say "hi" and \ back"#])
        // Any other backslash inside double quotes stays as typed.
        #expect(try values(#""a\nb \t c""#) == [#"a\nb \t c"#])
        #expect(try values(#""""#) == [""])
    }

    @Test func singleQuotesAreLiteral() throws {
        #expect(try values(#"'a "b" \c \\ d'"#) == [#"a "b" \c \\ d"#])
        #expect(try values(#"'it''s'"#) == ["its"])
    }

    @Test func backslashEscapesOutsideQuotes() throws {
        #expect(try values(#"Ada\ Lovelace \"x\" a\\b \'"#) == ["Ada Lovelace", #""x""#, #"a\b"#, "'"])
    }

    @Test func partsJoinIntoOneToken() throws {
        let token = try #require(try tokens(#"pre"mid dle"'post'\ end"#).first)
        #expect(token.value == "premid dlepost end")
        #expect(!token.wholeQuoted)
        #expect(try tokens(#""whole one""#).first?.wholeQuoted == true)
        #expect(try tokens(#""one""two""#).first?.wholeQuoted == false)
        #expect(try tokens("bare").first?.wholeQuoted == false)
    }

    @Test func rangesAreByteOffsets() throws {
        let found = try tokens(#"note  "Zoë ✓" x"#)
        #expect(found.map(\.range) == [0..<4, 6..<16, 17..<18])
    }

    // MARK: - Options

    @Test(arguments: [
        ("via:phone", "via", "phone"),
        (#"at:"tomorrow 15:00""#, "at", "tomorrow 15:00"),
        ("at:'tomorrow 15:00'", "at", "tomorrow 15:00"),
        (#"at:tomorrow\ 15:00"#, "at", "tomorrow 15:00"),
        ("email:ada@example.org", "email", "ada@example.org"),
        ("time:15:00", "time", "15:00"),
        ("tags:+x", "tags", "+x"),
        ("tags:-y", "tags", "-y"),
        ("phone:", "phone", ""),
        ("last-seen:3", "last-seen", "3"),
        (#"role:"Staff \"Data\" Engineer""#, "role", #"Staff "Data" Engineer"#),
    ])
    func options(text: String, key: String, value: String) throws {
        let token = try #require(try tokens(text).first)
        #expect(token.isOption)
        #expect(token.key == key)
        #expect(token.optionValue == value)
        #expect(token.value == key + ":" + value)
    }

    /// A quoted or escaped key, a capital, a digit or a leading colon or dash: not an option.
    @Test(arguments: [
        #""via":phone"#, "'via':phone", #"\via:phone"#, #"v"ia":phone"#, "Via:phone", "15:00", ":x", "-x:1", "a1:b",
    ])
    func notOptions(text: String) throws {
        let token = try #require(try tokens(text).first)
        #expect(!token.isOption)
        #expect(token.key == nil)
    }

    // MARK: - Errors

    @Test func unterminatedQuotesAreErrors() {
        #expect(error(#"add "Ada"#) == .unterminatedQuote(column: 5))
        #expect(error("note 'x") == .unterminatedQuote(column: 6))
        #expect(error(#"at:"tomorrow 15:00"#) == .unterminatedQuote(column: 4))
        // Columns count characters, not bytes.
        #expect(error(#"add Zoë "x"#) == .unterminatedQuote(column: 9))
        // An escaped quote does not close.
        #expect(error(#"add "abc\""#) == .unterminatedQuote(column: 5))
        #expect(ShellError.unterminatedQuote(column: 5).description == "unterminated quote (opened at column 5)")
    }

    @Test func trailingBackslashIsAnError() {
        #expect(error(#"add Ada\"#) == .trailingBackslash)
    }

    // MARK: - Free text

    func rest(_ line: String, after count: Int = 0) throws -> String? {
        var tokenizer = Tokenizer(line)
        for _ in 0..<count { _ = try tokenizer.next() }
        return tokenizer.restAsText()
    }

    @Test func freeTextIsKeptAsTyped() throws {
        #expect(try rest(#"  I'll call you, he said "maybe""#) == #"I'll call you, he said "maybe""#)
        #expect(try rest(#"note ada C:\temp\new   "x" 'y"#, after: 2) == #"C:\temp\new   "x" 'y"#)
        #expect(try rest("note ada \t tabs\tinside ", after: 2) == "tabs\tinside ")
        #expect(try rest("note ada", after: 2) == nil)
        #expect(try rest("note ada   ", after: 2) == nil)
    }

    @Test func oneQuotedStringLosesItsQuotes() throws {
        #expect(try rest(#"note ada "Strong systems design""#, after: 2) == "Strong systems design")
        #expect(try rest(#"note ada "say \"hi\"" "#, after: 2) == #"say "hi""#)
        #expect(try rest("note ada 'it is'", after: 2) == "it is")
        // Two quoted strings, or a quoted string with more text, stay as typed.
        #expect(try rest(#"note ada "a" "b""#, after: 2) == #""a" "b""#)
        #expect(try rest(#"note ada "a" b"#, after: 2) == #""a" b"#)
        #expect(try rest(#"note ada "unterminated"#, after: 2) == #""unterminated"#)
    }
}

@Suite("Entry ids")
struct EntryIDTests {
    @Test(arguments: [("#17", Int32(17)), ("17", 17), ("#1", 1), ("#017", 17), ("2147483647", Int32.max)])
    func valid(text: String, id: Int32) throws {
        #expect(try CommandInput.entryID(text) == id)
    }

    @Test(arguments: [
        "#abc", "abc", "#", "", "0", "#0", "-1", "#-1", "#1a", "1.5", "# 17", "##17", "2147483648", "١٧", "＃17", "17 ",
    ])
    func invalid(text: String) {
        #expect(throws: ShellError.badID(text)) { try CommandInput.entryID(text) }
        #expect(ShellError.badID(text).description.contains("is not an entry id (like #17 or 17)"))
    }
}
