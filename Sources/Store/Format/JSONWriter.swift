import Conversation

/// Builds compact JSON into a byte buffer: no Foundation, no intermediate objects, commas placed
/// automatically. Strings are written as UTF-8 with `"`, `\` and control characters escaped (C1
/// and bidirectional controls too: see `appendEscaped`).
public struct JSONWriter {
    public var bytes: [UInt8]
    /// One flag per open container: has it had an element yet?
    private var started: [Bool] = []
    private var afterKey = false

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        started.removeAll(keepingCapacity: true)
        afterKey = false
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        if let last = started.last {
            if last { bytes.append(0x2C) } else { started[started.count - 1] = true }
        }
    }

    public mutating func beginObject() {
        separate()
        bytes.append(0x7B)
        started.append(false)
    }

    public mutating func endObject() {
        started.removeLast()
        bytes.append(0x7D)
    }

    public mutating func beginArray() {
        separate()
        bytes.append(0x5B)
        started.append(false)
    }

    public mutating func endArray() {
        started.removeLast()
        bytes.append(0x5D)
    }

    /// A key; keys are plain ASCII names, written without escaping.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(0x22)
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(0x22)
        bytes.append(0x3A)
        afterKey = true
    }

    /// A key given at run time (escaped like any string).
    public mutating func key(_ name: String) {
        separate()
        appendEscaped(name)
        bytes.append(0x3A)
        afterKey = true
    }

    public mutating func string(_ value: String) {
        separate()
        appendEscaped(value)
    }

    /// Writes a string and returns where its contents (between the quotes) landed and whether
    /// they contain escapes, so that the text can later be found again without decoding the record.
    @discardableResult
    public mutating func stringLocated(_ value: String) -> (start: Int, length: Int, escaped: Bool) {
        separate()
        let before = bytes.count
        let escaped = appendEscaped(value)
        return (before + 1, bytes.count - before - 2, escaped)
    }

    /// A string already escaped (copied from another record).
    public mutating func rawString(_ escapedContents: some Collection<UInt8>) {
        separate()
        bytes.append(0x22)
        bytes.append(contentsOf: escapedContents)
        bytes.append(0x22)
    }

    public mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func int(_ value: some BinaryInteger) {
        separate()
        bytes.append(contentsOf: Array(String(value).utf8))
    }

    public mutating func double(_ value: Double) {
        separate()
        if value.isFinite {
            if value == value.rounded(), abs(value) < 1e15 {
                bytes.append(contentsOf: Array(String(Int64(value)).utf8))
            } else {
                bytes.append(contentsOf: Array(String(value).utf8))
            }
        } else {
            bytes.append(contentsOf: Array("null".utf8))
        }
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: Array((value ? "true" : "false").utf8))
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    }

    /// An instant as an ISO 8601 UTC string.
    public mutating func instant(_ value: Instant) {
        separate()
        bytes.append(0x22)
        value.appendISO8601(to: &bytes)
        bytes.append(0x22)
    }

    public mutating func optionalInstant(_ value: Instant?) {
        if let value { instant(value) } else { null() }
    }

    public mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// Appends raw bytes (a complete JSON value written elsewhere).
    public mutating func raw(_ value: some Collection<UInt8>) {
        separate()
        bytes.append(contentsOf: value)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// The bytes `appendEscaped` stops at: C0 controls, `"`, `\`, DEL, and the lead bytes of
    /// the scalars it escapes beyond ASCII.
    private static let special: [Bool] = (0..<256).map { (b: Int) in
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xC2 || b == 0xD8 || b == 0xE2
    }

    /// Writes `value` as a JSON string. Escaped besides `"` and `\`: C0 controls, DEL, C1
    /// controls (U+0080–U+009F) and the characters that change a terminal's text direction or
    /// break lines (U+061C, U+200E, U+200F, U+2028, U+2029, U+202A–U+202E, U+2066–U+2069), as
    /// `\uXXXX`, so that JSON output never carries them raw. Returns whether anything was escaped.
    @discardableResult
    private mutating func appendEscaped(_ value: String) -> Bool {
        bytes.append(0x22)
        var escaped = false
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            // One table look-up a byte. Continuation bytes (0x80–0xBF) never match: beyond ASCII,
            // only the lead bytes 0xC2, 0xD8 and 0xE2 need a closer look.
            Self.special.withUnsafeBufferPointer { special in
                for (i, b) in utf8.enumerated() where special[Int(b)] {
                    let (scalar, length) = Self.scalarToEscape(utf8, at: i)
                    guard let scalar else { continue }
                    if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                    escaped = true
                    bytes.append(0x5C)
                    switch scalar {
                    case 0x22: bytes.append(0x22)
                    case 0x5C: bytes.append(0x5C)
                    case 0x0A: bytes.append(0x6E)
                    case 0x0D: bytes.append(0x72)
                    case 0x09: bytes.append(0x74)
                    case 0x08: bytes.append(0x62)
                    case 0x0C: bytes.append(0x66)
                    default:
                        let hex = Self.hex
                        bytes.append(contentsOf: [
                            0x75, hex[Int(scalar >> 12) & 15], hex[Int(scalar >> 8) & 15], hex[Int(scalar >> 4) & 15],
                            hex[Int(scalar) & 15],
                        ])
                    }
                    runStart = i + length
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(0x22)
        return escaped
    }

    /// The scalar at `i` when it must be escaped (nil when not), and its length in bytes; `i` is
    /// a `special` byte.
    private static func scalarToEscape(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32?, Int) {
        let b = utf8[i]
        if b < 0x80 { return (UInt32(b), 1) }
        let rest = utf8.count - i
        switch b {
        case 0xC2:  // U+0080–U+00BF: C1 controls are U+0080–U+009F
            guard rest >= 2 else { return (nil, 1) }
            let c = utf8[i + 1]
            return (c < 0xA0 ? 0x80 + UInt32(c & 0x3F) : nil, 2)
        case 0xD8:  // U+0600–U+063F: U+061C, the Arabic letter mark
            guard rest >= 2 else { return (nil, 1) }
            return (utf8[i + 1] == 0x9C ? 0x061C : nil, 2)
        default:  // 0xE2: U+2000–U+2FFF
            guard rest >= 3 else { return (nil, 1) }
            let scalar = 0x2000 + (UInt32(utf8[i + 1] & 0x3F) << 6) + UInt32(utf8[i + 2] & 0x3F)
            switch scalar {
            case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return (scalar, 3)
            default: return (nil, 3)
            }
        }
    }
}

extension JSONWriter {
    /// `"key":value` pairs in one call each.
    public mutating func field(_ key: StaticString, _ value: String) {
        self.key(key)
        string(value)
    }

    public mutating func field(_ key: StaticString, _ value: String?) {
        self.key(key)
        optionalString(value)
    }

    public mutating func field(_ key: StaticString, _ value: some BinaryInteger) {
        self.key(key)
        int(value)
    }

    public mutating func field(_ key: StaticString, _ value: Bool) {
        self.key(key)
        bool(value)
    }

    public mutating func field(_ key: StaticString, _ value: Instant) {
        self.key(key)
        instant(value)
    }

    public mutating func field(_ key: StaticString, _ value: Instant?) {
        self.key(key)
        optionalInstant(value)
    }

    public mutating func field(_ key: StaticString, _ value: Double?) {
        self.key(key)
        if let value { double(value) } else { null() }
    }

    /// `"key":value` only when there is a value: the key is left out otherwise (read as absent).
    public mutating func fieldIfPresent(_ key: StaticString, _ value: String?) {
        if let value { field(key, value) }
    }

    public mutating func fieldIfPresent(_ key: StaticString, _ value: Instant?) {
        if let value { field(key, value) }
    }

    public mutating func fieldIfPresent(_ key: StaticString, _ value: Bool?) {
        if let value { field(key, value) }
    }

    public mutating func fieldIfPresent<N: BinaryInteger>(_ key: StaticString, _ value: N?) {
        if let value { field(key, value) }
    }
}
