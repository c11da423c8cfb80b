/// Candidates by email (lowercased), built on first use: most one-shot commands never look a
/// candidate up by email, so opening a large store does not hash every address.
struct EmailIndex: @unchecked Sendable {
    private final class Storage {
        var pending: [(String, Int32)]
        var built: [String: Int32]?

        init(pending: [(String, Int32)], built: [String: Int32]?) {
            self.pending = pending
            self.built = built
        }

        var map: [String: Int32] {
            if let built { return built }
            var map = [String: Int32](minimumCapacity: pending.count)
            for (email, k) in pending { map[email] = k }
            built = map
            pending = []
            return map
        }
    }

    private var storage: Storage

    init() { storage = Storage(pending: [], built: [:]) }

    /// Keys must already be `State.emailKey`s.
    init(pending: [(String, Int32)]) { storage = Storage(pending: pending, built: nil) }

    subscript(key: String) -> Int32? {
        get { storage.map[key] }
        set {
            let map = storage.map
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(pending: [], built: map) }
            storage.built![key] = newValue
        }
    }

    var keys: [String] { Array(storage.map.keys) }
}
