/// How to take one change back, worked out when the change is applied (the state then knows
/// every old value). Undo refuses when something it would restore was changed since by
/// someone else: the `new` values no longer hold.
public struct Revert: Sendable, Equatable {
    /// Candidates to remove (undoing `add`/`import`).
    public var candidates: [String] = []
    public var handle: String?
    public var fields: [FieldRevert] = []
    public var stage: Transition<Stage>?
    public var status: Transition<Status>?
    /// The stage visit the change added (its record's seq).
    public var visit: Int64?
    public var entries: [Int32] = []
    /// For a correction (`edit #ID`), the entry it corrected: undoing it restores what that
    /// entry said before.
    public var corrected: Int32?
    /// Meetings the change created, as created.
    public var createdMeetings: [Meeting] = []
    /// A meeting the change modified: its values before and after.
    public var meeting: Transition<Meeting>?

    public init() {}

    public struct FieldRevert: Sendable, Equatable {
        public var field: CandidateField
        public var old: String?
        public var new: String?

        public init(field: CandidateField, old: String?, new: String?) {
            self.field = field
            self.old = old
            self.new = new
        }
    }

    public struct Transition<Value: Sendable & Equatable>: Sendable, Equatable {
        public var old: Value
        public var new: Value

        public init(old: Value, new: Value) {
            self.old = old
            self.new = new
        }
    }
}

/// One entry of a user's undo stack.
public struct UndoItem: Sendable, Equatable {
    public var seq: Int64
    /// The change's op (`note`, `edit`, `hire` …).
    public var op: String
    public var revert: Revert

    public init(seq: Int64, op: String, revert: Revert) {
        self.seq = seq
        self.op = op
        self.revert = revert
    }

    /// "note #41 on ada-lovelace", for `undo`'s answer.
    public var summary: String {
        var text = op
        if revert.candidates.isEmpty,
            let id = revert.entries.first ?? revert.createdMeetings.first?.id ?? revert.meeting?.new.id
        {
            text += " #\(id)"
        }
        if let handle = revert.handle {
            text += " on \(handle)"
        } else if revert.candidates.count == 1 {
            text += " of \(revert.candidates[0])"
        } else if !revert.candidates.isEmpty {
            text += " of \(revert.candidates.count) candidates"
        }
        return text
    }
}
