import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// A syntax or shape problem at a byte offset of the bytes being read.
public struct JSONSyntaxError: Error, Equatable {
    public var offset: Int
    public var reason: String
}

/// A forward-only JSON reader over bytes, for the store's own files: it reads exactly the shapes
/// the store writes, refuses anything else (duplicate keys, unknown keys, trailing bytes), and can
/// step over a long string without decoding it. Foundation's `JSONDecoder` keeps the first of
/// duplicate keys, drops unknown ones silently and decodes far too slowly for a million records.
public struct JSONReader {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var position: Int

    public init(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) {
        self.bytes = bytes
        position = start
    }

    public func error(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? position, reason: reason)
    }

    @inline(__always) mutating func skipSpace() {
        while position < bytes.count {
            let b = bytes[position]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            position += 1
        }
    }

    @inline(__always) public mutating func peek() -> UInt8? {
        if position < bytes.count {
            let b = bytes[position]
            if b != 0x20 && b != 0x0A && b != 0x0D && b != 0x09 { return b }
        }
        skipSpace()
        return position < bytes.count ? bytes[position] : nil
    }

    /// Moves to `offset` (for a reader that found a value's end by other means).
    mutating func jump(to offset: Int) { position = offset }

    public mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard peek() == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    /// Fails unless only blanks remain.
    public mutating func expectEnd() throws(JSONSyntaxError) {
        guard peek() == nil else { throw error("unexpected bytes after the value") }
    }

    // MARK: Containers

    /// The next key of the current object as its position in `table` (nil after the closing
    /// brace). The key the store writes next (`hint`) is recognised by a single compare.
    @inline(__always)
    public mutating func nextKey(_ first: inout Bool, in table: KeyTable, hint: inout Int) throws(JSONSyntaxError)
        -> Int?
    {
        guard let b = peek() else { throw error("unterminated object") }
        if b == 0x7D {
            position += 1
            return nil
        }
        if !first {
            if bytes[position] == 0x2C { position += 1 } else { try expect(0x2C) }
        }
        first = false
        if hint < table.count {
            let start = table.literalStarts[hint]
            let length = table.literalStarts[hint + 1] - start
            if position + length <= bytes.count,
                memcmp(bytes.baseAddress! + position, table.literalBytes + start, length) == 0
            {
                position += length
                hint += 1
                return hint - 1
            }
        }
        let span = try stringSpan()
        try expect(0x3A)
        let key = UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end])
        guard let k = table.lookup(key, hint: &hint) else {
            throw error("unknown key \"\(String(decoding: key, as: UTF8.self))\"", at: span.start)
        }
        return k
    }

    public mutating func beginObject() throws(JSONSyntaxError) { try expect(0x7B) }

    /// The next key of the current object, or nil after its closing brace.
    public mutating func nextKey(_ first: inout Bool) throws(JSONSyntaxError) -> UnsafeRawBufferPointer? {
        guard let b = peek() else { throw error("unterminated object") }
        if b == 0x7D {
            position += 1
            return nil
        }
        if !first { try expect(0x2C) }
        first = false
        let span = try stringSpan()
        try expect(0x3A)
        return UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end])
    }

    public mutating func beginArray() throws(JSONSyntaxError) { try expect(0x5B) }

    /// True if another element follows (positioned at it), false after the closing bracket.
    public mutating func nextElement(_ first: inout Bool) throws(JSONSyntaxError) -> Bool {
        guard let b = peek() else { throw error("unterminated array") }
        if b == 0x5D {
            position += 1
            return false
        }
        if !first { try expect(0x2C) }
        first = false
        return true
    }

    // MARK: Scalars

    /// Steps over a string, returning where its contents lie and whether they hold escapes.
    public mutating func stringSpan() throws(JSONSyntaxError) -> (start: Int, end: Int, escaped: Bool) {
        guard peek() == 0x22 else { throw error("expected a string") }
        position += 1
        let start = position
        var escaped = false
        let count = bytes.count
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var i = position
        while i < count {
            // Eight bytes at a time while none is a quote, a backslash or a control character.
            while i + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                if Self.hasSpecialByte(word) { break }
                i += 8
            }
            guard i < count else { break }
            let b = base[i]
            if b == 0x22 {
                position = i + 1
                return (start, i, escaped)
            }
            if b == 0x5C {
                escaped = true
                guard i + 1 < count else { break }
                switch base[i + 1] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: i += 2
                case 0x75:
                    guard i + 6 <= count else { throw error("bad \\u escape", at: i) }
                    for k in 2..<6 where !Self.isHex(base[i + k]) { throw error("bad \\u escape", at: i) }
                    i += 6
                default: throw error("bad escape", at: i)
                }
                continue
            }
            if b < 0x20 { throw error("control character in a string", at: i) }
            i += 1
        }
        throw error("unterminated string", at: start - 1)
    }

    /// True when one of the eight bytes is `"`, `\\` or below 0x20 (SWAR: zero-byte tests).
    @inline(__always)
    private static func hasSpecialByte(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = x ^ (ones &* 0x22)
        let backslash = x ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote & highs
        let hasBackslash = (backslash &- ones) & ~backslash & highs
        let hasControl = (x &- ones &* 0x20) & ~x & highs
        return (hasQuote | hasBackslash | hasControl) != 0
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102)
    }

    public mutating func string() throws(JSONSyntaxError) -> String {
        let span = try stringSpan()
        let raw = UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end])
        if !span.escaped { return String(decoding: raw, as: UTF8.self) }
        guard let decoded = JSONEscaping.unescape(raw, strict: true) else {
            throw error("bad escape in string", at: span.start)
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// `null` (consumed, returns true) or anything else (left in place).
    public mutating func null() -> Bool {
        guard peek() == 0x6E, position + 4 <= bytes.count, bytes[position + 1] == 0x75,
            bytes[position + 2] == 0x6C, bytes[position + 3] == 0x6C
        else { return false }
        position += 4
        return true
    }

    public mutating func optionalString() throws(JSONSyntaxError) -> String? {
        null() ? nil : try string()
    }

    public mutating func int() throws(JSONSyntaxError) -> Int64 {
        guard let first = peek() else { throw error("expected a number") }
        var negative = false
        if first == 0x2D {
            negative = true
            position += 1
        }
        let start = position
        var value: Int64 = 0
        while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(bytes[position] - 48))
            guard !o1, !o2 else { throw error("number too large") }
            value = a
            position += 1
        }
        guard position > start else { throw error("expected a number") }
        if position < bytes.count, bytes[position] == 0x2E || bytes[position] | 0x20 == 0x65 {
            throw error("expected a whole number")
        }
        return negative ? -value : value
    }

    /// A whole number within `range` (see `StoreLimits`); `what` names it in the error.
    public mutating func int(in range: ClosedRange<Int64>, _ what: String) throws(JSONSyntaxError) -> Int64 {
        let at = position
        let value = try int()
        guard range.contains(value) else { throw error("\(what) \(value) is out of range", at: at) }
        return value
    }

    /// An entry or meeting id (`StoreLimits.id`).
    public mutating func id() throws(JSONSyntaxError) -> Int32 {
        Int32(try int(in: StoreLimits.id, "id"))
    }

    public mutating func int32() throws(JSONSyntaxError) -> Int32 {
        let at = position
        let value = try int()
        guard let narrow = Int32(exactly: value) else { throw error("number out of range", at: at) }
        return narrow
    }

    public mutating func bool() throws(JSONSyntaxError) -> Bool {
        guard let b = peek() else { throw error("expected true or false") }
        if b == 0x74, position + 4 <= bytes.count, bytes[position + 1] == 0x72, bytes[position + 2] == 0x75,
            bytes[position + 3] == 0x65
        {
            position += 4
            return true
        }
        if b == 0x66, position + 5 <= bytes.count, bytes[position + 1] == 0x61, bytes[position + 2] == 0x6C,
            bytes[position + 3] == 0x73, bytes[position + 4] == 0x65
        {
            position += 5
            return false
        }
        throw error("expected true or false")
    }

    public mutating func instant() throws(JSONSyntaxError) -> Instant {
        let span = try stringSpan()
        guard !span.escaped,
            let value = Instant.parseStored(UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end]))
        else { throw error("expected a time like 2026-12-01T09:12:00Z", at: span.start) }
        return value
    }

    public mutating func optionalInstant() throws(JSONSyntaxError) -> Instant? {
        null() ? nil : try instant()
    }

    /// A vocabulary word (`"phone-screen"`) as its enum case.
    @inline(__always)
    public mutating func word<V: Vocabulary>(_ type: V.Type) throws(JSONSyntaxError) -> V {
        let span = try stringSpan()
        guard !span.escaped, let value = V(bytes: UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end])) else {
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self)
            throw error("unknown \(V.self) \"\(text)\"", at: span.start)
        }
        return value
    }

    public mutating func strings() throws(JSONSyntaxError) -> [String] {
        try beginArray()
        var values: [String] = []
        var first = true
        while try nextElement(&first) { values.append(try string()) }
        return values
    }

    public mutating func int32s() throws(JSONSyntaxError) -> [Int32] {
        try beginArray()
        var values: [Int32] = []
        var first = true
        while try nextElement(&first) { values.append(try int32()) }
        return values
    }

    /// How deep `skipValue` follows arrays and objects inside each other. The store's own shapes
    /// nest a few levels; a line of 200,000 `[` must be an error, not a stack overflow.
    public static let maxDepth = 64

    /// An array of whole numbers and nulls, as cande writes it (`[1,null,-3]`), in one tight
    /// scan; anything else in it (blanks, say) is read the careful way, which names what is wrong.
    public mutating func optionalInts(reserving capacity: Int = 0) throws(JSONSyntaxError) -> [Int64?] {
        try beginArray()
        let start = position
        var values: [Int64?] = []
        values.reserveCapacity(capacity)
        var p = position
        let n = bytes.count
        fast: do {
            if p < n, bytes[p] == 0x5D {
                position = p + 1
                return values
            }
            while p < n {
                if bytes[p] == 0x6E {
                    guard p + 4 <= n, bytes[p + 1] == 0x75, bytes[p + 2] == 0x6C, bytes[p + 3] == 0x6C else {
                        break fast
                    }
                    values.append(nil)
                    p += 4
                } else {
                    var negative = false
                    if bytes[p] == 0x2D {
                        negative = true
                        p += 1
                    }
                    let digits = p
                    var value: Int64 = 0
                    // 18 digits cannot overflow; longer numbers go the careful way.
                    while p < n, p - digits < 18, bytes[p] &- 48 < 10 {
                        value = value &* 10 &+ Int64(bytes[p] &- 48)
                        p += 1
                    }
                    guard p > digits, p < n, bytes[p] == 0x2C || bytes[p] == 0x5D else { break fast }
                    values.append(negative ? -value : value)
                }
                guard p < n else { break fast }
                if bytes[p] == 0x5D {
                    position = p + 1
                    return values
                }
                guard bytes[p] == 0x2C else { break fast }
                p += 1
            }
        }
        position = start
        values.removeAll(keepingCapacity: true)
        var first = true
        while try nextElement(&first) { values.append(null() ? nil : try int()) }
        return values
    }

    /// Steps over any value (for the generic readers of other tools' JSON, e.g. tests).
    public mutating func skipValue() throws(JSONSyntaxError) { try skipValue(depth: 1) }

    /// Skips an array of plain numbers (a candidate's entry offsets) with one scan for its `]`;
    /// anything else in it is skipped (or refused) as `skipValue` does.
    public mutating func skipNumberArray() throws(JSONSyntaxError) {
        try beginArray()
        let start = position
        while position < bytes.count {
            let b = bytes[position]
            if b == 0x5D {
                position += 1
                return
            }
            guard (b >= 0x30 && b <= 0x39) || b == 0x2C || b == 0x20 || b == 0x2D else {
                // Not what cande writes: the careful way, which names what is wrong.
                position = start - 1
                return try skipValue()
            }
            position += 1
        }
        throw error("unterminated array")
    }

    /// Skips an array of strings and nulls (a digest column a view does not read) with one scan
    /// for its `]`, minding quotes and escapes; anything else in it (a nested value, a number,
    /// a bare control byte) is skipped (or refused) as `skipValue` does.
    private static let shortEscapes: Set<UInt8> = [0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74]

    public mutating func skipStringArray() throws(JSONSyntaxError) {
        try beginArray()
        let start = position
        // 0: after `[` (a value or `]`), 1: after `,` (a value), 2: after a value (`,` or `]`).
        var expecting = 0
        scan: while position < bytes.count {
            let b = bytes[position]
            position += 1
            switch b {
            case 0x20: continue
            case 0x5D where expecting != 1: return
            case 0x2C where expecting == 2: expecting = 1
            case 0x6E
            where expecting != 2 && position + 2 < bytes.count && bytes[position] == 0x75
                && bytes[position + 1] == 0x6C && bytes[position + 2] == 0x6C:
                position += 3  // null
                expecting = 2
            case 0x22 where expecting != 2:
                while position < bytes.count {
                    let c = bytes[position]
                    position += 1
                    if c == 0x5C {
                        // `\"` `\\` `\/` `\b` `\f` `\n` `\r` `\t`; `\u` and anything else: the careful way.
                        guard position < bytes.count, Self.shortEscapes.contains(bytes[position]) else { break scan }
                        position += 1
                    } else if c == 0x22 {
                        expecting = 2
                        continue scan
                    } else if c < 0x20 {
                        break scan
                    }
                }
                break scan
            default: break scan
            }
        }
        // Not what cande writes (or cut short): the careful way, which names what is wrong.
        position = start - 1
        try skipValue()
    }

    private mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        guard let b = peek() else { throw error("expected a value") }
        if b == 0x7B || b == 0x5B, depth > Self.maxDepth {
            throw error("nested too deeply (more than \(Self.maxDepth) levels)")
        }
        switch b {
        case 0x22: _ = try stringSpan()
        case 0x7B:
            try beginObject()
            var first = true
            while try nextKey(&first) != nil { try skipValue(depth: depth + 1) }
        case 0x5B:
            try beginArray()
            var first = true
            while try nextElement(&first) { try skipValue(depth: depth + 1) }
        case 0x74, 0x66: _ = try bool()
        case 0x6E: guard null() else { throw error("expected a value") }
        default:
            let start = position
            // A number's bytes (`+-0123456789.eE`), tested by range: this loop skips every number
            // of a candidate line that is not read, and `String.utf8.contains` cost a tenth of a
            // `report` (perf).
            while position < bytes.count {
                let b = bytes[position]
                guard (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E || b | 0x20 == 0x65 else { break }
                position += 1
            }
            guard position > start else { throw error("expected a value") }
        }
    }
}

