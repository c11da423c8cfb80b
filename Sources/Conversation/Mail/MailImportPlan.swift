/// What `import mail` does with a file's messages, worked out on the current state without
/// changing it (README "Importing mail"): each message is matched to a candidate by address —
/// From a candidate's email: what they said (`in`); else a candidate in To or Cc: what we said
/// (`out`) — and becomes one email message with the time of its `Date:`. A message already
/// logged (same `Message-ID`) is skipped; one with no known address is listed and not stored,
/// unless `addUnknown` creates its sender as a candidate. Every change is applied to a copy of
/// the state here, so committing them can only fail the way any write can.
public struct MailImportPlan: Sendable {
    /// One message of the file, parsed or not.
    public struct Input: Sendable {
        public var position: Int
        /// The line of the file it starts on (1 for a single message).
        public var line: Int
        public var message: Result<MailMessage, MailError>
        /// For a message without a `Message-ID`: a stable stand-in (a digest of its bytes).
        public var fallbackID: String

        public init(position: Int, line: Int, message: Result<MailMessage, MailError>, fallbackID: String) {
            self.position = position
            self.line = line
            self.message = message
            self.fallbackID = fallbackID
        }
    }

    public struct Logged: Sendable, Equatable {
        public var position: Int
        public var handle: String
        public var direction: Direction
        public var messageID: String
    }

    public struct Skipped: Sendable, Equatable {
        public var position: Int
        public var messageID: String
        /// The entry it was logged as before; nil when it came twice in this file.
        public var existing: Int32?
        public var earlierPosition: Int?
    }

    public struct Unmatched: Sendable, Equatable {
        public var position: Int
        public var addresses: [String]
    }

    public struct Bad: Sendable, Equatable {
        public var position: Int
        public var line: Int
        public var reason: String
    }

    /// The changes to commit, in order: the new candidates first (one `add`), then one message each.
    public private(set) var changes: [Change] = []
    public private(set) var logged: [Logged] = []
    public private(set) var skipped: [Skipped] = []
    public private(set) var unmatched: [Unmatched] = []
    public private(set) var bad: [Bad] = []
    public private(set) var created: [String] = []

    /// `now` stands for a message without a usable `Date:`; `user` signs the changes.
    public init(_ inputs: [Input], state: State, addUnknown: Bool, now: Instant, user: String) throws(ChangeError) {
        var drafts: [CandidateDraft] = []
        var draftByEmail: [String: String] = [:]
        var seen: [String: Int] = [:]
        var entries: [(position: Int, handle: String, direction: Direction, message: MailMessage, id: String)] = []
        for input in inputs {
            let message: MailMessage
            switch input.message {
            case .failure(let error):
                bad.append(Bad(position: input.position, line: input.line, reason: error.description))
                continue
            case .success(let parsed): message = parsed
            }
            let id = message.messageID ?? input.fallbackID
            if let existing = state.entry(messageID: id) {
                skipped.append(Skipped(position: input.position, messageID: id, existing: existing))
                continue
            }
            if let earlier = seen[id] {
                skipped.append(Skipped(position: input.position, messageID: id, earlierPosition: earlier))
                continue
            }
            seen[id] = input.position
            let sender = message.from.first
            func candidate(_ address: MailAddress) -> String? {
                if let k = state.candidateIndex(email: address.address) { return state.candidates[Int(k)].handle }
                return draftByEmail[State.emailKey(address.address)]
            }
            if let sender, let handle = candidate(sender) {
                entries.append((input.position, handle, .inbound, message, id))
            } else if let handle = (message.to + message.cc).lazy.compactMap(candidate).first {
                entries.append((input.position, handle, .outbound, message, id))
            } else if addUnknown, let sender, sender.address.contains("@") {
                let name = Self.name(of: sender)
                let taken = Set(drafts.map(\.handle))
                let handle = Handle.unique(for: name) { state.candidateIndex(handle: $0) != nil || taken.contains($0) }
                drafts.append(CandidateDraft(handle: handle, name: name, email: sender.address))
                draftByEmail[State.emailKey(sender.address)] = handle
                created.append(handle)
                entries.append((input.position, handle, .inbound, message, id))
            } else {
                let addresses = (message.from + message.to + message.cc).map(\.address)
                unmatched.append(Unmatched(position: input.position, addresses: addresses))
            }
        }
        guard bad.isEmpty else { return }
        var scratch = state
        var seq = state.lastSeq
        func add(_ change: Change) throws(ChangeError) {
            seq += 1
            try scratch.apply(Record(seq: seq, ts: now, by: user, change: change))
            changes.append(change)
        }
        if !drafts.isEmpty { try add(.add(drafts)) }
        for entry in entries {
            try add(
                .entry(
                    EntryDraft(
                        handle: entry.handle, id: scratch.nextID, at: entry.message.date ?? now, kind: .message,
                        direction: entry.direction, channel: .email, messageID: entry.id,
                        text: .string(Self.text(of: entry.message)))))
            logged.append(
                Logged(position: entry.position, handle: entry.handle, direction: entry.direction, messageID: entry.id))
        }
    }

    /// The sender's name as written, else the part of the address before the @.
    static func name(of address: MailAddress) -> String {
        if let name = address.name?.trimmingBlanks(), !name.isEmpty, !name.contains("@") { return name }
        return String(address.address.split(separator: "@").first ?? Substring(address.address))
    }

    /// The message's own words; a message with none (all quoted) is logged by its subject.
    static func text(of message: MailMessage) -> String {
        let text = message.text.trimmingBlanks()
        if !text.isEmpty { return message.text }
        if let subject = message.subject?.trimmingBlanks(), !subject.isEmpty { return "Subject: " + subject }
        return "(no text)"
    }
}
