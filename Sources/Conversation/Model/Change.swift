/// One user's change to the store, as the journal records it: every command that changes
/// something produces exactly one `Change`, applied atomically.
public enum Change: Sendable, Equatable {
    /// `add` (one draft) or `import csv` (many, all or nothing).
    case add([CandidateDraft])
    /// `edit`: the new values; `summary` is the line history shows.
    case edit(handle: String, id: Int32, fields: [FieldChange], summary: TextValue)
    /// A message, note, ask or feedback.
    case entry(EntryDraft)
    case stage(handle: String, id: Int32, stage: Stage)
    /// `reject` or `withdraw`.
    case status(handle: String, id: Int32, status: Status, reason: TextValue?)
    /// Status hired, stage onboarding, and the check-ins of the plan.
    case hire(handle: String, id: Int32, start: Instant, checkins: [MeetingDraft])
    /// `talk` or `checkin`.
    case schedule(MeetingDraft)
    case done(meeting: Int32, mood: Mood?, outcome: String?)
    case cancel(meeting: Int32, reason: String?)
    case move(meeting: Int32, start: Instant)
    /// `edit #ID`: a logged entry's text, time or channel corrected, as a record of its own.
    case correct(Correction)
    /// Reverts the author's change recorded at `target`.
    case undo(target: Int64)
    /// `import json`: a candidate, entry or meeting of a backup, as it was.
    case restore(Restoration)

    /// The name the journal uses for it (`"op"`).
    public var op: String {
        switch self {
        case .add: "add"
        case .edit: "edit"
        case .entry(let draft): draft.kind.name
        case .stage: "stage"
        case .status: "status"
        case .hire: "hire"
        case .schedule(let m): m.kind.name
        case .done: "done"
        case .cancel: "cancel"
        case .move: "move"
        case .correct: "correct"
        case .undo: "undo"
        case .restore: "restore"
        }
    }

    /// The entry or meeting id the change creates or concerns, if any.
    public var id: Int32? {
        switch self {
        case .add, .undo: nil
        case .edit(_, let id, _, _), .stage(_, let id, _), .status(_, let id, _, _), .hire(_, let id, _, _): id
        case .entry(let draft): draft.id
        case .schedule(let m): m.id
        case .done(let id, _, _), .cancel(let id, _), .move(let id, _): id
        case .correct(let c): c.id
        case .restore(let r): r.id
        }
    }

    /// The highest id the change allocates (hire allocates one per check-in too).
    var lastAllocatedID: Int32? {
        switch self {
        case .hire(_, let id, _, let checkins): checkins.map(\.id).max().map { max($0, id) } ?? id
        case .edit, .stage, .status, .entry, .schedule, .correct, .restore: id
        default: nil
        }
    }
}

/// A candidate as `add` and `import` create it.
public struct CandidateDraft: Sendable, Equatable {
    public var handle: String
    public var name: String
    public var email: String?
    public var phone: String?
    public var role: String?
    public var source: Source?
    public var owner: String?
    public var stage: Stage
    public var tags: [String]
    public var tz: String?
    /// `import csv` of an export or another tracking system's file: the status and the times it
    /// says (nil: when the change is recorded). The first stage visit is at `created`.
    public var status: Status = .active
    public var created: Instant?
    public var updated: Instant?

    public init(
        handle: String, name: String, email: String? = nil, phone: String? = nil, role: String? = nil,
        source: Source? = nil, owner: String? = nil, stage: Stage = .applied, tags: [String] = [],
        tz: String? = nil, status: Status = .active, created: Instant? = nil, updated: Instant? = nil
    ) {
        self.handle = handle
        self.name = name
        self.email = email
        self.phone = phone
        self.role = role
        self.source = source
        self.owner = owner
        self.stage = stage
        self.tags = tags
        self.tz = tz
        self.status = status
        self.created = created
        self.updated = updated
    }
}

/// A new value for one field (`nil` clears it; tags are comma-separated).
public struct FieldChange: Sendable, Equatable {
    public var field: CandidateField
    public var value: String?

