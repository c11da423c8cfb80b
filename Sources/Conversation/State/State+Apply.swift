extension State {
    /// Validates and applies one record. Replaying a journal and committing a new change both
    /// come through here, so the state after a restart equals the state before it.
    /// `line` locates the record in its file, for entries without a text of their own.
    public mutating func apply(_ record: Record, line: TextRef = .none) throws(ChangeError) {
        try validate(record)
        commit(record, line: line)
    }

    /// Throws if `record` cannot be applied to the current state; changes nothing.
    public func validate(_ record: Record) throws(ChangeError) {
        try checkStorableTimes(record.change)
        switch record.change {
        case .add(let drafts):
            var handles = Set<String>()
            var emails: [String: String] = [:]
            for draft in drafts {
                guard handleIndex[draft.handle] == nil, handles.insert(draft.handle).inserted else {
                    throw .handleTaken(draft.handle)
                }
                if let created = draft.created, created > (draft.updated ?? max(created, record.ts)) {
                    throw .inconsistent("\(draft.handle) would be updated before it was created")
                }
                if let email = draft.email {
                    if let k = emailIndex[Self.emailKey(email)] {
                        throw .emailTaken(email: email, handle: candidates[Int(k)].handle)
                    }
                    if let other = emails[Self.emailKey(email)] { throw .emailTaken(email: email, handle: other) }
                    emails[Self.emailKey(email)] = draft.handle
                }
            }
        case .edit(let handle, let id, let fields, _):
            let k = try index(handle)
            try checkNew(id)
            for change in fields where change.field == .email {
                if let email = change.value, let other = emailIndex[Self.emailKey(email)], other != k {
                    throw .emailTaken(email: email, handle: candidates[Int(other)].handle)
                }
            }
        case .entry(let draft):
            _ = try index(draft.handle)
            try checkNew(draft.id)
        case .stage(let handle, let id, let stage):
            let k = try index(handle)
            try checkNew(id)
            if candidates[Int(k)].stage == stage { throw .alreadyAt(handle, stage) }
        case .status(let handle, let id, let status, _):
            let k = try index(handle)
            try checkNew(id)
            if candidates[Int(k)].status == status { throw .alreadyStatus(handle, status) }
        case .hire(let handle, let id, _, let checkins):
            let k = try index(handle)
            try checkNew(id)
            for checkin in checkins {
                guard checkin.id > id, checkin.id < Int32.max, checkin.handle == handle else {
                    throw .inconsistent("hire #\(id) has a bad check-in #\(checkin.id)")
                }
            }
            if candidates[Int(k)].status == .hired { throw .alreadyStatus(handle, .hired) }
        case .schedule(let draft):
            _ = try index(draft.handle)
            try checkNew(draft.id)
        case .correct(let correction):
            let k = try index(correction.handle)
            try checkNew(correction.id)
            try checkCorrection(correction, candidate: k)
        case .done(let id, _, _), .cancel(let id, _), .move(let id, _):
            guard let meeting = meeting(id: id) else { throw .unknownMeeting(id) }
            guard meeting.status == .scheduled else { throw .meetingNotScheduled(id, meeting.status) }
        case .undo(let target):
            // Usually the author's latest change; an older one when `undo` skipped past changes
            // it could not revert, or `undo #seq` named one (see `undoPlan(by:)`).
            guard let stack = undoStacks[record.by], !stack.isEmpty else { throw .nothingToUndo(user: record.by) }
            guard let item = stack.last(where: { $0.seq == target }) else {
                throw .inconsistent("undo of \(target), which is not among \(record.by)'s changes to undo")
            }
            try checkRevertible(item.revert)
        case .restore(let restoration):
            try validateRestore(restoration, record: record)
        }
    }

    /// Every time a change writes or implies (a meeting's end) must fit the store's format,
    /// `YYYY-MM-DDTHH:MM:SSZ`: 0001-01-01T00:00:00Z … 9999-12-31T23:59:59Z.
    private func checkStorableTimes(_ change: Change) throws(ChangeError) {
        var times: [Instant] = []
        // The end, without trapping on a length no meeting has (a damaged or hostile record).
        func meeting(_ start: Instant, _ minutes: Int) throws(ChangeError) {
            let (length, overLength) = Int64(minutes).multipliedReportingOverflow(by: 60)
            let (end, overEnd) = start.seconds.addingReportingOverflow(length)
            guard !overLength, !overEnd else { throw .timeOutOfRange(start) }
            times += [start, Instant(seconds: end)]
        }
        switch change {
        case .add(let drafts): times = drafts.flatMap { [$0.created, $0.updated].compactMap(\.self) }
        case .entry(let draft): times = [draft.at]
        case .correct(let correction): times = correction.at.map { [$0] } ?? []
        case .hire(_, _, let start, let checkins):
            times = [start]
            for checkin in checkins { try meeting(checkin.start, checkin.minutes) }
        case .schedule(let draft): try meeting(draft.start, draft.minutes)
        case .move(let id, let start): try meeting(start, self.meeting(id: id)?.minutes ?? 0)
        case .restore(let restoration):
            if case .meeting(let m, _) = restoration.item { try meeting(m.start, m.minutes) }
            times += Self.restoredTimes(restoration)
        default: break
        }
        for time in times where !(-62_135_596_800...253_402_300_799).contains(time.seconds) {
            throw .timeOutOfRange(time)
        }
    }

    private func index(_ handle: String) throws(ChangeError) -> Int32 {
        guard let k = handleIndex[handle] else { throw .unknownCandidate(handle) }
        return k
    }

    private func checkNew(_ id: Int32) throws(ChangeError) {
        guard id >= nextID else { throw .inconsistent("id #\(id) is already used") }
        // The id after it must exist too (a store whose ids ran out takes no more).
        guard id < Int32.max else { throw .inconsistent("id #\(id) is the last one an id can be") }
    }

    /// Applies a record that `validate` accepted.
    public mutating func commit(_ record: Record, line: TextRef = .none) {
        let by = intern(user: record.by)
        let ts = record.ts
        var revert = Revert()
        switch record.change {
        case .add(let drafts):
            for draft in drafts {
                let k = Int32(candidates.count)
                let created = draft.created ?? ts
                candidates.append(
                    Candidate(
                        handle: draft.handle, name: draft.name, email: draft.email, phone: draft.phone,
                        role: draft.role, source: draft.source, owner: draft.owner, stage: draft.stage,
                        status: draft.status, tags: draft.tags, tz: draft.tz, created: created,
                        updated: draft.updated ?? max(created, ts),
                        stages: [StageVisit(stage: draft.stage, at: created, seq: record.seq)]))
                handleIndex[draft.handle] = k
                if let email = draft.email { emailIndex[Self.emailKey(email)] = k }
                positionsByCandidate.append([])
                revert.candidates.append(draft.handle)
            }
        case .edit(let handle, let id, let fields, let summary):
            let k = handleIndex[handle]!
            revert.handle = handle
            for change in fields {
                let old = candidates[Int(k)].value(of: change.field)
                set(change.field, to: change.value, of: k)
                revert.fields.append(
                    .init(field: change.field, old: old, new: candidates[Int(k)].value(of: change.field)))
            }
            append(Entry(id: id, candidate: k, at: ts, by: by, kind: .edit, text: textRef(summary)))
            revert.entries = [id]
            touch(k, at: ts)
        case .entry(let draft):
            let k = handleIndex[draft.handle]!
            append(
                Entry(
                    id: draft.id, candidate: k, at: draft.at, by: by, kind: draft.kind, direction: draft.direction,
                    channel: draft.channel, rating: draft.rating, recommend: draft.recommend,
                    text: textRef(draft.text)))
            noteFacts(of: entries[entries.count - 1])
            if let messageID = draft.messageID { messageIDs[messageID] = draft.id }
            revert.handle = draft.handle
            revert.entries = [draft.id]
            touch(k, at: ts)
        case .stage(let handle, let id, let stage):
            let k = handleIndex[handle]!
            revert.handle = handle
            revert.stage = .init(old: candidates[Int(k)].stage, new: stage)
            revert.visit = record.seq
            candidates[Int(k)].stage = stage
            candidates[Int(k)].stages.append(StageVisit(stage: stage, at: ts, seq: record.seq))
            append(Entry(id: id, candidate: k, at: ts, by: by, kind: .stage, stage: stage, text: line))
            revert.entries = [id]
            touch(k, at: ts)
        case .status(let handle, let id, let status, let reason):
            let k = handleIndex[handle]!
            revert.handle = handle
            revert.status = .init(old: candidates[Int(k)].status, new: status)
            candidates[Int(k)].status = status
            let reasonRef = reason.map { textRef($0) } ?? line
            append(Entry(id: id, candidate: k, at: ts, by: by, kind: .status, status: status, text: reasonRef))
            noteFacts(of: entries[entries.count - 1])
            revert.entries = [id]
            touch(k, at: ts)
        case .hire(let handle, let id, let start, let checkins):
            let k = handleIndex[handle]!
            revert.handle = handle
            revert.status = .init(old: candidates[Int(k)].status, new: .hired)
            candidates[Int(k)].status = .hired
            if candidates[Int(k)].stage != .onboarding {
                revert.stage = .init(old: candidates[Int(k)].stage, new: .onboarding)
                revert.visit = record.seq
                candidates[Int(k)].stage = .onboarding
                candidates[Int(k)].stages.append(StageVisit(stage: .onboarding, at: ts, seq: record.seq))
            }
            append(
                Entry(
                    id: id, candidate: k, at: ts, by: by, kind: .status, stage: .onboarding, status: .hired,
                    extra: start.seconds, text: line))
            noteFacts(of: entries[entries.count - 1])
            revert.entries = [id]
            for draft in checkins {
                let meeting = makeMeeting(draft, candidate: k, scheduled: ts, by: record.by)
                meetings.append(meeting)
                revert.createdMeetings.append(meeting)
            }
            touch(k, at: ts)
        case .schedule(let draft):
            let k = handleIndex[draft.handle]!
            let meeting = makeMeeting(draft, candidate: k, scheduled: ts, by: record.by)
            meetings.append(meeting)
            revert.handle = draft.handle
            revert.createdMeetings = [meeting]
            touch(k, at: ts)
        case .done(let id, let mood, let outcome):
            updateMeeting(id, at: ts, revert: &revert) {
                $0.status = .done
                $0.mood = mood
                $0.outcome = outcome
            }
        case .cancel(let id, let reason):
            updateMeeting(id, at: ts, revert: &revert) {
                $0.status = .cancelled
                $0.reason = reason
            }
        case .move(let id, let start):
            updateMeeting(id, at: ts, revert: &revert) { $0.start = start }
        case .correct(let correction):
            let k = handleIndex[correction.handle]!
            if let at = correction.at { correctedTimes[correction.id] = at }
            append(
                Entry(
                    id: correction.id, candidate: k, at: ts, by: by, kind: .correction, channel: correction.channel,
                    extra: Int64(correction.target), text: correction.text.map { textRef($0) } ?? line))
            correctionsOf[correction.target, default: []].append(correction.id)
            applyCorrections(to: correction.target)
            refreshFacts(of: k)
            revert.handle = correction.handle
            revert.entries = [correction.id]
            revert.corrected = correction.target
            touch(k, at: ts)
        case .undo(let target):
            let position = undoStacks[record.by]!.lastIndex { $0.seq == target }!
            let item = undoStacks[record.by]!.remove(at: position)
            undo(item.revert, at: ts)
        case .restore(let restoration):
            revert = commitRestore(restoration, record: record, line: line)
        }
        lastSeq = record.seq
        if let last = record.change.lastAllocatedID, last >= nextID { nextID = last + 1 }
        if case .undo = record.change { return }
        if case .restore(let restoration) = record.change {
            noteRestore(revert, importSeq: restoration.importSeq, record: record)
            return
        }
        undoStacks[record.by, default: []].append(UndoItem(seq: record.seq, op: record.change.op, revert: revert))
        if undoStacks[record.by]!.count >= 2 * Self.undoDepth {
            undoStacks[record.by]!.removeFirst(Self.undoDepth)
        }
    }

    // MARK: - Helpers

    mutating func append(_ entry: Entry) {
        let position = Int32(entries.count)
        entries.append(entry)
        positionsByCandidate[Int(entry.candidate)].append(position)
    }

    mutating func textRef(_ value: TextValue) -> TextRef {
        switch value {
        case .ref(let ref): return ref
        case .string(let text): return storeInArena(text)
        }
    }

    private mutating func touch(_ k: Int32, at ts: Instant, by delta: Int = 1) {
        candidates[Int(k)].touches += delta
        candidates[Int(k)].updated = ts
    }

    private func makeMeeting(_ draft: MeetingDraft, candidate k: Int32, scheduled: Instant, by: String) -> Meeting {
        Meeting(
            id: draft.id, candidate: k, kind: draft.kind, with: draft.with, role: draft.role, start: draft.start,
            minutes: draft.minutes, place: draft.place, scheduled: scheduled, by: by)
    }

    private mutating func updateMeeting(
        _ id: Int32, at ts: Instant, revert: inout Revert, _ update: (inout Meeting) -> Void
    ) {
        let position = meetingPosition(id: id)!
        let old = meetings[position]
        update(&meetings[position])
        meetings[position].changed = ts
        meetings[position].sequence = old.sequence &+ 1
        revert.meeting = .init(old: old, new: meetings[position])
        revert.handle = candidates[Int(old.candidate)].handle
        touch(old.candidate, at: ts)
    }

    mutating func set(_ field: CandidateField, to value: String?, of k: Int32) {
        let i = Int(k)
        switch field {
        case .name: candidates[i].name = value ?? candidates[i].name
        case .email:
            if let old = candidates[i].email { emailIndex[Self.emailKey(old)] = nil }
            candidates[i].email = value
            if let value { emailIndex[Self.emailKey(value)] = k }
        case .phone: candidates[i].phone = value
        case .role: candidates[i].role = value
        case .source: candidates[i].source = value.flatMap { Source(name: $0) }
        case .owner: candidates[i].owner = value
        case .tz: candidates[i].tz = value
        case .tags: candidates[i].tags = value.map { $0.split(separator: ",").map(String.init) } ?? []
        }
    }

    mutating func markRemoved(entry id: Int32) {
        if let position = entryPosition(id: id) {
            entries[position].removed = true
        } else if !timelineComplete {
            removedBeforeLoad.insert(id)
        }
    }

    /// Adds the entries older than everything loaded so far (from a snapshot): all of them, which
    /// replace those loaded one candidate at a time.
    public mutating func loadOlderEntries(_ older: [Entry]) {
        for entry in entries.prefix(olderLoadedCount) where entry.removed { removedBeforeLoad.insert(entry.id) }
        var merged = older
        if !removedBeforeLoad.isEmpty {
            for i in merged.indices where removedBeforeLoad.contains(merged[i].id) { merged[i].removed = true }
        }
        merged.append(contentsOf: entries.dropFirst(olderLoadedCount))
        entries = merged
        removedBeforeLoad = []
        olderLoaded = []
        olderLoadedCount = 0
        timelineComplete = true
        reindexEntries()
        rederiveCorrections()
        settleFacts()
    }

    /// Adds the older entries of one candidate (from a snapshot), so that views of that candidate
    /// need not load everyone's. Older entries precede every entry applied from the journal, so
    /// `entries` stays in id order.
    public mutating func loadOlderEntries(of candidate: Int32, _ older: [Entry]) {
        guard !hasTimeline(of: candidate) else { return }
        var loaded = Array(entries.prefix(olderLoadedCount))
        for var entry in older {
            if removedBeforeLoad.contains(entry.id) { entry.removed = true }
            loaded.append(entry)
        }
        loaded.sort { $0.id < $1.id }
        loaded.append(contentsOf: entries.dropFirst(olderLoadedCount))
        olderLoadedCount += older.count
        entries = loaded
        olderLoaded.insert(candidate)
        reindexEntries()
        rederiveCorrections()
        settleFacts()
    }

    private mutating func reindexEntries() {
        var index = [[Int32]](repeating: [], count: candidates.count)
        for (position, entry) in entries.enumerated() { index[Int(entry.candidate)].append(Int32(position)) }
        positionsByCandidate = index
    }
}
