/// The `CURRENT` file: which generation of the store is live, written atomically (temporary file,
/// fsync, rename, fsync of the directory) so that a crash leaves either the old or the new one.
struct StorePointer: Equatable {
    static let fileName = "CURRENT"
    /// The schema this cande reads and writes. 3: candidates' facts in the snapshot (a schema 2
    /// snapshot has none: they are worked out from the timeline once). 4: the digest line after
    /// the header, the entry offsets in their own section at the end. 5: meetings keep when they
    /// last changed and how often (`changed`, `sequence`: a calendar's LAST-MODIFIED and
    /// SEQUENCE). The first write rewrites an older store as schema 5.
    static let schema = 5

    var schema: Int
    var generation: Int
    /// Generation 0 starts with no snapshot.
    var hasSnapshot: Bool
    var snapshotBytes: Int64
    var entriesBytes: Int64

    var snapshotName: String { "snapshot-\(generation).json" }
    var entriesName: String { "entries-\(generation).jsonl" }
    var journalName: String { "journal-\(generation).jsonl" }
    /// `find`'s index of the entries file (`SearchIndexLayout`); derived, so it may be missing.
    var searchName: String { "search-\(generation).idx" }
    var fileNames: Set<String> {
        hasSnapshot ? [snapshotName, entriesName, journalName, searchName] : [journalName]
    }

    func encoded() -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("schema")
        w.int(schema)
        w.key("generation")
        w.int(generation)
        w.key("snapshot")
        w.bool(hasSnapshot)
        w.key("snapshotBytes")
        w.int(snapshotBytes)
        w.key("entriesBytes")
        w.int(entriesBytes)
        Framing.seal(&w, objectStart: 0)
        w.bytes.append(0x0A)
        return w.bytes
    }

    private static let keys = KeyTable(["schema", "generation", "snapshot", "snapshotBytes", "entriesBytes", "sum"])

    static func decode(_ bytes: [UInt8]) throws(StoreError) -> StorePointer {
        var trimmed = bytes
        if trimmed.last == 0x0A { trimmed.removeLast() }
        let result = trimmed.withUnsafeBytes { raw -> Result<StorePointer, StoreError> in
            switch Framing.verify(raw) {
            case .valid: break
            case .unframed:
                return .failure(.corrupt(file: fileName, line: 1, byte: 0, reason: "not a cande pointer file"))
            case .mismatch: return .failure(.corrupt(file: fileName, line: 1, byte: 0, reason: "checksum mismatch"))
            }
            var r = JSONReader(raw)
            do throws(JSONSyntaxError) {
                try r.beginObject()
                var first = true
                var seen = SeenKeys()
                var pointer = StorePointer(
                    schema: 0, generation: -1, hasSnapshot: false, snapshotBytes: 0, entriesBytes: 0)
                var hint = 0
                while let key = try r.nextKey(&first) {
                    guard let k = keys.lookup(key, hint: &hint) else { throw r.error("unknown key") }
                    try seen.insert(k, r, name: keys.names[k])
                    switch k {
                    case 0: pointer.schema = Int(try r.int())
                    case 1: pointer.generation = Int(try r.int(in: StoreLimits.count, "generation"))
                    case 2: pointer.hasSnapshot = try r.bool()
                    case 3: pointer.snapshotBytes = try r.int(in: 0...Int64.max, "snapshotBytes")
                    case 4: pointer.entriesBytes = try r.int(in: 0...Int64.max, "entriesBytes")
                    default: _ = try r.stringSpan()
                    }
                }
                try r.expectEnd()
                guard pointer.schema > 0, pointer.generation >= 0 else { throw r.error("schema or generation missing") }
                return .success(pointer)
            } catch {
                return .failure(.corrupt(file: fileName, line: 1, byte: error.offset, reason: error.reason))
            }
        }
        return try result.get()
    }
}
