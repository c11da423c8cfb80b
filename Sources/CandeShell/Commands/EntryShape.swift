import Conversation
import Store

/// A timeline entry of `export json` (`JSONShapes.entry`) read back: the keys of its kind, and
/// for a correction the `"old"` and `"new"` values.
enum EntryShape {
    private static let keys = KeyTable([
        "id", "handle", "at", "kind", "by", "dir", "via", "rating", "recommend", "stage", "status", "start", "reason",
        "of", "old", "new", "text", "edited",
    ])

    static func read(_ r: inout JSONReader, label: String) throws(JSONSyntaxError) -> BackupEntry {
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var hint = 0
        var e = BackupEntry(place: label, handle: "", id: 0, at: Instant(seconds: 0), by: "", kind: .note)
        while let key = try r.nextKey(&first) {
            guard let k = keys.lookup(key, hint: &hint) else {
                throw r.error("unknown key \"\(String(decoding: key, as: UTF8.self))\" in an entry")
            }
            try seen.insert(k, r, name: keys.names[k])
            switch k {
            case 0:
                e.id = try r.id()
                e.place = "\(label) (#\(e.id))"
            case 1: e.handle = try r.string()
            case 2: e.at = try r.instant()
            case 3: e.kind = try r.word(EntryKind.self)
            case 4: e.by = try r.string()
            case 5: e.direction = r.null() ? nil : try r.word(Direction.self)
            case 6: e.channel = r.null() ? nil : try r.word(Channel.self)
            case 7:
                if !r.null() {
                    let at = r.position
                    let value = try r.int()
                    guard (1...5).contains(value) else { throw r.error("rating \(value) is not 1–5", at: at) }
                    e.rating = UInt8(value)
                }
            case 8: e.recommend = r.null() ? nil : try r.bool()
            case 9: e.stage = r.null() ? nil : try r.word(Stage.self)
            case 10: e.status = r.null() ? nil : try r.word(Status.self)
            case 11: e.start = try r.instant()
            case 12, 16: e.text = try r.optionalString()
            case 13: e.of = try r.id()
            case 14: e.old = try values(&r)
            case 15: e.new = try values(&r)
            default: _ = try r.bool()
            }
        }
        for k in [0, 1, 2, 3, 4] where !seen.contains(k) { throw r.error("an entry without \"\(keys.names[k])\"") }
        try checkKind(e, seen: seen, r)
        return e
    }

    /// The keys each kind needs (`export json` writes them all).
    private static func checkKind(_ e: BackupEntry, seen: SeenKeys, _ r: JSONReader) throws(JSONSyntaxError) {
        func need(_ k: Int, _ ok: Bool = true) throws(JSONSyntaxError) {
            guard seen.contains(k), ok else {
                throw r.failure(e.place, "a \(e.kind.name) entry needs \"\(keys.names[k])\"")
            }
        }
        switch e.kind {
        case .message:
            try need(5, e.direction != nil)
            try need(16, e.text != nil)
        case .note, .ask, .feedback, .edit: try need(16, e.text != nil)
        case .stage: try need(9, e.stage != nil)
        case .status:
            try need(10, e.status != nil)
            if e.status == .hired { try need(11) }
        case .correction:
            try need(13)
            try need(14)
            try need(15)
            guard e.new.text != nil || e.new.at != nil || e.new.via != nil else {
                throw r.failure(e.place, "a correction that changes nothing")
            }
        }
    }

    private static func values(_ r: inout JSONReader) throws(JSONSyntaxError) -> Backup.Values {
        var values = Backup.Values()
        try r.beginObject()
        var first = true
        while let key = try r.nextKey(&first) {
            switch String(decoding: key, as: UTF8.self) {
            case "text" where values.text == nil: values.text = .some(try r.optionalString())
            case "at" where values.at == nil: values.at = .some(try r.optionalInstant())
            case "via" where values.via == nil: values.via = .some(r.null() ? nil : try r.word(Channel.self))
            case let other: throw r.error("unexpected key \"\(other)\" in a correction's values")
            }
        }
        return values
    }
}
