extension State {
    /// The timeline entry a stored record stands for, without touching candidates or meetings:
    /// for records of the snapshot's entries file, whose effects the snapshot already holds.
    public mutating func restoredEntry(from record: Record, line: TextRef) throws(ChangeError) -> Entry {
        let by = intern(user: record.by)
        func index(_ handle: String) throws(ChangeError) -> Int32 {
            guard let k = handleIndex[handle] else { throw .unknownCandidate(handle) }
            return k
        }
        func text(_ value: TextValue?) -> TextRef {
            if case .ref(let ref)? = value { return ref }
            return line
        }
        switch record.change {
        case .edit(let handle, let id, _, let summary):
            return Entry(id: id, candidate: try index(handle), at: record.ts, by: by, kind: .edit, text: text(summary))
        case .entry(let d):
            return Entry(
                id: d.id, candidate: try index(d.handle), at: d.at, by: by, kind: d.kind, direction: d.direction,
                channel: d.channel, rating: d.rating, recommend: d.recommend, text: text(d.text))
        case .stage(let handle, let id, let stage):
            return Entry(id: id, candidate: try index(handle), at: record.ts, by: by, kind: .stage, stage: stage, text: line)
        case .status(let handle, let id, let status, let reason):
            return Entry(
                id: id, candidate: try index(handle), at: record.ts, by: by, kind: .status, status: status,
                text: text(reason))
        case .hire(let handle, let id, let start, _):
            return Entry(
                id: id, candidate: try index(handle), at: record.ts, by: by, kind: .status, stage: .onboarding,
                status: .hired, extra: start.seconds, text: line)
        default:
            throw .inconsistent("a \(record.change.op) record cannot be a timeline entry")
        }
    }

    /// Whether a record of this change belongs to the entries file after compaction.
    public static func isTimelineRecord(_ change: Change) -> Bool {
        switch change {
        case .edit, .entry, .stage, .status, .hire: return true
        default: return false
        }
    }
}
