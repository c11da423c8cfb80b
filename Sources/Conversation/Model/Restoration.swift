/// `import json`: one candidate, timeline entry or meeting of a backup (`export json`), put back
/// as the backup holds it — its id, author and times — rather than made anew. A restore is one
/// group of these records; `importSeq` ties them together, so that one `undo` takes back all.
public struct Restoration: Sendable, Equatable {
    /// The `seq` of the restore's first record (a record that starts a restore: its own seq).
    public var importSeq: Int64
    public var item: Item

    public enum Item: Sendable, Equatable {
        /// The candidate's fields, stage, status, created and updated times and stage path;
        /// the facts are worked out again from the entries that follow.
        case candidate(Candidate)
        case entry(RestoredEntry)
        /// A meeting in its current state (`candidate` is not used: `handle` names it).
        case meeting(Meeting, handle: String)
    }

    public init(importSeq: Int64, item: Item) {
        self.importSeq = importSeq
        self.item = item
    }

    /// The candidate the item belongs to.
    public var handle: String {
        switch item {
        case .candidate(let c): c.handle
        case .entry(let e): e.handle
        case .meeting(_, let handle): handle
        }
    }

    /// The entry or meeting id the item brings back.
    public var id: Int32? {
        switch item {
        case .candidate: nil
        case .entry(let e): e.id
        case .meeting(let m, _): m.id
        }
    }
}

/// A timeline entry of any kind as a backup holds it. A corrected entry comes with its values
/// as first logged; its corrections follow as entries of their own (`target`, `newAt`).
public struct RestoredEntry: Sendable, Equatable {
    public var handle: String
    public var id: Int32
    public var at: Instant
    /// Who made it (not who restored it).
    public var author: String
    public var kind: EntryKind
    public var direction: Direction?
    public var channel: Channel?
    /// A stage entry's stage (a hire's is onboarding).
    public var stage: Stage?
    public var status: Status?
    public var rating: UInt8
    public var recommend: Bool?
    /// A hire's first working day.
    public var start: Instant?
    /// A correction's entry.
    public var target: Int32?
    /// The `at` a correction sets.
    public var newAt: Instant?
    /// The text, a status change's reason, an edit's summary; nil when it has none.
    public var text: TextValue?

    public init(
        handle: String, id: Int32, at: Instant, author: String, kind: EntryKind, direction: Direction? = nil,
        channel: Channel? = nil, stage: Stage? = nil, status: Status? = nil, rating: UInt8 = 0,
        recommend: Bool? = nil, start: Instant? = nil, target: Int32? = nil, newAt: Instant? = nil,
        text: TextValue? = nil
    ) {
        self.handle = handle
        self.id = id
        self.at = at
        self.author = author
        self.kind = kind
        self.direction = direction
        self.channel = channel
        self.stage = stage
        self.status = status
        self.rating = rating
        self.recommend = recommend
        self.start = start
        self.target = target
        self.newAt = newAt
        self.text = text
    }
}
