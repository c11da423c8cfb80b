/// Byte helpers the mail parser shares: blanks, ASCII case, hex digits, line ends, UTF-8 output.
/// Mail is read as bytes throughout; only finished texts become `String`s.
enum MailBytes {
    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Space, tab, CR or LF.
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    @inline(__always) static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }

    /// Without leading and trailing spaces, tabs, CRs and LFs.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lower = bytes.startIndex
        var upper = bytes.endIndex
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return bytes[lower..<upper]
    }

    /// ASCII letters lowered, the rest as UTF-8 (invalid sequences as U+FFFD).
    static func lowercasedString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map(lower), as: UTF8.self)
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Whether `bytes` starts with the ASCII `prefix`, letters in any case.
    static func hasPrefix(_ bytes: ArraySlice<UInt8>, _ prefix: StaticString, ignoringCase: Bool = false) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let p = prefix.utf8Start
        var i = bytes.startIndex
        for k in 0..<count {
            let a = ignoringCase ? lower(bytes[i]) : bytes[i]
            let b = ignoringCase ? lower(p[k]) : p[k]
            if a != b { return false }
            i += 1
        }
        return true
    }

    /// CRLF turned into LF (other CRs kept); the input itself when it has no CR.
    static func normalisedLineEnds(_ bytes: some Collection<UInt8>) -> [UInt8] {
        guard bytes.contains(0x0D) else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingCR = false
        for b in bytes {
            if pendingCR, b != 0x0A { out.append(0x0D) }
            pendingCR = b == 0x0D
            if !pendingCR { out.append(b) }
        }
        if pendingCR { out.append(0x0D) }
        return out
    }

    /// Appends the UTF-8 form of the code point `value` (U+FFFD for one that is not a scalar).
    @inline(__always) static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        let v = Unicode.Scalar(value) != nil ? value : 0xFFFD
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        default:
            out.append(UInt8(0xF0 | v >> 18))
            out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Removes `(comments)` (nested, with `\` escapes), leaving a space for each; quoted strings
    /// are kept as they are.
    static func withoutComments(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        guard bytes.contains(0x28) else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var depth = 0
        var quoted = false
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 0x5C, depth > 0 || quoted {
                if depth == 0 { out.append(contentsOf: bytes[i..<min(i + 2, bytes.endIndex)]) }
                i += 2
                continue
            }
            if depth > 0 {
                if b == 0x28 { depth += 1 }
                if b == 0x29 {
                    depth -= 1
                    if depth == 0 { out.append(0x20) }
                }
            } else if b == 0x22 {
                quoted.toggle()
                out.append(b)
            } else if b == 0x28, !quoted {
                depth = 1
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }
}
