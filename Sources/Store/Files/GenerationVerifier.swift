import Conversation

/// Reads a generation that compaction or `forget` wrote back in full before `CURRENT` points at
/// it (SPEC §8.8: "the new files are verified before the old ones are deleted"): the snapshot and
/// every candidate, meeting and undo line in it decode; every line of the entries file verifies
/// and decodes; each candidate's entry offsets point at its own lines; and what must never change
/// did not — handles, ids, times, authors, kinds and counts. Without redaction, candidates and
/// meetings come back equal to what was written; after `forget`, no free-text value still holds
/// the forgotten candidate's data.
struct GenerationVerifier {
    let directory: StoreDirectory

    /// What the new generation must hold, taken from the state it was written from.
    struct Expectation {
        struct EntryKey: Equatable {
            var id: Int32
            var handle: String
            var at: Instant
            var by: String
            var kind: EntryKind
        }

        var candidates: [Candidate]
        var entries: [EntryKey]
        /// Meetings with their candidate's handle (candidate numbers change when one is left out).
        var meetings: [(handle: String, meeting: Meeting)]
        var undo: Int
        var lastSeq: Int64
        var nextID: Int32
        var forgotten: Int
        var redactor: RecordRedactor?

        init(state: State, filter: GenerationWriter.Filter) {
            let excluded = filter.candidate
            let live = state.liveCandidates.filter { $0 != excluded }
            candidates = live.map { state.candidates[Int($0)] }
            // As their records say: a corrected entry's correction is a line of its own.
            entries = state.entries.filter(filter.keeps).map(state.asLogged).map {
                EntryKey(
                    id: $0.id, handle: state.candidates[Int($0.candidate)].handle, at: $0.at, by: state.user($0.by),
                    kind: $0.kind)
            }
            meetings = state.meetings.filter { $0.candidate != excluded }.map {
                (state.candidates[Int($0.candidate)].handle, $0)
            }
            undo = state.undoStacks.values.reduce(0) { $0 + $1.filter(filter.keepUndo).count }
            lastSeq = state.lastSeq
            nextID = state.nextID
            forgotten = state.forgotten + (excluded == nil ? 0 : 1)
            redactor = filter.redactor
        }
    }

