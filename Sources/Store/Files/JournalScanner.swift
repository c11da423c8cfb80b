import Conversation

/// Reads a journal from a byte offset, one write at a time, and tells a torn tail from damage
/// (SPEC §8.5):
/// - schema 2 (`grouped`): every write ends with a `CommitLine`; its records are handed to
///   `apply` only when the commit line is there and matches them. Whatever follows the last
///   complete write is a torn tail (an interrupted write, never acknowledged), unless a complete
///   write comes after it: then the bad line is damage in the middle of the journal.
/// - schema 1: each record line stands alone; a bad line followed by a good one is damage.
struct JournalScanner {
    let file: FileDescriptor
    let name: String
    let grouped: Bool

    struct Line {
        var offset: Int64
        var length: Int
        var number: Int
    }

    struct Outcome {
        /// Just past the last complete write, and its last line's number.
        var end: Int64
        var lastLine: Int
        /// Where the torn tail starts, if there is one.
        var torn: Int64?
        var damage: StoreError?
    }

    /// `apply` gets each record of each complete write in order; it returns what is wrong with
    /// the record (then the scan stops with damage at that line).
    func scan(
        from start: Int64, to size: Int64, firstLine: Int, apply: (Record, Line) -> JSONSyntaxError?
    ) throws(StoreError) -> Outcome {
        var outcome = Outcome(end: start, lastLine: firstLine - 1)
        var pending: [(Record, Line)] = []
        var bad: (offset: Int64, number: Int, reason: String)? = nil
        // After a bad line: the valid record lines since the last other line, to recognise a
        // complete write that follows (damage in the middle).
        var run: [(start: Int64, end: Int64)] = []
        let name = self.name

        func damage(_ line: Line, at offset: Int, _ reason: String) {
            outcome.damage = .corrupt(file: name, line: line.number, byte: Int(line.offset) + offset, reason: reason)
        }
        /// A line with a valid sum that does not decode is never a torn write: it is damage (or a
        /// newer writer's record) wherever it is.
        func decode(_ bytes: UnsafeRawBufferPointer, _ line: Line) -> Record? {
            do throws(JSONSyntaxError) {
                return try RecordDecoder.decode(bytes, source: FileTextSource.journalSource, lineOffset: line.offset)
            } catch {
                damage(line, at: error.offset, error.reason)
                return nil
            }
        }
        /// Applies decoded records; false (with damage set) if one does not fit.
        func applyAll(_ records: [(Record, Line)]) -> Bool {
            for (record, line) in records {
                if let problem = apply(record, line) {
                    damage(line, at: problem.offset, problem.reason)
                    return false
                }
            }
            return true
        }

        let end = try LineScanner(file: file).scan(from: start, to: size, firstLine: firstLine) {
            (scanned) throws(StoreError) -> Bool in
            let line = Line(offset: scanned.offset, length: scanned.bytes.count, number: scanned.number)
            // An oversized line has no bytes here: never valid, never part of a complete write.
            let lineEnd = scanned.offset + Int64(scanned.bytes.count) + 1
            let verdict = Framing.verify(scanned.bytes)
            if let first = bad {
                guard verdict == .valid else {
                    run = []
                    return true
                }
                let later: Bool
                if !grouped {
                    later = true
                } else if CommitLine.isCommit(scanned.bytes) {
                    if let frame = CommitLine.decode(scanned.bytes), run.count >= frame.records,
                        run[run.count - frame.records].start == scanned.offset - frame.bytes
                    {
                        later = true
                    } else {
                        later = false
                    }
                    run = []
                } else {
                    run.append((scanned.offset, lineEnd))
                    later = false
                }
                if later {
                    outcome.damage = .corrupt(
                        file: name, line: first.number, byte: Int(first.offset), reason: first.reason)
                    return false
                }
                return true
            }
            guard verdict == .valid else {
                let reason =
                    scanned.oversized
                    ? "a line longer than any record"
                    : verdict == .mismatch
                        ? "checksum mismatch (the line was changed or damaged)" : "not a framed record"
                bad = (scanned.offset, scanned.number, reason)
                return true
            }
            if !grouped {
                guard let record = decode(scanned.bytes, line), applyAll([(record, line)]) else { return false }
                outcome.end = lineEnd
                outcome.lastLine = scanned.number
                return true
            }
            guard CommitLine.isCommit(scanned.bytes) else {
                guard let record = decode(scanned.bytes, line) else { return false }
                pending.append((record, line))
                return true
            }
            guard let frame = CommitLine.decode(scanned.bytes), frame.records == pending.count,
                frame.bytes == scanned.offset - outcome.end, pending.last?.0.seq == frame.lastSeq
            else {
                bad = (scanned.offset, scanned.number, "the commit line of a write does not match its records")
                return true
            }
            guard applyAll(pending) else { return false }
            pending = []
            outcome.end = lineEnd
            outcome.lastLine = scanned.number
            return true
        }
        guard outcome.damage == nil else { return outcome }
        if bad != nil || !pending.isEmpty || end.tailBytes > 0 || end.complete < size {
            outcome.torn = outcome.end
        }
        return outcome
    }
}
