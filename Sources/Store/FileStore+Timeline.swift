import Conversation

extension FileStore {
    /// `ConversationStore.load`: the file store keeps older entries in the snapshot's entries
    /// file and reads them when a view first needs them.
    public func load(_ scope: TimelineScope) throws(StoreError) {
        switch scope {
        case .everyone: try loadTimeline()
        case .candidate(let k): try loadTimeline(of: k)
        }
    }

    /// Loads the older timeline of one candidate only, when the snapshot says where it is (else
    /// everyone's): `history` and `show` of one candidate on a large store read a few lines.
    public func loadTimeline(of candidate: Int32) throws(StoreError) {
        guard !state.hasTimeline(of: candidate), let file = files.entries else { return }
        do {
            guard let offsets = try snapshotCandidates?.entryOffsets(at: Int(candidate)) else {
                return try loadTimeline()  // a snapshot without the index
            }
            let older = try CandidateEntriesReader(file: file, name: pointer.entriesName).read(
                offsets: offsets, state: &state)
            state.loadOlderEntries(of: candidate, older)
        } catch {
            if case .corrupt = error { timelineDamage = timelineDamage ?? error }
            throw error
        }
    }

    /// The entries whose lines start at `offsets` in the snapshot's entries file (where facts
    /// point: a candidate's last inbound message), without loading anything else. Nothing for
    /// a store without a snapshot.
    public func entries(atPlaces offsets: [Int64]) throws(StoreError) -> [Entry] {
        guard let file = files.entries, !offsets.isEmpty else { return [] }
        do {
            // Each line is read once per generation (an interactive `today` quotes the same ones).
            let missing = offsets.filter { lineCache[$0] == nil }
            let read = try CandidateEntriesReader(file: file, name: pointer.entriesName).read(
                offsets: missing, state: &state)
            for (offset, entry) in zip(missing, read) { lineCache[offset] = entry }
            return offsets.map { lineCache[$0]! }
        } catch {
            if case .corrupt = error { timelineDamage = timelineDamage ?? error }
            throw error
        }
    }

    public func loadTimeline() throws(StoreError) {
        if let timelineDamage { throw timelineDamage }
        guard !state.timelineComplete, let file = files.entries else { return }
        do {
            let older = try EntriesFileReader(file: file, name: pointer.entriesName).readAll(
                expecting: olderEntries, state: &state)
            state.loadOlderEntries(older)
        } catch {
            if case .corrupt = error { timelineDamage = error }
            throw error
        }
    }
}

/// Reads a whole entries file of a snapshot: every line verified (its `sum`) and decoded
/// straight into `Entry` values, the count checked against the snapshot's header.
struct EntriesFileReader {
    let file: FileDescriptor
    let name: String

    func readAll(expecting count: Int, state: inout State) throws(StoreError) -> [Entry] {
        let size = try file.size()
        var older: [Entry] = []
        // A header's count is a claim, not a size to trust: a line takes at least 30 bytes.
        older.reserveCapacity(min(count, Int(size / 30) + 1))
        var problem: StoreError?
        var decoder = EntryLineDecoder(state: state)
        let name = self.name
        let end = try LineScanner(file: file).scan(from: 0, to: size, firstLine: 1) {
            (line) throws(StoreError) -> Bool in
            switch Framing.verify(line.bytes) {
            case .valid: break
            case .unframed:
                problem = .corrupt(file: name, line: line.number, byte: Int(line.offset), reason: "not a framed record")
                return false
            case .mismatch:
                problem = .corrupt(
                    file: name, line: line.number, byte: Int(line.offset),
                    reason: "checksum mismatch (the line was changed or damaged)")
                return false
            }
            do throws(JSONSyntaxError) {
                older.append(
                    try decoder.decode(
                        line.bytes, source: FileTextSource.entriesSource, offset: line.offset, state: &state)
                )
            } catch {
                problem = .corrupt(
                    file: name, line: line.number, byte: Int(line.offset) + error.offset, reason: error.reason)
                return false
            }
            return true
        }
        if problem == nil, end.tailBytes > 0 || older.count != count {
            problem = .corrupt(
                file: name, line: end.nextLine, byte: Int(end.complete),
                reason: "expected \(count) records, found \(older.count)")
        }
        if let problem { throw problem }
        return older
    }
}
