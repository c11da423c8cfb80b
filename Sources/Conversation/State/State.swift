/// Everything the store knows, in memory: the result of applying the journal's records in order.
///
/// Older timeline entries may be absent (`timelineComplete == false`) until a view needs them:
/// the store loads them from the snapshot on demand, so a one-shot command on a large store reads
/// only candidates and meetings.
public struct State: Sendable {
    public internal(set) var candidates = CandidateList()
    var handleIndex: [String: Int32] = [:]
    var emailIndex = EmailIndex()
    /// In id order.
    public internal(set) var meetings: [Meeting] = []
    /// Timeline entries in id order (ids grow with the journal).
    public internal(set) var entries: [Entry] = []
    public internal(set) var timelineComplete = true
    /// Entries undone while the older timeline was not loaded.
    var removedBeforeLoad: Set<Int32> = []
    /// Candidates whose older entries were loaded one candidate at a time (`loadOlderEntries(of:)`),
    /// and how many entries at the front of `entries` came that way.
    var olderLoaded: Set<Int32> = []
    var olderLoadedCount = 0
    public internal(set) var users: [String] = []
    var userIndex: [String: Int32] = [:]
    /// Per user, oldest first; capped (see `undoDepth`).
    public internal(set) var undoStacks: [String: [UndoItem]] = [:]
    public internal(set) var lastSeq: Int64 = 0
    public internal(set) var nextID: Int32 = 1
    /// Candidates erased with `forget`.
    public internal(set) var forgotten = 0
    /// Texts created in this process that no file holds (tests, dry runs).
    public internal(set) var arena: [UInt8] = []
    /// Positions in `entries` per candidate, kept up to date (history of one candidate must not
    /// scan a million entries).
    var positionsByCandidate: [[Int32]] = []
    /// Corrections (`edit #ID`): per corrected entry, the ids of its corrections in order.
    var correctionsOf: [Int32: [Int32]] = [:]
    /// Corrected entries' values as first logged (their own record still says these).
    var originals: [Int32: LoggedValues] = [:]
    /// The `at:` a correction sets (the correction entry's own `at` is when it was made).
    var correctedTimes: [Int32: Instant] = [:]
    /// Counts the times a correction changed an entry that was already there (a search index of
    /// the entries before must be built again).
    public internal(set) var correctionsRevision = 0
    /// Candidates whose kept facts are out of date and whose timeline is not in memory to work
    /// them out again (`State+Facts.swift`).
    public internal(set) var staleFacts: Set<Int32> = []
    /// What the listening views need of each candidate as the snapshot had them, decoded when
    /// first asked for (`DigestColumns`).
    var digestSource: DigestColumnsBox?
    public var digestColumns: DigestColumns? { digestSource?.columns(names: true) }
    /// Imported emails' `Message-ID`s, and the entries they became.
    var messageIDs: [String: Int32] = [:]

    /// How many of each user's changes `undo` can reach.
    public static let undoDepth = 100

    public init() {}

    /// A state restored from a snapshot; older entries are loaded later with `loadOlderEntries`.
    /// `handles` and `emails` map to candidates' numbers (the snapshot reader built them without
    /// decoding every candidate).
    public init(
        candidates: CandidateList, handles: [String: Int32], emails: [(String, Int32)], meetings: [Meeting],
        undoStacks: [String: [UndoItem]], lastSeq: Int64, nextID: Int32, forgotten: Int, olderEntriesPending: Bool,
        digestColumns: DigestColumnsDecoding? = nil
    ) {
        digestSource = digestColumns.map(DigestColumnsBox.init)
        self.candidates = candidates
        handleIndex = handles
        emailIndex = EmailIndex(pending: emails)
        self.meetings = meetings.sorted { $0.id < $1.id }
        self.undoStacks = undoStacks
        self.lastSeq = lastSeq
        self.nextID = nextID
        self.forgotten = forgotten
        timelineComplete = !olderEntriesPending
        positionsByCandidate = [[Int32]](repeating: [], count: candidates.count)
    }

    // MARK: - Lookups

    public func candidateIndex(handle: String) -> Int32? { handleIndex[handle] }

    /// The candidate with this handle, also one whose adding was undone (a restore undone after
    /// compaction leaves their entries in the entries file until the next one): for readers of
    /// stored entries. Slow for a handle that is not there at all.
    public func candidateIndex(includingRemoved handle: String) -> Int32? {
        if let k = handleIndex[handle] { return k }
        for k in 0..<candidates.count where candidates.handle(at: k) == handle {
            if candidates[k].removed { return Int32(k) }
        }
        return nil
    }

    public func candidate(handle: String) -> Candidate? {
        handleIndex[handle].map { candidates[Int($0)] }
    }

    public func candidateIndex(email: String) -> Int32? { emailIndex[Self.emailKey(email)] }

