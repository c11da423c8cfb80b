import Conversation

/// What `export json` wrote, as `import json` reads it back (`BackupReader`): candidates,
/// timeline entries and meetings, each with where it stands in the file for error messages.
struct Backup {
    var candidates: [Candidate] = []
    var entries: [BackupEntry] = []
    var meetings: [BackupMeeting] = []

    /// The values a correction shows as `"old"` or `"new"`: only those it changed are there.
    struct Values: Equatable {
        var text: String??
        var at: Instant??
        var via: Channel??
    }
}

/// One element of the backup's `entries`: the entry as shown (a corrected entry shows its
/// corrected values) and, for a correction, the values before and after.
struct BackupEntry {
    /// `entries[3] (#17)`, for error messages.
    var place: String
    var handle: String
    var id: Int32
    var at: Instant
    var by: String
    var kind: EntryKind
    var direction: Direction?
    var channel: Channel?
    var rating: UInt8 = 0
    var recommend: Bool?
    var stage: Stage?
    var status: Status?
    var start: Instant?
    var text: String?
    var of: Int32?
    var old = Backup.Values()
    var new = Backup.Values()
}

struct BackupMeeting {
    var place: String
    var handle: String
    var meeting: Meeting
}
