/// What `list`, `waiting`, `today` and the greeting need of each candidate, one array per value
/// (README "Listening facts"): a snapshot keeps them in one line, so that these views on a store
/// of ten thousand candidates read that line instead of decoding every candidate. A candidate
/// changed since the snapshot was written is decoded (and read from there) instead.
public struct DigestColumns: Sendable, Equatable {
    public var handle: [String] = []
    public var email: [String?] = []
    public var name: [String] = []
    public var role: [String?] = []
    public var owner: [String?] = []
    public var stage: [Stage] = []
    public var status: [Status] = []
    public var created: [Int64] = []
    public var updated: [Int64] = []
    /// `nil`: none.
    public var waitingSince: [Int64?] = []
    public var asked: [Bool] = []
    public var openAskSince: [Int64?] = []
    public var lastContact: [Int64?] = []
    public var lastInboundAt: [Int64?] = []
    public var lastOutboundAt: [Int64?] = []
    /// The last inbound message's entry id, and its line in the generation's entries file.
    public var lastInbound: [Int64?] = []
    public var lastInboundLine: [Int64?] = []
    public var statusSince: [Int64?] = []
    /// When they reached onboarding last (a hire).
    public var onboarded: [Int64?] = []

    public var count: Int { status.count }
    /// Whether names, roles and owners were read (the views that print none leave them out).
    public var hasNames: Bool { !name.isEmpty || status.isEmpty }

    public init() {}

    /// The columns of `candidates`, in their order.
    public init(_ candidates: [Candidate]) {
        for c in candidates { append(DigestRow(c)) }
    }

    public mutating func append(_ row: DigestRow) {
        handle.append(row.handle)
        email.append(row.email)
        name.append(row.name)
        role.append(row.role)
        owner.append(row.owner)
        stage.append(row.stage)
        status.append(row.status)
        created.append(row.created.seconds)
        updated.append(row.updated.seconds)
        waitingSince.append(row.contact.waitingSince?.seconds)
        asked.append(row.asked)
        openAskSince.append(row.openAskSince?.seconds)
        lastContact.append(row.contact.lastContact?.seconds)
        lastInboundAt.append(row.contact.lastInbound?.seconds)
        lastOutboundAt.append(row.contact.lastOutbound?.seconds)
        lastInbound.append(row.lastInbound.map(Int64.init))
        lastInboundLine.append(row.lastInboundLine)
        statusSince.append(row.statusSince?.seconds)
        onboarded.append(row.onboarded?.seconds)
    }

    /// Whether every column has a value for each candidate (names, roles and owners may be
    /// left out together: `hasNames`).
    public var isConsistent: Bool {
        let n = status.count
        let names = hasNames ? n : 0
        guard name.count == names, role.count == names, owner.count == names else { return false }
        let counts: [Int] = [
            handle.count, email.count, stage.count, created.count, updated.count, waitingSince.count,
            asked.count, openAskSince.count, lastContact.count, lastInboundAt.count, lastOutboundAt.count,
            lastInbound.count, lastInboundLine.count, statusSince.count, onboarded.count,
        ]
        return counts.allSatisfy { $0 == n }
    }

    public func row(_ k: Int) -> DigestRow {
        func instant(_ value: Int64?) -> Instant? { value.map { Instant(seconds: $0) } }
        var contact = ContactSummary()
        contact.lastContact = instant(lastContact[k])
        contact.waitingSince = instant(waitingSince[k])
        contact.lastInbound = instant(lastInboundAt[k])
        contact.lastOutbound = instant(lastOutboundAt[k])
        let named = k < name.count
        return DigestRow(
            handle: handle[k], email: email[k], name: named ? name[k] : "", role: named ? role[k] : nil,
            owner: named ? owner[k] : nil, stage: stage[k],
            status: status[k],
            created: Instant(seconds: created[k]), updated: Instant(seconds: updated[k]), contact: contact,
            asked: asked[k], openAskSince: instant(openAskSince[k]), lastInbound: lastInbound[k].map { Int32($0) },
            lastInboundLine: lastInboundLine[k], statusSince: instant(statusSince[k]), onboarded: instant(onboarded[k]))
    }
}