    /// Emails are matched without regard to letter case.
    public static func emailKey(_ email: String) -> String {
        var email = email
        let plain = email.withUTF8 { bytes in
            for b in bytes where (b >= 65 && b <= 90) || b >= 128 { return false }
            return true
        }
        return plain ? email : email.lowercased()
    }

    /// Live candidates, in the order they were added.
    public var liveCandidates: [Int32] { handleIndex.values.sorted() }

    /// The handles of live candidates (without decoding them).
    public var handles: [String] { Array(handleIndex.keys) }

    public func meeting(id: Int32) -> Meeting? {
        meetingPosition(id: id).map { meetings[$0] }
    }

    func meetingPosition(id: Int32) -> Int? {
        binarySearch(count: meetings.count, id: id) { meetings[$0].id }
    }

    public func entryPosition(id: Int32) -> Int? {
        binarySearch(count: entries.count, id: id) { entries[$0].id }
    }

    public func user(_ number: Int32) -> String { users[Int(number)] }

    public mutating func intern(user: String) -> Int32 {
        if let number = userIndex[user] { return number }
        let number = Int32(users.count)
        users.append(user)
        userIndex[user] = number
        return number
    }

    /// Whether the timeline of `candidate` is all in memory (so `timeline(of:)` is complete).
    public func hasTimeline(of candidate: Int32) -> Bool {
        timelineComplete || olderLoaded.contains(candidate)
    }

    /// When the candidate's current status was set (its latest status change), if it ever changed.
    public func statusSince(of candidate: Int32) -> Instant? { candidates[Int(candidate)].facts.statusSince }

    /// Positions in `entries` of one candidate's live entries, in id order.
    public func entryPositions(of candidate: Int32) -> [Int32] {
        positionsByCandidate[Int(candidate)].filter { !entries[Int($0)].removed }
    }

    /// The meetings of one candidate, in id order.
    public func meetings(of candidate: Int32) -> [Meeting] {
        meetings.filter { $0.candidate == candidate }
    }

    public enum Resolution: Equatable, Sendable {
        case found(Int32)
        case ambiguous([String])
        case unknown(closest: [String])
    }

    /// REF of SPEC §4: a handle, a unique prefix of one, or an email address.
    public func resolve(_ reference: String) -> Resolution {
        if reference.contains("@") {
            if let k = emailIndex[Self.emailKey(reference)] { return .found(k) }
            return .unknown(closest: Suggestion.close(to: reference, among: emailIndex.keys))
        }
        if let k = handleIndex[reference] { return .found(k) }
        let wanted = reference.lowercased()
        if let k = handleIndex[wanted] { return .found(k) }
        var matches: [Int32] = []
        for (handle, k) in handleIndex where handle.hasPrefix(wanted) {
            matches.append(k)
        }
        if matches.count == 1 { return .found(matches[0]) }
        if matches.count > 1 {
            return .ambiguous(matches.map { candidates[Int($0)].handle }.sorted())
        }
        return .unknown(closest: Suggestion.close(to: wanted, among: Array(handleIndex.keys)))
    }

    /// The live entry an imported email with this `Message-ID` became, if any (an undone import
    /// can be imported again).
    public func entry(messageID: String) -> Int32? {
        guard let id = messageIDs[messageID] else { return nil }
        if let position = entryPosition(id: id) { return entries[position].removed ? nil : id }
        return removedBeforeLoad.contains(id) ? nil : id
    }

    /// Whether entry `id` was undone while the older timeline was not loaded: what was read of
    /// the snapshot without the timeline (its search index) still lists it.
    public func isRemovedBeforeLoad(_ id: Int32) -> Bool { removedBeforeLoad.contains(id) }

    // MARK: - Texts

    /// The text behind `ref` (the arena's own, or from `source`).
    public func text(_ ref: TextRef, from source: TextSource?) -> String {
        if !ref.hasText { return "" }
        let raw: [UInt8]
        if ref.source == TextRef.arenaSource {
            let start = Int(ref.line) + Int(ref.start)
            raw = Array(arena[start..<(start + Int(ref.length))])
        } else if let source {
            raw = source.rawBytes(ref)
        } else {
            return ""
        }
        if !ref.escaped { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: JSONEscaping.unescape(raw), as: UTF8.self)
    }

    mutating func storeInArena(_ text: String) -> TextRef {
        let start = arena.count
        arena.append(contentsOf: text.utf8)
        let length = UInt32(arena.count - start)
        return TextRef(
            source: TextRef.arenaSource, escaped: false, line: Int64(start), lineLength: length, start: 0,
            length: length)
    }

    func ref(_ value: TextValue) -> TextRef? {
        if case .ref(let ref) = value { return ref }
        return nil
    }
}

func binarySearch(count: Int, id: Int32, idAt: (Int) -> Int32) -> Int? {
    var low = 0
    var high = count - 1
    while low <= high {
        let mid = (low + high) / 2
        let value = idAt(mid)
        if value == id { return mid }
        if value < id { low = mid + 1 } else { high = mid - 1 }
    }
    return nil
}
