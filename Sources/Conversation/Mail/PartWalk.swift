/// A walk over a message's MIME tree, depth first, noting the first text/plain and text/html
/// part that could be the message's text, and every attachment's name.
struct PartWalk {
    /// A text part found, still encoded.
    struct TextPart {
        /// 1-based among the parts that are not multipart, in order.
        var number: Int
        var body: ArraySlice<UInt8>
        /// Lowercased Content-Transfer-Encoding ("7bit" when none).
        var transferEncoding: String
        var charset: String
    }

    var plain: TextPart?
    var html: TextPart?
    var attachments: [String] = []
    private var leaves = 0

    /// `candidate`: whether a text part here may be the message's text (false inside
    /// multipart/related apart from its root part).
    mutating func visit(
        header: HeaderBlock, body: ArraySlice<UInt8>, depth: Int, candidate: Bool,
        defaultType: String = "text/plain"
    ) throws(MailError) {
        var type = MIMEHeaderValue(header.first("content-type"))
        if !type.value.contains("/") { type.value = defaultType }
        if type.value.hasPrefix("multipart/") {
            if let boundary = type.parameters["boundary"], !boundary.isEmpty,
                let parts = MultipartSplitter.parts(of: body, boundary: Array(boundary.utf8))
            {
                guard depth < MailParser.maximumDepth else { throw .tooDeep(limit: MailParser.maximumDepth) }
                try visitParts(parts, of: type, depth: depth + 1, candidate: candidate)
                return
            }
            type = MIMEHeaderValue(Array("text/plain".utf8))
        }
        leaves += 1
        let disposition = MIMEHeaderValue(header.first("content-disposition"))
        if type.value == "message/rfc822" || type.value == "message/global" {
            let inner = HeaderBlock(parsing: body)
            let subject = inner.first("subject").map { EncodedWords.decode($0[...]).trimmingBlanks() } ?? ""
            attachments.append(subject.isEmpty ? "forwarded message" : subject)
            return
        }
        let isText = type.value.hasPrefix("text/")
        let fileName = disposition.fileName() ?? type.fileName()
        if disposition.value == "attachment" || (!isText && fileName != nil) {
            attachments.append(fileName ?? "unnamed")
            return
        }
        guard candidate, type.value == "text/plain" || type.value == "text/html" else { return }
        let encoding = header.first("content-transfer-encoding").map {
            MailBytes.lowercasedString(MailBytes.trimmed($0[...]))
        }
        let part = TextPart(
            number: leaves, body: body, transferEncoding: encoding ?? "7bit",
            charset: type.parameters["charset"] ?? "us-ascii")
        if type.value == "text/plain" {
            if plain == nil { plain = part }
        } else if html == nil {
            html = part
        }
    }

    private mutating func visitParts(
        _ parts: [ArraySlice<UInt8>], of type: MIMEHeaderValue, depth: Int, candidate: Bool
    ) throws(MailError) {
        let related = type.value == "multipart/related"
        let digest = type.value == "multipart/digest"
        let headers = parts.map { HeaderBlock(parsing: $0) }
        var root = 0
        if related, let start = type.parameters["start"] {
            root = headers.firstIndex { $0.first("content-id").map { MailBytes.string($0[...]) } == start } ?? 0
        }
        for (index, part) in parts.enumerated() {
            let header = headers[index]
            try visit(
                header: header, body: part[header.bodyStart...], depth: depth,
                candidate: candidate && (!related || index == root),
                defaultType: digest ? "message/rfc822" : "text/plain")
        }
    }
}
