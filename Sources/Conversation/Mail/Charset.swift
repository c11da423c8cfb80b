/// A text's character set, from a MIME `charset` name (letter case, quotes, an RFC 2231
/// `*language` and the usual aliases forgiven). UTF-8, US-ASCII, ISO-8859-1, ISO-8859-15 and
/// Windows-1252 are decoded here; any other name goes to iconv.
enum Charset: Equatable {
    case utf8
    /// Decoded as UTF-8: 8-bit bytes under a us-ascii label are nearly always UTF-8.
    case ascii
    case latin1
    case latin9
    case windows1252
    /// A name for iconv, as written (trimmed, unquoted).
    case other(String)

    init(name: some StringProtocol) {
        var name = Substring(name).trimmingBlanks()
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        name = name.trimmingBlanks()
        let key = String(name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
        switch key {
        case "utf8", "unicode11utf8", "xunicode20utf8": self = .utf8
        case "", "usascii", "ascii", "us", "ansix3.41968", "iso646us", "646", "cp367": self = .ascii
        case "iso88591", "iso885911987", "latin1", "l1", "cp819", "ibm819", "isoir100": self = .latin1
        case "iso885915", "latin9", "l9", "iso885915:1998", "latin0", "cp28605": self = .latin9
        case "windows1252", "cp1252", "xcp1252", "win1252", "ms1252", "ansi1252": self = .windows1252
        default: self = .other(name)
        }
    }

    /// The text of `bytes`; invalid UTF-8 becomes U+FFFD, as do the five bytes Windows-1252
    /// leaves undefined and what iconv cannot convert.
    func decode(_ bytes: ArraySlice<UInt8>) throws(MailError) -> String {
        switch self {
        case .utf8, .ascii:
            return String(decoding: bytes, as: UTF8.self)
        case .latin1:
            return Self.decodeSingleByte(bytes) { UInt32($0) }
        case .latin9:
            return Self.decodeSingleByte(bytes) { Self.latin9Differences[$0] ?? UInt32($0) }
        case .windows1252:
            return Self.decodeSingleByte(bytes) { b in
                b >= 0x80 && b < 0xA0 ? UInt32(Self.windows1252High[Int(b) - 0x80]) : UInt32(b)
            }
        case .other(let name):
            guard let text = Iconv.decode(bytes, from: name) else { throw .unknownCharset(name) }
            return text
        }
    }

    /// Decodes with `decode` in a header, where a charset nobody knows must not lose the field:
    /// its bytes are then read as UTF-8.
    func decodeLeniently(_ bytes: ArraySlice<UInt8>) -> String {
        (try? decode(bytes)) ?? String(decoding: bytes, as: UTF8.self)
    }

    private static func decodeSingleByte(_ bytes: ArraySlice<UInt8>, _ scalar: (UInt8) -> UInt32) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        for b in bytes {
            if b < 0x80 { out.append(b) } else { MailBytes.appendUTF8(scalar(b), to: &out) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The eight places where ISO-8859-15 differs from ISO-8859-1.
    private static let latin9Differences: [UInt8: UInt32] = [
        0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153,
        0xBE: 0x0178,
    ]

    /// Windows-1252 0x80–0x9F (U+FFFD for the undefined 0x81, 0x8D, 0x8F, 0x90, 0x9D).
    private static let windows1252High: [UInt16] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
