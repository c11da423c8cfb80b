/// Replaces a forgotten candidate's personal data in other people's texts (SPEC §8.8): their
/// name, email and handle as whole words, in any letter case (Unicode case folding: `ZOË MÜLLER`,
/// `STRAUSS` for `Strauß`) and either Unicode normal form (NFC `ë` or NFD `e` + `◌̈`), a run of
/// blanks or line breaks standing for each blank of the name; and their phone number as the same
/// digits however they are grouped (`+44 20 7946 0000`, `020-7946-0000` is another number).
///
/// "Whole word": the character before and after the match is not a letter, digit or `_`, nor a
/// `-`, `.` or `@` joined to one (`zoe-muller-2` and `ann@lee.org.uk` are other words). Texts
/// are compared as Swift `Character`s, whose equality is canonical equivalence, so NFC and NFD
/// spellings match without normalising first.
public struct TextRedactor: Sendable {
    public static let replacement = "[forgotten]"
    /// Phones shorter than this are not looked for in texts (too many numbers look alike).
    public static let minimumPhoneDigits = 6

    /// Each word secret folded, as characters (blanks collapsed to one space).
    private let words: [[Character]]
    /// Word secrets whose folded form is ASCII, as bytes, for the fast path.
    private let asciiWords: [[UInt8]]
    /// Each phone's digits.
    private let phones: [[UInt8]]

    /// `words`: name, email, handle (empty ones ignored); `phones`: numbers as typed.
    public init(words: [String], phones: [String]) {
        var folded: [[Character]] = []
        for word in words {
            let f = Self.fold(word)
            if !f.isEmpty, !folded.contains(f) { folded.append(f) }
        }
        self.words = folded
        // A text of ASCII only can hold only the secrets that fold to ASCII.
        asciiWords = folded.filter { $0.allSatisfy(\.isASCII) }.map { $0.map { $0.asciiValue! } }
        self.phones = phones.compactMap { phone -> [UInt8]? in
            let digits = phone.utf8.filter { $0 >= 48 && $0 <= 57 }
            return digits.count >= Self.minimumPhoneDigits ? Array(digits) : nil
        }
    }

    public var isEmpty: Bool { words.isEmpty && phones.isEmpty }

    /// The text with every occurrence replaced by `replacement`; nil when nothing occurs.
    public func redact(_ text: String) -> String? {
        var text = text
        let ascii = text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
        if ascii {
            let found = text.withUTF8 { asciiMatches(in: UnsafeRawBufferPointer($0)) }
            guard !found.isEmpty else { return nil }
            var out: [UInt8] = []
            text.withUTF8 { bytes in
                var position = 0
                for range in found {
                    out.append(contentsOf: bytes[position..<range.lowerBound])
                    out.append(contentsOf: Self.replacement.utf8)
                    position = range.upperBound
                }
                out.append(contentsOf: bytes[position...])
            }
            return String(decoding: out, as: UTF8.self)
        }
        let characters = Array(text)
        let found = characterMatches(in: characters)
        guard !found.isEmpty else { return nil }
        var out = ""
        var position = 0
        for range in found {
            out.append(contentsOf: characters[position..<range.lowerBound])
            out += Self.replacement
            position = range.upperBound
        }
        out.append(contentsOf: characters[position...])
        return out
    }

    /// Whether anything occurs in `text`.
    public func occurs(in text: String) -> Bool { redact(text) != nil }

    // MARK: - Folding

    /// Case-folded characters, each blank run one space, trimmed. Folding is lowercase of
    /// uppercase, twice (`ẞ` → `ß` → `ss`), character by character.
    static func fold(_ text: String) -> [Character] {
        var out: [Character] = []
        var blank = false
        for c in text {
            if c.isWhitespace {
                blank = true
                continue
            }
            if blank, !out.isEmpty { out.append(" ") }
            blank = false
            out.append(contentsOf: foldCharacter(c))
        }
        return out
    }

    /// One character folded (one or more characters: `ß` → `s`, `s`).
    @inline(__always)
    static func foldCharacter(_ c: Character) -> [Character] {
        if let ascii = c.asciiValue {
            return [Character(Unicode.Scalar(ascii >= 65 && ascii <= 90 ? ascii + 32 : ascii))]
        }
        if !c.unicodeScalars.contains(where: { $0.properties.changesWhenCaseMapped }) { return [c] }
        let once = String(c).uppercased().lowercased()
        return Array(once.uppercased().lowercased())
    }

