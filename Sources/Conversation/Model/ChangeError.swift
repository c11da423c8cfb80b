/// Why a change cannot be applied to the current state. The text is user-facing.
public enum ChangeError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownCandidate(String)
    case handleTaken(String)
    case emailTaken(email: String, handle: String)
    case unknownMeeting(Int32)
    /// No live timeline entry has that id.
    case unknownEntry(Int32)
    /// Only messages, notes, asks and feedback can be corrected.
    case notCorrectable(Int32, EntryKind)
    /// `forget #ID` erases what someone wrote or said, not the record of a stage or status.
    case notErasable(Int32, EntryKind)
    case meetingNotScheduled(Int32, MeetingStatus)
    case alreadyStatus(String, Status)
    case alreadyAt(String, Stage)
    case nothingToUndo(user: String)
    case undoConflict(String)
    /// A time the store's files cannot hold (they write years 1–9999).
    case timeOutOfRange(Instant)
    /// The store's own records do not fit together (replay only).
    case inconsistent(String)

    public var description: String {
        switch self {
        case .unknownCandidate(let handle): "no candidate \(handle)"
        case .handleTaken(let handle): "the handle \(handle) is taken"
        case .emailTaken(let email, let handle): "\(email) is already the email of \(handle)"
        case .unknownMeeting(let id): "no meeting #\(id)"
        case .unknownEntry(let id): "no entry #\(id)"
        case .notCorrectable(let id, let kind):
            "#\(id) is a \(kind.name) entry; only messages, notes, asks and feedback can be corrected"
        case .notErasable(let id, let kind):
            "#\(id) is a \(kind.name) entry; forget #ID erases a message, note, ask, feedback or correction "
                + "(forget REF erases a whole candidate)"
        case .meetingNotScheduled(let id, let status): "meeting #\(id) is \(status.name), not scheduled"
        case .alreadyStatus(let handle, let status): "\(handle) is already \(status.name)"
        case .alreadyAt(let handle, let stage): "\(handle) is already at \(stage.name)"
        case .nothingToUndo(let user): "nothing of \(user)'s left to undo"
        case .undoConflict(let why): "cannot undo: \(why)"
        case .timeOutOfRange: "that time is too far away (years 1–9999 only)"
        case .inconsistent(let why): why
        }
    }
}
