import Conversation

/// Builds compact JSON into a byte buffer: no Foundation, no intermediate objects, commas placed
/// automatically. Strings are written as UTF-8 with only `"`, `\` and control characters escaped.
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

    @discardableResult
    private mutating func appendEscaped(_ value: String) -> Bool {
        bytes.append(0x22)
        var escaped = false
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for (i, b) in utf8.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                escaped = true
                bytes.append(0x5C)
                switch b {
                case 0x22: bytes.append(0x22)
                case 0x5C: bytes.append(0x5C)
                case 0x0A: bytes.append(0x6E)
                case 0x0D: bytes.append(0x72)
                case 0x09: bytes.append(0x74)
                case 0x08: bytes.append(0x62)
                case 0x0C: bytes.append(0x66)
                default:
                    bytes.append(contentsOf: [0x75, 0x30, 0x30, Self.hex[Int(b >> 4)], Self.hex[Int(b & 15)]])
                }
                runStart = i + 1
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(0x22)
        return escaped
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
}
