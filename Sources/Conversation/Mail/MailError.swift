/// Why a message could not be read. The descriptions are shown to the user as they are.
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input does not start with a header field (`Name: value`).
    case noHeader
    /// The From field is missing or holds no address.
    case noFromAddress
    /// The text part (numbered from 1 among the parts that are not multipart) holds a character
    /// outside the base64 alphabet.
    case badBase64(part: Int)
    /// A text in a charset neither decoded here nor known to iconv.
    case unknownCharset(String)
    /// Multipart bodies nested deeper than `limit`.
    case tooDeep(limit: Int)

    public var description: String {
        switch self {
        case .noHeader: return "no header"
        case .noFromAddress: return "no From address"
        case .badBase64(let part): return "bad base64 in part \(part)"
        case .unknownCharset(let name): return "unknown charset \(name)"
        case .tooDeep(let limit): return "parts nested more than \(limit) deep"
        }
    }
}