/// The ranges of the numbers in the store's files: what cande writes, with room to spare, and
/// small enough that arithmetic on them (`seq + 1`, `id + 1`, `start + minutes`) cannot trap.
public enum StoreLimits {
    /// Sequence numbers (2^53 changes).
    public static let seq: ClosedRange<Int64> = 0...(1 << 53)
    /// Entry and meeting ids; the id after the largest still fits an `Int32`.
    public static let id: ClosedRange<Int64> = 1...Int64(Int32.max - 1)
    /// A meeting's length: what `DurationParser` reads.
    public static let minutes: ClosedRange<Int64> = 1...Int64(DurationParser.maxMinutes)
    /// Generations and counts (candidates, meetings, entries, forgotten, touches).
    public static let count: ClosedRange<Int64> = 0...Int64(Int32.max)
}

/// Looks up the known keys of one record shape by their bytes, without making strings. The store
/// writes keys in a fixed order, so the key after the previous one is tried first (a compare),
/// then a table.
public struct KeyTable: Sendable {
    private struct Code: Hashable, Sendable {
        var a: UInt64
        var b: UInt64
    }
    private var codes: [Code: Int] = [:]
    private let spelled: [[UInt8]]
    public let names: [String]

    /// `"key":` for each key, as the store writes it, in one block that lives as long as the
    /// program (tables are static), so reading it needs no reference counting.
    nonisolated(unsafe) let literalBytes: UnsafeMutablePointer<UInt8>
    nonisolated(unsafe) let literalStarts: UnsafeMutablePointer<Int>
    let count: Int

