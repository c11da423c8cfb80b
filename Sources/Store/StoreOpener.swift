/// Picks the backend a store address names (README "The store"): a directory is a file store;
/// `postgres://…`, `postgresql://…` and libpq's `key=value …` form name a team store on
/// PostgreSQL, which this cande cannot open yet: it says so (exit 2) rather than make a
/// directory called `postgres:`.
public enum StoreOpener {
    public static func open(_ address: String) throws(StoreError) -> ConversationStore {
        if isTeamStore(address) {
            throw .notAStore(
                path: address,
                reason: "it names a team store on PostgreSQL, which this cande cannot open yet; give a directory")
        }
        return try FileStore(path: address)
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
        let key = text[..<equals].trimmingSuffix { $0 == " " || $0 == "\t" }
        return keywords.contains(key)
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
