/// One mailbox of an address field: `Rita Recruiter <rita@example.com>`.
public struct MailAddress: Sendable, Equatable {
    /// The display name, RFC 2047 words decoded; nil when there is none.
    public var name: String?
    /// The address as written (`rita@example.com`), without angle brackets, blanks or comments.
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }
}