    public init(_ names: [String]) {
        self.names = names
        spelled = names.map { Array($0.utf8) }
        count = names.count
        let literals = names.map { Array("\"\($0)\":".utf8) }
        literalBytes = .allocate(capacity: literals.reduce(0) { $0 + $1.count })
        literalStarts = .allocate(capacity: names.count + 1)
        var offset = 0
        for (k, literal) in literals.enumerated() {
            literalStarts[k] = offset
            for b in literal {
                literalBytes[offset] = b
                offset += 1
            }
        }
        literalStarts[names.count] = offset
        for (k, name) in names.enumerated() {
            var name = name
            name.withUTF8 { codes[Self.code(UnsafeRawBufferPointer($0))!] = k }
        }
    }

    /// Keys of up to 15 bytes pack into two words with their length.
    private static func code(_ key: UnsafeRawBufferPointer) -> Code? {
        guard key.count <= 15 else { return nil }
        var code = Code(a: UInt64(key.count), b: 0)
        for (i, byte) in key.enumerated() {
            if i < 7 {
                code.a |= UInt64(byte) << (8 * UInt64(i + 1))
            } else {
                code.b |= UInt64(byte) << (8 * UInt64(i - 7))
            }
        }
        return code
    }

    /// The key's position in `names`, or nil for a key this shape does not have. `hint` is the
    /// position expected next; it is moved past the key found.
    @inline(__always)
    public func lookup(_ key: UnsafeRawBufferPointer, hint: inout Int) -> Int? {
        var k = hint
        while k < spelled.count {
            let equal = spelled[k].withUnsafeBytes {
                $0.count == key.count && memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0
            }
            if equal {
                hint = k + 1
                return k
            }
            // Optional keys may be left out: look a few ahead before the table.
            k += 1
            if k - hint > 3 { break }
        }
        guard let code = Self.code(key), let found = codes[code] else { return nil }
        hint = found + 1
        return found
    }

    public func lookup(_ key: UnsafeRawBufferPointer) -> Int? {
        var hint = 0
        return lookup(key, hint: &hint)
    }
}

/// Remembers which keys of an object were seen, to refuse duplicates.
public struct SeenKeys {
    private var mask: UInt64 = 0
    public init() {}

    @inline(__always)
    public mutating func insert(_ k: Int, _ reader: JSONReader, name: @autoclosure () -> String) throws(JSONSyntaxError)
    {
        let bit: UInt64 = 1 << UInt64(k)
        guard mask & bit == 0 else { throw reader.error("duplicate key \"\(name())\"") }
        mask |= bit
    }

    public func contains(_ k: Int) -> Bool { mask & (1 << UInt64(k)) != 0 }
}
