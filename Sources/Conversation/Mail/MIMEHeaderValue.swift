/// A Content-Type or Content-Disposition value: its lowercased token (`text/plain`,
/// `attachment`) and its parameters, names lowercased.
///
/// Values may be quoted (escapes resolved) or bare; RFC 2231 extended values
/// (`filename*=utf-8''%E2%82%AC.pdf`) and continuations (`name*0=`, `name*1*=`) are joined
/// and decoded, and win over a plain parameter of the same name. The first of two plain
/// parameters with one name wins.
struct MIMEHeaderValue {
    var value: String
    var parameters: [String: String]

    private struct Segment {
        var index: Int
        var extended: Bool
        var bytes: [UInt8]
    }

    init(_ field: [UInt8]?) {
        let bytes = MailBytes.withoutComments((field ?? [])[...])
        let end = bytes.count
        var i = 0
        while i < end, bytes[i] != 0x3B { i += 1 }
        value = MailBytes.lowercasedString(MailBytes.trimmed(bytes[0..<i])).filter { $0 != " " && $0 != "\t" }
        var plain: [String: String] = [:]
        var segments: [String: [Segment]] = [:]
        while i < end {
            i += 1  // the `;`
            while i < end, MailBytes.isSpace(bytes[i]) { i += 1 }
            let nameStart = i
            while i < end, bytes[i] != 0x3D, bytes[i] != 0x3B { i += 1 }
            guard i < end, bytes[i] == 0x3D else { continue }
            let rawName = MailBytes.lowercasedString(MailBytes.trimmed(bytes[nameStart..<i]))
            i += 1
            while i < end, MailBytes.isBlank(bytes[i]) { i += 1 }
            var parameterValue: [UInt8] = []
            if i < end, bytes[i] == 0x22 {
                i += 1
                while i < end, bytes[i] != 0x22 {
                    if bytes[i] == 0x5C, i + 1 < end { i += 1 }
                    parameterValue.append(bytes[i])
                    i += 1
                }
                while i < end, bytes[i] != 0x3B { i += 1 }
            } else {
                let start = i
                while i < end, bytes[i] != 0x3B { i += 1 }
                parameterValue = Array(MailBytes.trimmed(bytes[start..<i]))
            }
            guard !rawName.isEmpty else { continue }
            if let star = rawName.firstIndex(of: "*") {
                let base = String(rawName[..<star])
                let rest = rawName[rawName.index(after: star)...]
                let extended = rest.hasSuffix("*") || rest.isEmpty
                let number = Int(rest.hasSuffix("*") ? rest.dropLast() : rest) ?? 0
                segments[base, default: []].append(Segment(index: number, extended: extended, bytes: parameterValue))
            } else if plain[rawName] == nil {
                plain[rawName] = String(decoding: parameterValue, as: UTF8.self)
            }
        }
        for (name, parts) in segments { plain[name] = Self.join(parts) }
        parameters = plain
    }

    /// Continuations in order, percent-escapes of extended ones decoded, in the charset the
    /// first extended one names (`utf-8''…`; UTF-8 when none or unknown).
    private static func join(_ parts: [Segment]) -> String {
        var charset = Charset.utf8
        var bytes: [UInt8] = []
        var seen = Set<Int>()
        for (position, part) in parts.sorted(by: { $0.index < $1.index }).enumerated() {
            guard seen.insert(part.index).inserted else { continue }
            guard part.extended else {
                bytes.append(contentsOf: part.bytes)
                continue
            }
            var text = part.bytes[...]
            if position == 0, let first = text.firstIndex(of: 0x27) {
                let afterLanguage = text[(first + 1)...].firstIndex(of: 0x27)
                if let afterLanguage {
                    charset = Charset(name: String(decoding: text[..<first], as: UTF8.self))
                    if charset == .ascii { charset = .utf8 }
                    text = text[(afterLanguage + 1)...]
                }
            }
            var k = text.startIndex
            while k < text.endIndex {
                if text[k] == 0x25, k + 2 < text.endIndex, let high = MailBytes.hexValue(text[k + 1]),
                    let low = MailBytes.hexValue(text[k + 2])
                {
                    bytes.append(high << 4 | low)
                    k += 3
                } else {
                    bytes.append(text[k])
                    k += 1
                }
            }
        }
        return charset.decodeLeniently(bytes[...])
    }

    /// The file name of an attachment: `filename`, else `name`, RFC 2047 words decoded.
    func fileName(orName name: Bool = true) -> String? {
        guard let raw = parameters["filename"] ?? (name ? parameters["name"] : nil) else { return nil }
        let decoded = EncodedWords.decode(Array(raw.utf8)[...]).trimmingBlanks()
        return decoded.isEmpty ? nil : decoded
    }
}
