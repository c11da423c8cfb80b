/// One timeline entry (all kinds but meetings, which live in `Meeting`). Kept small and free of
/// references, so that a million of them load fast and cost little memory; the text stays on
/// disk behind `text`.
public struct Entry: Sendable, Equatable {
    public var id: Int32
    /// The candidate's number in `State.candidates`.
    public var candidate: Int32
    /// When it happened (for messages logged later with `at:`, the time given).
    public var at: Instant
    /// The author's number in `State.users`.
    public var by: Int32
    public var kind: EntryKind
    public var direction: Direction?
    public var channel: Channel?
    /// For `stage` entries, the stage reached; for a hire, onboarding.
    public var stage: Stage?
    /// For `status` entries, the status set.
    public var status: Status?
    /// Feedback rating 1–5; 0 when none was given.
    public var rating: UInt8
    public var recommend: Bool?
    /// Undone: no view shows it; compaction drops it.
    public var removed: Bool
    /// For a hire, the first working day (seconds); for a correction, the id of the entry it
    /// corrects; otherwise 0.
    public var extra: Int64
    /// The text, the reason of a status change, or the summary of an edit.
    public var text: TextRef

    public init(
        id: Int32, candidate: Int32, at: Instant, by: Int32, kind: EntryKind, direction: Direction? = nil,
        channel: Channel? = nil, stage: Stage? = nil, status: Status? = nil, rating: UInt8 = 0,
        recommend: Bool? = nil, extra: Int64 = 0, text: TextRef = .none
    ) {
        self.id = id
        self.candidate = candidate
        self.at = at
        self.by = by
        self.kind = kind
        self.direction = direction
        self.channel = channel
        self.stage = stage
        self.status = status
        self.rating = rating
        self.recommend = recommend
        self.removed = false
        self.extra = extra
        self.text = text
    }

    /// Entries `edit #ID` can correct and `forget #ID` can erase: what someone wrote or said.
    public var isCorrectable: Bool { isSearchable }

    /// Texts `find` searches: messages, notes, asks and feedback.
    public var isSearchable: Bool {
        switch kind {
        case .message, .note, .ask, .feedback: return true
        case .stage, .status, .edit, .correction: return false
        }
    }
}

/// The kinds of timeline entry, named as in the store and in `--json` output.
public enum EntryKind: UInt8, Vocabulary {
    case message, note, stage, status, ask, feedback, edit
    /// `edit #ID`: a correction of a logged entry (`extra` holds the corrected entry's id).
    case correction
    public var name: String {
        switch self {
        case .message: "message"
        case .note: "note"
        case .stage: "stage"
        case .status: "status"
        case .ask: "ask"
        case .feedback: "feedback"
        case .edit: "edit"
        case .correction: "correction"
        }
    }
}