    func verify(_ pointer: StorePointer, expected: Expectation) throws(StoreError) {
        let snapshotName = pointer.snapshotName
        func wrong(_ file: String, _ reason: String) -> StoreError {
            .corrupt(file: file, line: 0, byte: 0, reason: "the new generation does not verify: \(reason)")
        }
        guard let snapshotFile = try directory.openIfExists(snapshotName, flags: O_RDONLY) else {
            throw wrong(snapshotName, "the file is missing")
        }
        let loaded = try LoadedFile(snapshotFile)
        guard Int64(loaded.bytes.count) == pointer.snapshotBytes else { throw wrong(snapshotName, "its size") }
        let (header, restored, decoder) = try SnapshotFile.decode(loaded, source: snapshotFile, name: snapshotName)
        guard header.generation == pointer.generation, header.seq == expected.lastSeq,
            header.nextID == expected.nextID, header.forgotten == expected.forgotten,
            header.undo == expected.undo, header.entries == expected.entries.count
        else { throw wrong(snapshotName, "its header") }
        var state = restored

        guard state.candidates.count == expected.candidates.count else { throw wrong(snapshotName, "candidates") }
        // The digest line says what the candidate lines say.
        let digest = state.digestColumns
        guard digest == DigestColumns(state.candidates.map { $0 }) else {
            throw wrong(snapshotName, "the digest line does not match its candidates")
        }
        for (k, want) in expected.candidates.enumerated() {
            // Facts come back with where the new entries file holds their last inbound message.
            var got = state.candidates[k]
            got.facts = got.facts.comparable
            var want = want
            want.facts = want.facts.comparable
            if let problem = decoder.problem { throw problem }
            let same =
                expected.redactor == nil
                ? got == want
                : got.handle == want.handle && got.created == want.created && got.updated == want.updated
                    && got.stages == want.stages && got.status == want.status && got.touches == want.touches
            guard same else { throw wrong(snapshotName, "candidate \(want.handle) came back different") }
        }
        guard state.meetings.count == expected.meetings.count else { throw wrong(snapshotName, "meetings") }
        for (got, want) in zip(state.meetings, expected.meetings) {
            var a = got
            var b = want.meeting
            a.candidate = 0
            b.candidate = 0
            let same =
                expected.redactor == nil
                ? a == b
                : a.id == b.id && a.start == b.start && a.minutes == b.minutes && a.status == b.status
                    && a.scheduled == b.scheduled && a.by == b.by
            guard same, state.candidates[Int(got.candidate)].handle == want.handle else {
                throw wrong(snapshotName, "meeting #\(want.meeting.id) came back different")
            }
        }

        let entriesName = pointer.entriesName
        guard let entriesFile = try directory.openIfExists(entriesName, flags: O_RDONLY),
            try entriesFile.size() == pointer.entriesBytes
        else { throw wrong(entriesName, "the file is missing or of another size") }
        let entries = try EntriesFileReader(file: entriesFile, name: entriesName).readAll(
            expecting: header.entries, state: &state)
        var offsets = [[Int64]](repeating: [], count: state.candidates.count)
        for (got, want) in zip(entries, expected.entries) {
            let key = Expectation.EntryKey(
                id: got.id, handle: state.candidates[Int(got.candidate)].handle, at: got.at, by: state.user(got.by),
                kind: got.kind)
            guard key == want else { throw wrong(entriesName, "entry #\(want.id) came back different") }
            offsets[Int(got.candidate)].append(got.text.line)
        }
        for k in 0..<state.candidates.count {
            guard try decoder.entryOffsets(at: k) ?? [] == offsets[k] else {
                throw wrong(snapshotName, "the entry offsets of \(state.candidates[k].handle)")
            }
        }
        guard let redactor = expected.redactor else { return }
        try checkSnapshotHasNoSecret(loaded.bytes, name: snapshotName, redactor: redactor)
        // The entries file is read a line at a time again, not whole: on a large store it is
        // hundreds of megabytes.
        _ = try LineScanner(file: entriesFile).scan(from: 0, to: pointer.entriesBytes, firstLine: 1) {
            (line) throws(StoreError) -> Bool in
            try checkNoSecret(
                line.bytes, number: line.number, offset: Int(line.offset), name: entriesName, redactor: redactor)
            return true
        }
    }

    /// Every candidate, meeting and undo line of the snapshot (the header aside).
    private func checkSnapshotHasNoSecret(
        _ bytes: UnsafeRawBufferPointer, name: String, redactor: RecordRedactor
    ) throws(StoreError) {
        var start = 0
        var number = 0
        let header = Array(#"{"snapshot":"#.utf8)
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            number += 1
            var last = end
            if last > start, bytes[last - 1] == 0x2C { last -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<last])
            let digest = Array(#""digest":"#.utf8)
            if line.starts(with: digest) {
                let object = UnsafeRawBufferPointer(rebasing: line[digest.count...])
                try checkNoSecret(object, number: number, offset: start + digest.count, name: name, redactor: redactor)
            } else if !line.starts(with: header) {
                try checkNoSecret(line, number: number, offset: start, name: name, redactor: redactor)
            }
            start = end + 1
        }
    }

    /// An object line has no free text left that holds a secret; other lines (`"meetings":[`)
    /// are not objects and pass.
    private func checkNoSecret(
        _ line: UnsafeRawBufferPointer, number: Int, offset: Int, name: String, redactor: RecordRedactor
    ) throws(StoreError) {
        guard line.count > 1, line[0] == 0x7B, line[line.count - 1] == 0x7D else { return }
        switch Result(catching: { () throws(JSONSyntaxError) -> Bool in try redactor.occurs(in: line) }) {
        case .success(false): return
        case .success(true):
            throw .corrupt(
                file: name, line: number, byte: offset,
                reason: "the new generation does not verify: the forgotten candidate's data is still there")
        case .failure(let error):
            throw .corrupt(file: name, line: number, byte: offset + error.offset, reason: error.reason)
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif
