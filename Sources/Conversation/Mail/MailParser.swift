/// Reads one RFC 5322 message (with MIME, RFC 2045–2047 and 2231) into a `MailMessage`.
///
/// Bytes throughout: CRLF or LF line ends, 8-bit headers as UTF-8. The text shown is the first
/// text/plain part that is not an attachment (in multipart/related, only the root part counts),
/// else the first such text/html reduced to text. Attachments are the parts with
/// `Content-Disposition: attachment`, the non-text parts that carry a file name, and forwarded
/// messages (message/rfc822, named by their subject). A multipart without a boundary, or whose
/// boundary never occurs, is read as plain text.
public enum MailParser {
    /// How deep multiparts may nest.
    public static let maximumDepth = 20

    public static func parse(_ bytes: [UInt8]) throws(MailError) -> MailMessage {
        let data = MailBytes.normalisedLineEnds(bytes)
        let header = HeaderBlock(parsing: data[...])
        guard !header.fields.isEmpty else { throw .noHeader }
        var message = MailMessage()
        message.from = AddressListParser.parse(header.first("from"))
        guard !message.from.isEmpty else { throw .noFromAddress }
        message.to = AddressListParser.parse(header.first("to"))
        message.cc = AddressListParser.parse(header.first("cc"))
        message.date = MailDate.parse(header.first("date"))
        if let subject = header.first("subject") {
            message.subject = EncodedWords.decode(subject[...]).trimmingBlanks()
        }
        if let id = header.first("message-id") {
            var value = MailBytes.trimmed(id[...])
            if let open = value.firstIndex(of: 0x3C) {
                let close = value[open...].firstIndex(of: 0x3E) ?? value.endIndex
                value = MailBytes.trimmed(value[(open + 1)..<close])
            }
            if !value.isEmpty { message.messageID = MailBytes.string(value) }
        }

        var walk = PartWalk()
        try walk.visit(header: header, body: data[header.bodyStart...], depth: 0, candidate: true)
        if let chosen = walk.plain ?? walk.html {
            let text = try decodeText(chosen)
            message.bodyIsHTML = walk.plain == nil
            message.body = message.bodyIsHTML ? HTMLText.reduce(text) : text
        }
        message.attachments = walk.attachments
        var text = ReplyStripper.strip(message.body)
        if !walk.attachments.isEmpty {
            if !text.isEmpty { text += "\n\n" }
            text += walk.attachments.map { "[attachment: \($0)]" }.joined(separator: "\n")
        }
        message.text = text
        return message
    }

    /// A text part's content: transfer encoding undone, charset decoded, CRLF made LF.
    private static func decodeText(_ part: PartWalk.TextPart) throws(MailError) -> String {
        guard let raw = TransferDecoding.decode(part.body, encoding: part.transferEncoding) else {
            throw .badBase64(part: part.number)
        }
        let bytes = part.transferEncoding == "base64" ? MailBytes.normalisedLineEnds(raw) : raw
        return try Charset(name: part.charset).decode(bytes[...])
    }
}
