import Conversation

#if canImport(Glibc)
    import Glibc
#endif

extension FileStore {
    /// Applies the journal's writes made since the last look (by anyone). Returns true when a torn
    /// tail was found that this call could not set aside (`canRepair` false: a shared lock) but a
    /// writer could.
    @discardableResult
    func catchUp(canRepair: Bool) throws(StoreError) -> Bool {
        // The facts of candidates whose changes came out of order are worked out once read.
        defer { settleFacts() }
        let current = try readPointer()
        if current.generation != pointer.generation || current.schema != pointer.schema { try loadGeneration() }
        guard let journal else { return false }
        var size = try journal.size()
        if size < journalEnd {
            // Cut below what we applied: only a repair by someone else, never of complete writes;
            // start over rather than guess.
            try loadGeneration()
            size = try journal.size()
        }
        guard size > journalEnd, damage == nil else { return false }
        let scanner = JournalScanner(file: journal, name: pointer.journalName, grouped: pointer.schema >= 2)
        let outcome = try scanner.scan(from: journalEnd, to: size, firstLine: journalLines + 1) { record, line in
            self.apply(record, line: line)
        }
        journalEnd = outcome.end
        journalLines = outcome.lastLine
        if let problem = outcome.damage {
            damage = problem
            return false
        }
        guard let torn = outcome.torn else { return false }
        if newerSchema != nil || permissionProblem != nil {
            // Nobody can set it aside here; it is not read either (it was never acknowledged).
            if !tornTailReported {
                tornTailReported = true
                warnings.append(
                    "an interrupted write at byte \(torn) of \(pointer.journalName) is left in place and not read "
                        + "(this cande cannot write the store)")
            }
            return false
        }
        if !canRepair { return true }
        try quarantine(from: torn, to: size)
        return false
    }

    /// Applies one decoded journal record; returns what is wrong with it, if anything.
    private func apply(_ record: Record, line: JournalScanner.Line) -> JSONSyntaxError? {
        guard record.seq == state.lastSeq + 1 else {
            return JSONSyntaxError(
                offset: 0, reason: "sequence \(record.seq) follows \(state.lastSeq): a record is missing or repeated")
        }
        let lineRef = TextRef.line(
            source: FileTextSource.journalSource, at: line.offset, length: UInt32(line.length))
        do {
            try state.apply(record, line: lineRef)
        } catch {
            return JSONSyntaxError(offset: 0, reason: "the record does not fit the store: \(error)")
        }
        return nil
    }

    /// Moves a torn tail (a write cut short by a crash) into a quarantine file of its own, then
    /// cuts it off the journal.
    private func quarantine(from start: Int64, to end: Int64) throws(StoreError) {
        guard let journal else { return }
        let base = "quarantine-\(pointer.generation)-\(start)-\(Int64(time(nil)))"
        var name = base + ".torn"
        var file: FileDescriptor?
        var attempt = 1
        while file == nil {
            do {
                file = try directory.open(name, flags: O_WRONLY | O_CREAT | O_EXCL)
            } catch let error {
                guard case .io(_, _, let code) = error, code == EEXIST, attempt < 1000 else { throw error }
                attempt += 1
                name = base + "-\(attempt).torn"
            }
        }
        // Copied a chunk at a time: a torn tail may be of any size.
        var offset = start
        while offset < end {
            let chunk = try journal.read(at: offset, count: Int(min(end - offset, 1 << 20)))
            guard !chunk.isEmpty else { break }
            try file!.write(chunk)
            offset += Int64(chunk.count)
        }
        try file!.sync()
        try directory.sync()
        try journal.truncate(to: start)
        try journal.sync()
        warnings.append(
            "set aside an interrupted write (\(end - start) bytes at byte \(start) of \(pointer.journalName), "
                + "never acknowledged) in \(name)")
    }
}

extension FileStore {
    /// Works out the facts the state could not keep up to date by itself (`State.staleFacts`:
    /// an entry logged with an earlier time, an undo, a correction, a snapshot of an older schema),
    /// loading those candidates' timelines (everyone's when many are stale). A read that fails
    /// leaves them stale and records the damage for `checkReads`.
    func settleFacts() {
        guard !state.staleFacts.isEmpty else { return }
        do throws(StoreError) {
            if state.staleFacts.count > 256 {
                try loadTimeline()
            } else {
                for k in state.staleFacts.sorted() { try loadTimeline(of: k) }
            }
        } catch {
            files.record(error)
        }
        state.settleFacts()
    }
}