    // MARK: - ASCII texts

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
    }

    private static func isJoinerByte(_ b: UInt8) -> Bool { b == 45 || b == 46 || b == 64 }

    private static func isBlankByte(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    /// Byte ranges to replace in an ASCII text, in order, not overlapping.
    private func asciiMatches(in text: UnsafeRawBufferPointer) -> [Range<Int>] {
        var found: [Range<Int>] = []
        let n = text.count
        func boundaryBefore(_ i: Int) -> Bool {
            guard i > 0 else { return true }
            let b = text[i - 1]
            if Self.isWordByte(b) { return false }
            return !(Self.isJoinerByte(b) && i >= 2 && Self.isWordByte(text[i - 2]))
        }
        func boundaryAfter(_ i: Int) -> Bool {
            guard i < n else { return true }
            let b = text[i]
            if Self.isWordByte(b) { return false }
            return !(Self.isJoinerByte(b) && i + 1 < n && Self.isWordByte(text[i + 1]))
        }
        for word in asciiWords {
            guard let first = word.first else { continue }
            var i = 0
            while i < n {
                let b = text[i]
                let lower = b >= 65 && b <= 90 ? b + 32 : b
                guard lower == first, boundaryBefore(i) else {
                    i += 1
                    continue
                }
                var j = i
                var k = 0
                while k < word.count, j < n {
                    let w = word[k]
                    if w == 32 {
                        guard Self.isBlankByte(text[j]) else { break }
                        while j < n, Self.isBlankByte(text[j]) { j += 1 }
                        k += 1
                        continue
                    }
                    let t = text[j]
                    guard (t >= 65 && t <= 90 ? t + 32 : t) == w else { break }
                    j += 1
                    k += 1
                }
                if k == word.count, boundaryAfter(j) {
                    found.append(i..<j)
                    i = j
                } else {
                    i += 1
                }
            }
        }
        for phone in phones { found += digitMatches(count: n, digitAt: { text[$0] }, phone: phone) }
        return Self.merged(found)
    }

    // MARK: - Other texts

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    private static func isJoiner(_ c: Character) -> Bool { c == "-" || c == "." || c == "@" }

    /// Character ranges to replace, in order, not overlapping.
    private func characterMatches(in text: [Character]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        if !words.isEmpty {
            // The folded text, each folded character remembering the character it came from.
            var folded: [Character] = []
            var owner: [Int] = []
            var startsCharacter: [Bool] = []
            folded.reserveCapacity(text.count)
            var k = 0
            while k < text.count {
                let c = text[k]
                if c.isWhitespace {
                    let first = k
                    while k < text.count, text[k].isWhitespace { k += 1 }
                    folded.append(" ")
                    owner.append(first)
                    startsCharacter.append(true)
                    // A blank run ends on its last character.
                    owner[owner.count - 1] = k - 1
                    continue
                }
                let f = Self.foldCharacter(c)
                for (n, fc) in f.enumerated() {
                    folded.append(fc)
                    owner.append(k)
                    startsCharacter.append(n == 0)
                }
                k += 1
            }
            func boundaryBefore(_ i: Int) -> Bool {
                guard i > 0 else { return true }
                if Self.isWordCharacter(text[i - 1]) { return false }
                return !(Self.isJoiner(text[i - 1]) && i >= 2 && Self.isWordCharacter(text[i - 2]))
            }
            func boundaryAfter(_ i: Int) -> Bool {
                guard i < text.count else { return true }
                if Self.isWordCharacter(text[i]) { return false }
                return !(Self.isJoiner(text[i]) && i + 1 < text.count && Self.isWordCharacter(text[i + 1]))
            }
            for word in words {
                var i = 0
                while i + word.count <= folded.count {
                    guard startsCharacter[i], folded[i] == word[0], folded[i] != " ", boundaryBefore(owner[i]) else {
                        i += 1
                        continue
                    }
                    var matched = true
                    for m in 1..<word.count where folded[i + m] != word[m] {
                        matched = false
                        break
                    }
                    let last = i + word.count - 1
                    // The match must end where a character's folding ends.
                    let endsCharacter = last + 1 == folded.count || startsCharacter[last + 1]
                    if matched, endsCharacter, boundaryAfter(owner[last] + 1) {
                        found.append(owner[i]..<(owner[last] + 1))
                        i = last + 1
                    } else {
                        i += 1
                    }
                }
            }
        }
        for phone in phones {
            found += digitMatches(
                count: text.count, digitAt: { text[$0].asciiValue ?? 0 }, phone: phone)
        }
        return Self.merged(found)
    }

    // MARK: - Phones

    /// Runs of digit groups (digits separated by one or two of ` .-/()`) whose digits, from a
    /// group's start to a group's end, are the phone's; a `+` just before is included.
    private func digitMatches(count n: Int, digitAt: (Int) -> UInt8, phone: [UInt8]) -> [Range<Int>] {
        func isDigit(_ i: Int) -> Bool { let b = digitAt(i); return b >= 48 && b <= 57 }
        func isSeparator(_ i: Int) -> Bool {
            let b = digitAt(i)
            return b == 32 || b == 46 || b == 45 || b == 47 || b == 40 || b == 41
        }
        var found: [Range<Int>] = []
        // Groups: (start, end) of each maximal digit sequence, with whether it joins the previous.
        var groups: [(start: Int, end: Int, joined: Bool)] = []
        var i = 0
        var lastEnd = -10
        while i < n {
            guard isDigit(i) else {
                i += 1
                continue
            }
            let start = i
            while i < n, isDigit(i) { i += 1 }
            var joined = false
            if lastEnd >= 0, start - lastEnd <= 2, start > lastEnd {
                joined = (lastEnd..<start).allSatisfy(isSeparator)
            }
            groups.append((start, i, joined))
            lastEnd = i
        }
        var g = 0
        while g < groups.count {
            var digits: [UInt8] = []
            var matchedTo: Int? = nil
            var h = g
            while h < groups.count, h == g || groups[h].joined {
                for p in groups[h].start..<groups[h].end { digits.append(digitAt(p)) }
                if digits.count > phone.count { break }
                if digits == phone {
                    matchedTo = h
                    break
                }
                h += 1
            }
            if let h = matchedTo {
                var start = groups[g].start
                if start > 0, digitAt(start - 1) == 43 { start -= 1 }
                found.append(start..<groups[h].end)
                g = h + 1
            } else {
                g += 1
            }
        }
        return found
    }

    /// Sorted, overlapping ranges joined.
    private static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var out: [Range<Int>] = []
        for range in sorted {
            if let last = out.last, range.lowerBound < last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                out.append(range)
            }
        }
        return out
    }
}