    public init(field: CandidateField, value: String?) {
        self.field = field
        self.value = value
    }
}

/// A message, note, ask or feedback about to be recorded.
public struct EntryDraft: Sendable, Equatable {
    public var handle: String
    public var id: Int32
    public var at: Instant
    public var kind: EntryKind
    public var direction: Direction?
    public var channel: Channel?
    public var rating: UInt8
    public var recommend: Bool?
    /// An imported email's `Message-ID` (without the angle brackets): importing it again adds nothing.
    public var messageID: String?
    public var text: TextValue

    public init(
        handle: String, id: Int32, at: Instant, kind: EntryKind, direction: Direction? = nil,
        channel: Channel? = nil, rating: UInt8 = 0, recommend: Bool? = nil, messageID: String? = nil,
        text: TextValue
    ) {
        self.messageID = messageID
        self.handle = handle
        self.id = id
        self.at = at
        self.kind = kind
        self.direction = direction
        self.channel = channel
        self.rating = rating
        self.recommend = recommend
        self.text = text
    }
}

/// `edit #ID`: new values for a logged entry; nil leaves a value as it is.
public struct Correction: Sendable, Equatable {
    /// The candidate of the corrected entry.
    public var handle: String
    /// The correction's own entry id.
    public var id: Int32
    /// The entry it corrects.
    public var target: Int32
    public var at: Instant?
    public var channel: Channel?
    public var text: TextValue?

    public init(
        handle: String, id: Int32, target: Int32, at: Instant? = nil, channel: Channel? = nil, text: TextValue? = nil
    ) {
        self.handle = handle
        self.id = id
        self.target = target
        self.at = at
        self.channel = channel
        self.text = text
    }
}

/// A talk or check-in about to be scheduled.
public struct MeetingDraft: Sendable, Equatable {
    public var id: Int32
    public var handle: String
    public var kind: MeetingKind
    public var with: String?
    public var role: ColleagueRole?
    public var start: Instant
    public var minutes: Int
    public var place: String?

    public init(
        id: Int32, handle: String, kind: MeetingKind, with: String? = nil, role: ColleagueRole? = nil,
        start: Instant, minutes: Int, place: String? = nil
    ) {
        self.id = id
        self.handle = handle
        self.kind = kind
        self.with = with
        self.role = role
        self.start = start
        self.minutes = minutes
        self.place = place
    }
}

/// A change as the journal holds it: numbered, dated, signed.
public struct Record: Sendable, Equatable {
    public var seq: Int64
    /// When it was recorded.
    public var ts: Instant
    public var by: String
    public var change: Change

    public init(seq: Int64, ts: Instant, by: String, change: Change) {
        self.seq = seq
        self.ts = ts
        self.by = by
        self.change = change
    }
}

extension Change {
    /// The same change with its text (entry text, edit summary or status reason) replaced, as the
    /// store does once it knows where the text landed in the journal.
    public func withText(_ text: TextValue) -> Change {
        switch self {
        case .edit(let handle, let id, let fields, _):
            return .edit(handle: handle, id: id, fields: fields, summary: text)
        case .entry(var draft):
            draft.text = text
            return .entry(draft)
        case .status(let handle, let id, let status, let reason):
            return .status(handle: handle, id: id, status: status, reason: reason == nil ? nil : text)
        case .correct(var correction):
            if correction.text != nil { correction.text = text }
            return .correct(correction)
        case .restore(var restoration):
            guard case .entry(var entry) = restoration.item, entry.text != nil else { return self }
            entry.text = text
            restoration.item = .entry(entry)
            return .restore(restoration)
        default: return self
        }
    }

    /// The change's text, if it has one.
    public var text: TextValue? {
        switch self {
        case .edit(_, _, _, let summary): summary
        case .entry(let draft): draft.text
        case .status(_, _, _, let reason): reason
        case .correct(let correction): correction.text
        case .restore(let restoration):
            if case .entry(let entry) = restoration.item { entry.text } else { nil }
        default: nil
        }
    }
}