/// One candidate as the listening views see them.
public struct DigestRow: Sendable, Equatable {
    public var handle: String
    public var email: String?
    public var name: String
    public var role: String?
    public var owner: String?
    public var stage: Stage
    public var status: Status
    public var created: Instant
    public var updated: Instant
    public var contact: ContactSummary
    /// Asked for feedback at least once.
    public var asked: Bool
    public var openAskSince: Instant?
    public var lastInbound: Int32?
    public var lastInboundLine: Int64?
    public var statusSince: Instant?
    public var onboarded: Instant?

    public var waitingSince: Instant? { contact.waitingSince }
    public var lastContact: Instant? { contact.lastContact }

    public init(
        handle: String, email: String?, name: String, role: String?, owner: String?, stage: Stage, status: Status,
        created: Instant,
        updated: Instant, contact: ContactSummary, asked: Bool, openAskSince: Instant?, lastInbound: Int32?,
        lastInboundLine: Int64?, statusSince: Instant?, onboarded: Instant?
    ) {
        self.handle = handle
        self.email = email
        self.name = name
        self.role = role
        self.owner = owner
        self.stage = stage
        self.status = status
        self.created = created
        self.updated = updated
        self.contact = contact
        self.asked = asked
        self.openAskSince = openAskSince
        self.lastInbound = lastInbound
        self.lastInboundLine = lastInboundLine
        self.statusSince = statusSince
        self.onboarded = onboarded
    }

    public init(_ c: borrowing Candidate) {
        self.init(
            handle: c.handle, email: c.email, name: c.name, role: c.role, owner: c.owner, stage: c.stage,
            status: c.status, created: c.created,
            updated: c.updated, contact: c.facts.contact, asked: !c.facts.asks.isEmpty,
            openAskSince: c.facts.openAskSince, lastInbound: c.facts.lastInbound,
            lastInboundLine: c.facts.lastInboundLine, statusSince: c.facts.statusSince,
            onboarded: c.stages.last(where: { $0.stage == .onboarding })?.at)
    }
}

extension State {
    /// Candidate `k`'s row: from the snapshot's columns if not decoded since, else from the
    /// candidate. nil: removed. `names: false`: a row from the columns may have no name, role
    /// or owner (for the views that print none).
    public func digestRow(_ k: Int, names: Bool = true) -> DigestRow? {
        row(k, digestSource?.columns(names: names))
    }

    private func row(_ k: Int, _ columns: DigestColumns?) -> DigestRow? {
        if let columns, k < columns.count, !candidates.isDecoded(k) { return columns.row(k) }
        return candidates.withCandidate(at: k) { c in c.removed ? nil : DigestRow(c) }
    }

    /// Calls `body` with every live candidate's row, in number order.
    public func forEachDigestRow(names: Bool = true, _ body: (Int32, DigestRow) -> Void) {
        let columns = digestSource?.columns(names: names)
        for k in 0..<candidates.count {
            if let row = row(k, columns) { body(Int32(k), row) }
        }
    }

    /// The rows of `candidates` (nil: removed), in their order: the columns are fetched once, not
    /// once per row as `digestRow` does (a view over thousands of rows).
    public func digestRows(of candidates: [Int32], names: Bool = true) -> [DigestRow?] {
        let columns = digestSource?.columns(names: names)
        return candidates.map { row(Int($0), columns) }
    }

    /// Every candidate's row by number (nil: removed), without decoding those the snapshot's
    /// columns hold.
    public func digestRows(names: Bool = true) -> [DigestRow?] {
        let columns = digestSource?.columns(names: names)
        return (0..<candidates.count).map { row($0, columns) }
    }
}

/// Decodes a snapshot's digest columns when the listening views first need them (opening the
/// store reads only the handles).
public protocol DigestColumnsDecoding: AnyObject {
    /// nil if they cannot be read: the views then read the candidates instead. `names: false`:
    /// without names, roles and owners.
    func decodeColumns(names: Bool) -> DigestColumns?
}

/// The digest columns of a `State`, decoded once, on first use.
final class DigestColumnsBox: @unchecked Sendable {
    private let decoder: DigestColumnsDecoding
    private var full: DigestColumns??
    private var basic: DigestColumns??

    init(_ decoder: DigestColumnsDecoding) { self.decoder = decoder }

    func columns(names: Bool) -> DigestColumns? {
        if let full { return full }
        if !names, let basic { return basic }
        let columns = decoder.decodeColumns(names: names)
        if names { full = .some(columns) } else { basic = .some(columns) }
        return columns
    }
}
