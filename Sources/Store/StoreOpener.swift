import Conversation

/// Picks the backend a store address names (README "The store"): a directory is a file store;
/// `postgres://…`, `postgresql://…` and libpq's `key=value …` form name a team store on
/// PostgreSQL (never a directory called `postgres:`).
public enum StoreOpener {
    public static func open(_ address: String) throws(StoreError) -> ConversationStore {
        if isTeamStore(address) { return try TeamStore(address: address) }
        return try FileStore(path: address)
    }

    /// Creates the store at `address` (`init`): a team store's schema on its server (a second
    /// time: nothing to do), or a file store's directory. Says what it did.
    public static func create(_ address: String) throws(StoreError) -> String {
        if isTeamStore(address) {
            let parsed = try TeamAddress(address)
            let db = try PGConnection(parsed.conninfo)
            if try TeamSchema.install(on: db, schema: parsed.schema) {
                return "created the team store (schema \(parsed.schema), version \(TeamSchema.version)); "
                    + "give each recruiter a login in its role: create role NAME login in role \(TeamSchema.teamRole)"
            }
            return "the team store is there already (schema \(parsed.schema)): nothing to do"
        }
        let store = try FileStore(path: address)
        return store.created
            ? "created a new store at \(address)" : "the store is there already: nothing to do"
    }

    /// libpq's keywords that can start a `key=value` connection string.
    static let keywords: Set<Substring> = [
        "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "service", "sslmode",
        "connect_timeout", "options", "application_name", "target_session_attrs",
    ]

    /// True for libpq's URL and `key=value` forms.
    public static func isTeamStore(_ address: String) -> Bool {
        let text = address.drop { $0 == " " || $0 == "\t" }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") { return true }
        guard let equals = text.firstIndex(of: "=") else { return false }
        let key = Substring(text[..<equals].trimmingBlanks())
        return keywords.contains(key)
    }
}
