/// RFC 2047 encoded words in header values: `=?utf-8?B?…?=` and `=?iso-8859-1?Q?…?=`.
///
/// Everything outside the words is read as UTF-8 (8-bit headers). Blanks between two encoded
/// words are dropped; adjacent words in the same charset are joined as bytes before decoding
/// (a character split over two words survives). A word that does not parse, or whose base64
/// is bad, stays as written; one in a charset nobody knows is read as UTF-8.
enum EncodedWords {
    static func decode(_ value: ArraySlice<UInt8>) -> String {
        guard containsMarker(value) else { return String(decoding: value, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var pending: (charset: Charset, bytes: [UInt8])? = nil
        func flush() {
            guard let word = pending else { return }
            out.append(contentsOf: word.charset.decodeLeniently(word.bytes[...]).utf8)
            pending = nil
        }
        var literalStart = value.startIndex
        var i = value.startIndex
        while i + 1 < value.endIndex {
            guard value[i] == 0x3D, value[i + 1] == 0x3F, let word = parseWord(value, at: i) else {
                i += 1
                continue
            }
            let gap = value[literalStart..<i]
            if pending == nil || !gap.allSatisfy(MailBytes.isSpace) {
                flush()
                out.append(contentsOf: gap)
            }
            if pending?.charset == word.charset {
                pending!.bytes.append(contentsOf: word.bytes)
            } else {
                flush()
                pending = (word.charset, word.bytes)
            }
            i = word.end
            literalStart = i
        }
        flush()
        out.append(contentsOf: value[literalStart...])
        return String(decoding: out, as: UTF8.self)
    }

    private static func containsMarker(_ value: ArraySlice<UInt8>) -> Bool {
        var i = value.startIndex
        while i + 1 < value.endIndex {
            if value[i] == 0x3D, value[i + 1] == 0x3F { return true }
            i += 1
        }
        return false
    }

    /// The word starting at `start` (at its `=?`): charset, decoded bytes, and the index after
    /// its `?=`.
    private static func parseWord(
        _ value: ArraySlice<UInt8>, at start: Int
    ) -> (charset: Charset, bytes: [UInt8], end: Int)? {
        let end = value.endIndex
        var i = start + 2
        let charsetStart = i
        while i < end, value[i] != 0x3F {
            if MailBytes.isSpace(value[i]) || i - charsetStart > 64 { return nil }
            i += 1
        }
        guard i > charsetStart, i + 2 < end, value[i + 2] == 0x3F else { return nil }
        let charsetName = value[charsetStart..<i]
        let encoding = MailBytes.lower(value[i + 1])
        guard encoding == 0x62 || encoding == 0x71 else { return nil }
        let textStart = i + 3
        var j = textStart
        while j + 1 < end, !(value[j] == 0x3F && value[j + 1] == 0x3D) {
            if MailBytes.isSpace(value[j]) { return nil }
            j += 1
        }
        guard j + 1 < end else { return nil }
        let text = value[textStart..<j]
        let bytes: [UInt8]
        if encoding == 0x62 {
            guard let decoded = TransferDecoding.base64(text) else { return nil }
            bytes = decoded
        } else {
            bytes = qDecode(text)
        }
        return (Charset(name: String(decoding: charsetName, as: UTF8.self)), bytes, j + 2)
    }

    /// The Q encoding: quoted-printable with `_` for a space.
    static func qDecode(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            let b = text[i]
            if b == 0x5F {
                out.append(0x20)
            } else if b == 0x3D, i + 2 < text.endIndex, let high = MailBytes.hexValue(text[i + 1]),
                let low = MailBytes.hexValue(text[i + 2])
            {
                out.append(high << 4 | low)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }
}
