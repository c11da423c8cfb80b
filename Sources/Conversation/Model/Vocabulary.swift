/// A closed set of words users type and the store writes (stages, sources, channels …).
/// `name` is both the spelling on the command line and in JSON.
public protocol Vocabulary: CaseIterable, Hashable, Sendable {
    var name: String { get }
}

extension Vocabulary {
    /// The case spelled `name` (any letter case).
    @inlinable
    public init?(name: String) {
        for candidate in Self.allCases where candidate.name == name {
            self = candidate
            return
        }
        let lowered = name.lowercased()
        guard lowered != name, let match = Self.allCases.first(where: { $0.name == lowered }) else { return nil }
        self = match
    }

    /// The case spelled exactly by these UTF-8 bytes (the store's own spelling), without making a string.
    @inlinable
    public init?(bytes: UnsafeRawBufferPointer) {
        for candidate in Self.allCases {
            var name = candidate.name
            let equal = name.withUTF8 { $0.count == bytes.count && $0.elementsEqual(bytes) }
            if equal {
                self = candidate
                return
            }
        }
        return nil
    }

    public static var names: [String] { allCases.map(\.name) }
}

/// How the candidate found us: the first touchpoints of the journey.
public enum Source: UInt8, Vocabulary {
    case careerSite, partnerListing, searchListing, socialMedia, referral, other

    public var name: String {
        switch self {
        case .careerSite: "career-site"
        case .partnerListing: "partner-listing"
        case .searchListing: "search-listing"
        case .socialMedia: "social-media"
        case .referral: "referral"
        case .other: "other"
        }
    }
}

/// The remaining touchpoints, in order.
public enum Stage: UInt8, Vocabulary, Comparable {
    case applied, acknowledged, phoneScreen, assessment, videoInterview, backgroundScreen
    case liveInterview, negotiation, referenceCheck, offer, onboarding

    public var name: String {
        switch self {
        case .applied: "applied"
        case .acknowledged: "acknowledged"
        case .phoneScreen: "phone-screen"
        case .assessment: "assessment"
        case .videoInterview: "video-interview"
        case .backgroundScreen: "background-screen"
        case .liveInterview: "live-interview"
        case .negotiation: "negotiation"
        case .referenceCheck: "reference-check"
        case .offer: "offer"
        case .onboarding: "onboarding"
        }
    }

    public static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
}

public enum Status: UInt8, Vocabulary {
    case active, hired, rejected, withdrawn

    public var name: String {
        switch self {
        case .active: "active"
        case .hired: "hired"
        case .rejected: "rejected"
        case .withdrawn: "withdrawn"
        }
    }
}

/// Which way a message went: `in` the candidate said, `out` we said.
public enum Direction: UInt8, Vocabulary {
    case inbound, outbound
    public var name: String { self == .inbound ? "in" : "out" }
}

/// The medium of a message.
public enum Channel: UInt8, Vocabulary {
    case email, phone, sms, video, inPerson, chat, social, other

    public var name: String {
        switch self {
        case .email: "email"
        case .phone: "phone"
        case .sms: "sms"
        case .video: "video"
        case .inPerson: "in-person"
        case .chat: "chat"
        case .social: "social"
        case .other: "other"
        }
    }
}

public enum MeetingKind: UInt8, Vocabulary {
    /// The candidate with a future colleague.
    case talk
    /// An onboarding check-in after the hire.
    case checkin
    public var name: String { self == .talk ? "talk" : "checkin" }
}

/// Who the future colleague is to the candidate.
public enum ColleagueRole: UInt8, Vocabulary {
    case peer, manager, executive, buddy
    public var name: String {
        switch self {
        case .peer: "peer"
        case .manager: "manager"
        case .executive: "executive"
        case .buddy: "buddy"
        }
    }
}

public enum MeetingStatus: UInt8, Vocabulary {
    case scheduled, done, cancelled
    public var name: String {
        switch self {
        case .scheduled: "scheduled"
        case .done: "done"
        case .cancelled: "cancelled"
        }
    }
}

/// How a held meeting felt: `+`, `0`, `-`.
public enum Mood: UInt8, Vocabulary {
    case good, neutral, bad
    public var name: String {
        switch self {
        case .good: "+"
        case .neutral: "0"
        case .bad: "-"
        }
    }
}
