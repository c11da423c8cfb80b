import Conversation

/// A team store's address (README "Team store"): libpq's URL (`postgres://…`,
/// `postgresql://…`) or `key=value` form, plus cande's own `schema` (the store's namespace in the
/// database, `cande` unless given: `?schema=NAME` in a URL, `schema=NAME` among the keys), which
/// is taken out before libpq sees the rest.
public struct TeamAddress: Equatable, Sendable {
    /// What libpq connects with.
    public var conninfo: String
    public var schema: String

    public static let defaultSchema = "cande"

    public init(_ address: String) throws(StoreError) {
        var text = address.trimmingBlanks()
        while text.last == "\n" { text = String(text.dropLast()).trimmingBlanks() }
        var schema: String?
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            var base = Substring(text)
            var kept: [Substring] = []
            if let question = text.firstIndex(of: "?") {
                base = text[..<question]
                for pair in text[text.index(after: question)...].split(separator: "&") {
                    if pair.hasPrefix("schema=") { schema = String(pair.dropFirst(7)) } else { kept.append(pair) }
                }
            }
            conninfo = String(base) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        } else {
            var kept: [Substring] = []
            for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                if word.hasPrefix("schema=") { schema = String(word.dropFirst(7)) } else { kept.append(word) }
            }
            conninfo = kept.joined(separator: " ")
        }
        self.schema = try TeamSchema.identifier(schema ?? Self.defaultSchema)
    }
}
