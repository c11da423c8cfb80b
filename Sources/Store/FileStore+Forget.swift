import Conversation

#if canImport(Glibc)
    import Glibc
#endif

extension FileStore {
    /// Erases a candidate (SPEC §8.8): a new generation without them, their entries, meetings and
    /// everyone's undo history about them; their name, email, handle and phone redacted from the
    /// free-text values of every other line (`RecordRedactor`); the new generation verified in
    /// full before the old one is deleted; quarantined records about them dropped. Only a count
    /// remains.
    public func forget(handle: String) throws(StoreError) {
        try withExclusiveLock { () throws(StoreError) in
            try writePending()
            try catchUp(canRepair: true)
            try refuseIfReadOnly()
            guard let k = state.candidateIndex(handle: handle) else {
                throw .rejected(.unknownCandidate(handle))
            }
            onPhase?("reading")
            try loadTimeline()
            let redactor = Self.redactor(for: state.candidates[Int(k)])
            var filter = GenerationWriter.Filter()
            filter.candidate = k
            filter.redactor = redactor.isEmpty ? nil : RecordRedactor(redactor: redactor)
            let meetingsOfCandidate = Set(state.meetings(of: k).map(\.id))
            filter.keepUndo = { item in
                let r = item.revert
                return r.handle != handle && !r.candidates.contains(handle)
                    && !r.createdMeetings.contains { meetingsOfCandidate.contains($0.id) || $0.candidate == k }
                    && r.meeting.map { $0.new.candidate != k } ?? true
            }
            try switchGeneration(filter)
            try QuarantineScrubber(directory: directory) { text in
                text.contains("\"c\":\"\(handle)\"") || redactor.occurs(in: text)
            }.scrub()
        }
    }

    /// Erases one entry (`forget #ID`): a new generation without it and its corrections, and
    /// without the undo history about them, verified before the old files are deleted. A
    /// correction forgotten on its own takes only that correction away.
    public func forget(entry id: Int32) throws(StoreError) {
        try withExclusiveLock { () throws(StoreError) in
            try writePending()
            try catchUp(canRepair: true)
            try refuseIfReadOnly()
            onPhase?("reading")
            try loadTimeline()
            guard let position = state.entryPosition(id: id), !state.entries[position].removed else {
                throw .rejected(.unknownEntry(id))
            }
            let entry = state.entries[position]
            guard entry.isCorrectable || entry.kind == .correction else {
                throw .rejected(.notErasable(id, entry.kind))
            }
            let erased = Set([id] + state.corrections(of: id))
            var filter = GenerationWriter.Filter()
            filter.entries = erased
            filter.keepUndo = { item in
                !item.revert.entries.contains(where: erased.contains)
                    && !(item.revert.corrected.map(erased.contains) ?? false)
            }
            try switchGeneration(filter)
            // A torn write that held the entry or a correction of it goes too.
            try QuarantineScrubber(directory: directory) { text in
                erased.contains { text.contains("\"id\":\($0),") || text.contains("\"of\":\($0),") }
            }.scrub()
        }
    }

    /// What to look for in other people's texts: the name (two characters or more), email and
    /// handle as whole words; the phone when it has enough digits to be told apart.
    static func redactor(for candidate: Candidate) -> TextRedactor {
        var words = [candidate.handle]
        if candidate.name.count >= 2 { words.append(candidate.name) }
        if let email = candidate.email { words.append(email) }
        return TextRedactor(words: words, phones: candidate.phone.map { [$0] } ?? [])
    }
}

/// Drops every record about what was forgotten from the quarantine files (torn writes kept for
/// inspection): a line `isAbout` says is about it (for a candidate: one that names their handle
/// or holds any of their data) goes whole; a file left with nothing is removed.
struct QuarantineScrubber {
    let directory: StoreDirectory
    /// A torn line as text, its JSON escapes undone as far as they go.
    let isAbout: (String) -> Bool

    func scrub() throws(StoreError) {
        var changed = false
        for name in try directory.names() where name.hasPrefix("quarantine-") && name.hasSuffix(".torn") {
            guard let file = try directory.openIfExists(name, flags: O_RDONLY) else { continue }
            let bytes = try file.readAll()
            var kept: [UInt8] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                let line = bytes[start..<end]
                if !isAbout(String(decoding: JSONEscaping.unescape(line), as: UTF8.self)) {
                    kept.append(contentsOf: line)
                    if end < bytes.count { kept.append(0x0A) }
                }
                start = end + 1
            }
            guard kept != bytes else { continue }
            if kept.isEmpty {
                try directory.remove(name)
            } else {
                try directory.replace(name, with: kept)
            }
            changed = true
        }
        if changed { try directory.sync() }
    }
}
