/// The frame around every record: the object's last member is `"sum":"<16 hex digits>"`, the
/// XXH64 of every byte of the object before `,"sum"`. A record whose sum does not match is torn
/// or damaged, and its exact bytes say which line and byte went wrong.
public enum Framing {
    /// `,"sum":"` + 16 hex digits + `"}`
    static let suffixLength = 26
    private static let marker: [UInt8] = Array(#","sum":""#.utf8)
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Closes the object that starts at `objectStart` in `writer` with its sum.
    public static func seal(_ writer: inout JSONWriter, objectStart: Int) {
        let sum = writer.bytes.withUnsafeBytes {
            Checksum.xxh64(UnsafeRawBufferPointer(rebasing: $0[objectStart...]))
        }
        writer.sealObject(suffix: suffix(sum))
    }

    /// `,"sum":"<hex>"` (the closing brace comes after).
    private static func suffix(_ sum: UInt64) -> [UInt8] {
        var suffix = marker
        for shift in stride(from: 60, through: 0, by: -4) { suffix.append(hex[Int((sum >> UInt64(shift)) & 15)]) }
        suffix.append(0x22)
        return suffix
    }

    public enum Verdict: Equatable {
        case valid
        /// The line is not framed at all (no sum where it should be).
        case unframed
        case mismatch
    }

    /// Checks the sum of one framed object (without the line's newline or trailing comma).
    public static func verify(_ object: UnsafeRawBufferPointer) -> Verdict {
        let n = object.count
        guard n > suffixLength, object[n - 1] == 0x7D, object[n - 2] == 0x22 else { return .unframed }
        let markerStart = n - suffixLength
        for (k, byte) in marker.enumerated() where object[markerStart + k] != byte { return .unframed }
        var stored: UInt64 = 0
        for k in 0..<16 {
            let b = object[markerStart + 8 + k]
            let digit: UInt64
            switch b {
            case 48...57: digit = UInt64(b - 48)
            case 97...102: digit = UInt64(b - 87)
            default: return .unframed
            }
            stored = stored << 4 | digit
        }
        let computed = Checksum.xxh64(UnsafeRawBufferPointer(rebasing: object[0..<markerStart]))
        return computed == stored ? .valid : .mismatch
    }
}

extension Framing {
    /// Seals an object whose bytes (everything before `,"sum"`) are already in `writer.bytes`.
    static func sealRaw(_ writer: inout JSONWriter) {
        let sum = writer.bytes.withUnsafeBytes { Checksum.xxh64($0) }
        writer.bytes.append(contentsOf: suffix(sum) + [0x7D])
    }
}

extension JSONWriter {
    /// Ends the outermost open object with `suffix` and a closing brace (for `Framing.seal`).
    mutating func sealObject(suffix: [UInt8]) {
        bytes.append(contentsOf: suffix)
        endObject()
    }
}
