/// Turns the contents of a JSON string (between the quotes) back into UTF-8 bytes.
/// Texts stay escaped on disk and in memory until a view needs them.
public enum JSONEscaping {
    /// Decodes `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` and `\uXXXX` (surrogate pairs
    /// joined; a lone surrogate becomes U+FFFD). Returns nil on a malformed escape when `strict`.
    public static func unescape(_ bytes: some Collection<UInt8>, strict: Bool = false) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        func hex4() -> UInt32? {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let b = iterator.next() else { return nil }
                let digit: UInt32
                switch b {
                case 48...57: digit = UInt32(b - 48)
                case 65...70: digit = UInt32(b - 55)
                case 97...102: digit = UInt32(b - 87)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
        func appendScalar(_ value: UInt32) {
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(scalar).utf8))
        }
        while let b = iterator.next() {
            guard b == 0x5C else {
                out.append(b)
                continue
            }
            guard let e = iterator.next() else { return strict ? nil : out }
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard let unit = hex4() else { return strict ? nil : out }
                if unit >= 0xD800 && unit < 0xDC00 {
                    // A high surrogate must be followed by `\u` and a low one.
                    var copy = iterator
                    if copy.next() == 0x5C, copy.next() == 0x75 {
                        iterator = copy
                        if let low = hex4(), low >= 0xDC00, low < 0xE000 {
                            appendScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                            continue
                        }
                    }
                    if strict { return nil }
                    appendScalar(0xFFFD)
                } else if unit >= 0xDC00 && unit < 0xE000 {
                    if strict { return nil }
                    appendScalar(0xFFFD)
                } else {
                    appendScalar(unit)
                }
            default:
                if strict { return nil }
                out.append(e)
            }
        }
        return out
    }

    public static func unescape(_ bytes: some Collection<UInt8>) -> [UInt8] {
        unescape(bytes, strict: false) ?? []
    }
}
