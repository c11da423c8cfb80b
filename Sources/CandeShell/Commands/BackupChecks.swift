import Conversation

/// The references inside a backup, checked before anything is planned: every handle and email
/// once, every id once, entries and meetings of candidates the file holds, corrections of
/// earlier messages, notes, asks or feedback of the same candidate. The first problem is thrown,
/// naming its element.
enum BackupChecks {
    static func check(_ backup: Backup) throws(BackupReader.Failure) {
        var handles: [String: Int] = [:]
        var emails: [String: String] = [:]
        for (n, c) in backup.candidates.enumerated() {
            let place = "candidates[\(n)] (\(c.handle))"
            if let earlier = handles[c.handle] {
                throw .init(place: place, reason: "the handle \(c.handle) is also candidates[\(earlier)]'s")
            }
            handles[c.handle] = n
            if let email = c.email {
                if let other = emails[State.emailKey(email)] {
                    throw .init(place: place, reason: "\(email) is also the email of \(other)")
                }
                emails[State.emailKey(email)] = c.handle
            }
        }
        var ids: [Int32: String] = [:]
        var entries: [Int32: BackupEntry] = [:]
        for e in backup.entries {
            try checkID(e.id, place: e.place, ids: &ids)
            try checkAuthor(e.by, place: e.place)
            guard handles[e.handle] != nil else {
                throw .init(place: e.place, reason: "its candidate \(e.handle) is not among the backup's candidates")
            }
            if e.kind == .correction, let target = e.of {
                guard let corrected = entries[target] else {
                    throw .init(
                        place: e.place, reason: "it corrects #\(target), which is not an earlier entry of the backup")
                }
                guard corrected.handle == e.handle else {
                    throw .init(place: e.place, reason: "it corrects #\(target), an entry of another candidate")
                }
                guard [.message, .note, .ask, .feedback].contains(corrected.kind) else {
                    throw .init(place: e.place, reason: "it corrects #\(target), a \(corrected.kind.name) entry")
                }
            }
            entries[e.id] = e
        }
        for m in backup.meetings {
            try checkID(m.meeting.id, place: m.place, ids: &ids)
            try checkAuthor(m.meeting.by, place: m.place)
            guard handles[m.handle] != nil else {
                throw .init(place: m.place, reason: "its candidate \(m.handle) is not among the backup's candidates")
            }
        }
    }

    private static func checkID(_ id: Int32, place: String, ids: inout [Int32: String]) throws(BackupReader.Failure) {
        if let other = ids[id] { throw .init(place: place, reason: "the id #\(id) is also \(other)'s") }
        ids[id] = place.prefix { $0 != " " }.description
    }

    private static func checkAuthor(_ by: String, place: String) throws(BackupReader.Failure) {
        guard !by.isEmpty, by.count <= 64 else {
            throw .init(place: place, reason: "\"by\" must name its author (1–64 characters)")
        }
    }
}
