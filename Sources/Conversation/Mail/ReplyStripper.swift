/// A message body without the history a reply carries and without the signature: what the
/// sender wrote in this message.
///
/// The text is cut at the first reply header (`On … wrote:`, also folded over two lines;
/// `Am … schrieb …:`; `Le … a écrit :`; Outlook's `-----Original Message-----`; a `From: `
/// line right after a line of underscores) or signature separator (`-- ` or `--`), whichever
/// comes first; lines starting with `>` are dropped; trailing blank lines and blanks go. All
/// else is kept as it is.
enum ReplyStripper {
    static func strip(_ body: String) -> String {
        let bytes = Array(body.utf8)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var first = true
        for (index, line) in lines.enumerated() {
            let next = index + 1 < lines.count ? lines[index + 1] : nil
            if isSignatureSeparator(line) || isReplyHeader(line, next: next) { break }
            if line.first == 0x3E { continue }
            if !first { kept.append(0x0A) }
            kept.append(contentsOf: line)
            first = false
        }
        while let last = kept.last, MailBytes.isSpace(last) { kept.removeLast() }
        return String(decoding: kept, as: UTF8.self)
    }

    /// `-- ` (the standard separator) or `--`.
    static func isSignatureSeparator(_ line: ArraySlice<UInt8>) -> Bool {
        line.elementsEqual([0x2D, 0x2D, 0x20]) || line.elementsEqual([0x2D, 0x2D])
            || line.elementsEqual([0x2D, 0x2D, 0x0D])
    }

    /// Whether `line` opens quoted history; `next` is the line after it, for a reply header
    /// the mail client folded.
    static func isReplyHeader(_ line: ArraySlice<UInt8>, next: ArraySlice<UInt8>?) -> Bool {
        let trimmed = MailBytes.trimmed(line)
        guard let firstByte = trimmed.first else { return false }
        switch firstByte {
        case 0x4F:  // O
            guard MailBytes.hasPrefix(trimmed, "On ") else { return false }
            return endsAttribution(trimmed, next) { $0.hasSuffix("wrote:") }
        case 0x41:  // A
            guard MailBytes.hasPrefix(trimmed, "Am ") else { return false }
            return endsAttribution(trimmed, next) { $0.contains("schrieb") && $0.hasSuffix(":") }
        case 0x4C:  // L
            guard MailBytes.hasPrefix(trimmed, "Le ") else { return false }
            return endsAttribution(trimmed, next) { text in
                let compact = text.replacingNBSP()
                return compact.hasSuffix("a écrit :") || compact.hasSuffix("a écrit:")
            }
        case 0x2D:  // -
            let text = MailBytes.string(trimmed).lowercased()
            return text.hasPrefix("-----original message-----") || text.hasPrefix("-----ursprüngliche nachricht-----")
                || text.hasPrefix("-----message d'origine-----")
        case 0x5F:  // _
            guard trimmed.count >= 10, trimmed.allSatisfy({ $0 == 0x5F }), let next else { return false }
            let following = MailBytes.trimmed(next)
            return MailBytes.hasPrefix(following, "From:") || MailBytes.hasPrefix(following, "Von:")
                || MailBytes.hasPrefix(following, "De :") || MailBytes.hasPrefix(following, "De:")
        default:
            return false
        }
    }

    /// Whether the attribution ends on this line, or on the next one (folded).
    private static func endsAttribution(
        _ line: ArraySlice<UInt8>, _ next: ArraySlice<UInt8>?, _ ends: (String) -> Bool
    ) -> Bool {
        if ends(MailBytes.string(line)) { return true }
        guard let next else { return false }
        let following = MailBytes.trimmed(next)
        guard !following.isEmpty, following.first != 0x3E else { return false }
        return ends(MailBytes.string(following))
    }
}

extension String {
    /// No-break spaces (U+00A0, U+202F) as plain spaces (French puts one before `:`).
    fileprivate func replacingNBSP() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{A0}" || $0 == "\u{202F}" ? " " : $0 }))
    }
}
