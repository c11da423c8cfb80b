/// Content-Transfer-Encoding: quoted-printable and base64 undone; 7bit, 8bit, binary and
/// unknown encodings are the bytes themselves.
enum TransferDecoding {
    /// The bytes of `body` encoded with `encoding` (a lowercased Content-Transfer-Encoding);
    /// nil when base64 holds a character outside its alphabet.
    static func decode(_ body: ArraySlice<UInt8>, encoding: String) -> [UInt8]? {
        switch encoding {
        case "quoted-printable": return quotedPrintable(body)
        case "base64": return base64(body)
        default: return Array(body)
        }
    }

    /// `=XX` (either case) as the byte, `=` at the end of a line (blanks may follow it) or of
    /// the text as a soft line break, any other `=` kept as it is.
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            guard b == 0x3D else {
                out.append(b)
                i += 1
                continue
            }
            if i + 2 < end, let high = MailBytes.hexValue(bytes[i + 1]), let low = MailBytes.hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
                continue
            }
            var j = i + 1
            while j < end, MailBytes.isBlank(bytes[j]) { j += 1 }
            if j == end {
                i = end
            } else if bytes[j] == 0x0A {
                i = j + 1
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    /// 0–63 for the alphabet, 64 for `=`, 65 for blanks and line ends, 255 for anything else.
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        table[0x3D] = 64
        for byte: UInt8 in [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C] { table[Int(byte)] = 65 }
        return table
    }()

    /// Base64 with blanks and line breaks ignored and padding optional (a group cut short
    /// gives the bytes it holds; `=` ends a group, so concatenated encodings decode too); nil
    /// for a character outside the alphabet.
    static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 4 * 3 + 3)
        var accumulator: UInt32 = 0
        var count = 0
        let table = base64Values
        for b in bytes {
            let v = table[Int(b)]
            if v < 64 {
                accumulator = accumulator << 6 | UInt32(v)
                count += 1
                if count == 4 {
                    out.append(UInt8(accumulator >> 16 & 0xFF))
                    out.append(UInt8(accumulator >> 8 & 0xFF))
                    out.append(UInt8(accumulator & 0xFF))
                    accumulator = 0
                    count = 0
                }
            } else if v == 64 {
                flush(&accumulator, &count, into: &out)
            } else if v == 255 {
                return nil
            }
        }
        flush(&accumulator, &count, into: &out)
        return out
    }

    /// The whole bytes of a group of fewer than four characters.
    private static func flush(_ accumulator: inout UInt32, _ count: inout Int, into out: inout [UInt8]) {
        switch count {
        case 2:
            out.append(UInt8(accumulator >> 4 & 0xFF))
        case 3:
            out.append(UInt8(accumulator >> 10 & 0xFF))
            out.append(UInt8(accumulator >> 2 & 0xFF))
        default:
            break
        }
        accumulator = 0
        count = 0
    }
}
