/// A person in the hiring pipeline, with the fields of SPEC §2.
public struct Candidate: Sendable, Equatable {
    public var handle: String
    public var name: String
    public var email: String?
    public var phone: String?
    public var role: String?
    public var source: Source?
    public var owner: String?
    public var stage: Stage
    public var status: Status
    public var tags: [String]
    /// The candidate's own time zone (an IANA name), when known.
    public var tz: String?
    public var created: Instant
    public var updated: Instant
    /// Every stage change, oldest first, so time in stage can be reported.
    public var stages: [StageVisit]
    /// How many live changes concern this candidate; `add` can be undone only while it is 1.
    public var touches: Int
    /// Set when the `add` was undone; the slot stays so that numbers of other candidates hold.
    public var removed: Bool
    /// Whose move it is, reply times, the feedback loop: kept up to date (`State+Facts.swift`).
    public var facts = CandidateFacts()

    public init(
        handle: String, name: String, email: String? = nil, phone: String? = nil, role: String? = nil,
        source: Source? = nil, owner: String? = nil, stage: Stage = .applied, status: Status = .active,
        tags: [String] = [], tz: String? = nil, created: Instant, updated: Instant? = nil,
        stages: [StageVisit]? = nil, touches: Int = 1, removed: Bool = false
    ) {
        self.handle = handle
        self.name = name
        self.email = email
        self.phone = phone
        self.role = role
        self.source = source
        self.owner = owner
        self.stage = stage
        self.status = status
        self.tags = tags
        self.tz = tz
        self.created = created
        self.updated = updated ?? created
        self.stages = stages ?? [StageVisit(stage: stage, at: created, seq: 0)]
        self.touches = touches
        self.removed = removed
    }

    /// The value of an editable field, as text (tags joined by commas).
    public func value(of field: CandidateField) -> String? {
        switch field {
        case .name: name
        case .email: email
        case .phone: phone
        case .role: role
        case .source: source?.name
        case .owner: owner
        case .tz: tz
        case .tags: tags.isEmpty ? nil : tags.joined(separator: ",")
        }
    }
}

/// One arrival at a stage.
public struct StageVisit: Sendable, Equatable {
    public var stage: Stage
    public var at: Instant
    /// The journal record that made the move (0 for the stage given at `add`).
    public var seq: Int64

    public init(stage: Stage, at: Instant, seq: Int64) {
        self.stage = stage
        self.at = at
        self.seq = seq
    }
}

/// The fields `edit` can change. The handle is stable and cannot be edited.
public enum CandidateField: UInt8, Vocabulary {
    case name, email, phone, role, source, owner, tz, tags
    public var name: String {
        switch self {
        case .name: "name"
        case .email: "email"
        case .phone: "phone"
        case .role: "role"
        case .source: "source"
        case .owner: "owner"
        case .tz: "tz"
        case .tags: "tags"
        }
    }
}
