/// Applying `import json`'s records (`Change.restore`): each brings back one candidate, entry or
/// meeting exactly as the backup holds it. They touch nothing else — an entry changes no stage,
/// status or `updated` time (the candidate's record brings those) — and together they make one
/// item of the restorer's undo history: `undo` takes the whole restore back while nothing was
/// changed since (as it takes back an `import csv`).
extension State {
    /// The undo item's op: what `undo` names.
    public static let restoreOp = "import json"

    func validateRestore(_ restoration: Restoration, record: Record) throws(ChangeError) {
        guard restoration.importSeq <= record.seq else {
            throw .inconsistent("restore record \(record.seq) belongs to a later restore")
        }
        if restoration.importSeq < record.seq {
            guard let last = undoStacks[record.by]?.last, last.seq == restoration.importSeq, last.op == Self.restoreOp
            else {
                throw .inconsistent("restore record \(record.seq) does not follow its restore \(restoration.importSeq)")
            }
        }
        switch restoration.item {
        case .candidate(let c):
            guard handleIndex[c.handle] == nil else { throw .handleTaken(c.handle) }
            if let email = c.email, let k = emailIndex[Self.emailKey(email)] {
                throw .emailTaken(email: email, handle: candidates[Int(k)].handle)
            }
            guard !c.stages.isEmpty else { throw .inconsistent("\(c.handle) has no stage path") }
        case .entry(let e):
            guard let k = handleIndex[e.handle] else { throw .unknownCandidate(e.handle) }
            try checkRestoredID(e.id)
            switch e.kind {
            case .message where e.direction == nil: throw .inconsistent("message #\(e.id) without dir")
            case .stage where e.stage == nil: throw .inconsistent("stage entry #\(e.id) without stage")
            case .status where e.status == nil: throw .inconsistent("status entry #\(e.id) without status")
            case .correction:
                guard let target = e.target else { throw .inconsistent("correction #\(e.id) without its entry") }
                try checkCorrection(Correction(handle: e.handle, id: e.id, target: target), candidate: k)
            default: break
            }
        case .meeting(let m, let handle):
            guard handleIndex[handle] != nil else { throw .unknownCandidate(handle) }
            try checkRestoredID(m.id)
        }
    }

    private func checkRestoredID(_ id: Int32) throws(ChangeError) {
        guard id >= nextID else { throw .inconsistent("id #\(id) is already used") }
        guard id < Int32.max else { throw .inconsistent("id #\(id) is the last one an id can be") }
    }

    /// The times the record writes, for the store's range check.
    static func restoredTimes(_ restoration: Restoration) -> [Instant] {
        switch restoration.item {
        case .candidate(let c): [c.created, c.updated] + c.stages.map(\.at)
        case .entry(let e): [e.at] + [e.start, e.newAt].compactMap { $0 }
        case .meeting(let m, _): [m.start, m.end, m.scheduled]
        }
    }

    /// Applies a restore record `validateRestore` accepted; returns how to take it back.
    mutating func commitRestore(_ restoration: Restoration, record: Record, line: TextRef) -> Revert {
        var revert = Revert()
        switch restoration.item {
        case .candidate(var c):
            let k = Int32(candidates.count)
            c.touches = 1
            c.removed = false
            c.facts = CandidateFacts()
            candidates.append(c)
            handleIndex[c.handle] = k
            if let email = c.email { emailIndex[Self.emailKey(email)] = k }
            positionsByCandidate.append([])
            revert.candidates = [c.handle]
        case .entry(let e):
            let k = handleIndex[e.handle]!
            let entry = Entry(
                id: e.id, candidate: k, at: e.at, by: intern(user: e.author), kind: e.kind, direction: e.direction,
                channel: e.channel, stage: e.kind == .status && e.status == .hired ? .onboarding : e.stage,
                status: e.status, rating: e.rating, recommend: e.recommend,
                extra: e.kind == .correction ? Int64(e.target ?? 0) : e.start?.seconds ?? 0,
                text: e.text.map { textRef($0) } ?? line)
            append(entry)
            if let target = e.target, e.kind == .correction {
                if let newAt = e.newAt { correctedTimes[e.id] = newAt }
                correctionsOf[target, default: []].append(e.id)
                applyCorrections(to: target)
                refreshFacts(of: k)
            } else {
                noteFacts(of: entry)
            }
            revert.entries = [e.id]
        case .meeting(var m, let handle):
            m.candidate = handleIndex[handle]!
            meetings.append(m)
            revert.createdMeetings = [m]
        }
        return revert
    }

    /// The restore's records make one undo item: the first starts it, the others join it.
    mutating func noteRestore(_ revert: Revert, importSeq: Int64, record: Record) {
        if importSeq == record.seq {
            undoStacks[record.by, default: []].append(UndoItem(seq: record.seq, op: Self.restoreOp, revert: revert))
            if undoStacks[record.by]!.count >= 2 * Self.undoDepth { undoStacks[record.by]!.removeFirst(Self.undoDepth) }
            return
        }
        let last = undoStacks[record.by]!.count - 1
        undoStacks[record.by]![last].revert.candidates += revert.candidates
        undoStacks[record.by]![last].revert.entries += revert.entries
        undoStacks[record.by]![last].revert.createdMeetings += revert.createdMeetings
    }
}
