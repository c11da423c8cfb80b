/// What `MailParser` reads out of one RFC 5322 message.
public struct MailMessage: Sendable, Equatable {
    /// The Message-ID without its angle brackets; nil when absent.
    public var messageID: String?
    public var from: [MailAddress]
    public var to: [MailAddress]
    public var cc: [MailAddress]
    /// From the Date field; nil when absent or unreadable.
    public var date: Instant?
    /// RFC 2047 words decoded, unfolded, trimmed; nil when absent.
    public var subject: String?
    /// The chosen text part decoded, LF line ends (an HTML part reduced to text).
    public var body: String
    /// Whether `body` was reduced from HTML because the message has no text/plain part.
    public var bodyIsHTML: Bool
    /// `body` without quoted history and signature, trailing blank lines trimmed, then one
    /// `[attachment: NAME]` line per attachment after a blank line.
    public var text: String
    /// File names of the attachments, in order ("unnamed" for one without a name).
    public var attachments: [String]

    public init(
        messageID: String? = nil, from: [MailAddress] = [], to: [MailAddress] = [], cc: [MailAddress] = [],
        date: Instant? = nil, subject: String? = nil, body: String = "", bodyIsHTML: Bool = false,
        text: String = "", attachments: [String] = []
    ) {
        self.messageID = messageID
        self.from = from
        self.to = to
        self.cc = cc
        self.date = date
        self.subject = subject
        self.body = body
        self.bodyIsHTML = bodyIsHTML
        self.text = text
        self.attachments = attachments
    }
}
