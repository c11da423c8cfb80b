import Conversation

/// The stage, status and source names `import csv` understands: cande's own in any case,
/// spacing and punctuation (`Phone Screen`, `PHONE_SCREEN`), the usual names of other tracking
/// systems (README "Moving from another tracking system"), and what a `map:` file adds. Names
/// are compared by `ImportField.key`.
enum ImportNames {
    /// Other systems' stage names; a stage can imply a status (`Hired`: cande's last stage,
    /// status hired).
    private static let stages: [(Stage, Status?, [String])] = [
        (
            .applied, nil,
            [
                "new", "new lead", "lead", "new applicant", "applicant", "application", "application review",
                "application received", "review", "resume review", "cv review", "sourced", "prospect", "inbox",
            ]
        ),
        (.acknowledged, nil, ["reached out", "responded", "contacted", "acknowledged", "in contact"]),
        (
            .phoneScreen, nil,
            [
                "screen", "screening", "phone screen", "phone screening", "recruiter screen", "phone interview",
                "preliminary phone screen", "initial screen", "hr screen", "phone call", "intro call",
            ]
        ),
        (
            .assessment, nil,
            [
                "assessment", "test", "take home", "take home test", "take home assignment", "coding challenge",
                "skills test", "technical assessment", "case study", "homework", "assignment",
            ]
        ),
        (.videoInterview, nil, ["video interview", "video call", "remote interview", "zoom interview"]),
        (.backgroundScreen, nil, ["background check", "background screen", "background screening"]),
        (
            .liveInterview, nil,
            [
                "interview", "onsite", "onsite interview", "face to face", "face to face interview",
                "technical interview", "in person interview", "panel interview", "final interview",
                "hiring manager interview", "team interview", "interviewing",
            ]
        ),
        (.negotiation, nil, ["negotiation", "offer negotiation", "negotiating"]),
        (.referenceCheck, nil, ["reference check", "references", "reference", "reference checks"]),
        (.offer, nil, ["offer", "offer extended", "offer sent", "make offer", "offer stage"]),
        (.onboarding, .hired, ["hired", "offer accepted"]),
    ]

    private static let statuses: [(Status, [String])] = [
        (.active, ["active", "open", "in process", "in progress", "lead", "prospect"]),
        (.hired, ["hired", "offer accepted"]),
        (.rejected, ["rejected", "archived", "declined by us", "disqualified", "not selected", "unsuccessful"]),
        (.withdrawn, ["withdrawn", "withdrew", "candidate withdrew", "declined", "offer declined", "dropped out"]),
    ]

    /// Other systems' source names; anything else is `other`, the name kept as a tag.
    private static let sources: [(Source, [String])] = [
        (
            .careerSite,
            ["careers page", "career page", "careers site", "company website", "website", "jobs page", "applied"]
        ),
        (.referral, ["referred", "referral", "employee referral", "referrals"]),
        (.socialMedia, ["social", "social media", "social network"]),
        (.searchListing, ["job board", "job search"]),
    ]

    private static let stageTable: [String: (Stage, Status?)] = {
        var table: [String: (Stage, Status?)] = [:]
        for stage in Stage.allCases { table[ImportField.key(stage.name)] = (stage, nil) }
        for (stage, status, names) in stages {
            for name in names where table[ImportField.key(name)] == nil {
                table[ImportField.key(name)] = (stage, status)
            }
        }
        return table
    }()

    private static let statusTable: [String: Status] = table(Status.allCases, statuses)
    private static let sourceTable: [String: Source] = table(Source.allCases, sources)

    private static func table<V: Vocabulary>(_ own: [V], _ others: [(V, [String])]) -> [String: V] {
        var table: [String: V] = [:]
        for value in own { table[ImportField.key(value.name)] = value }
        for (value, names) in others {
            for name in names where table[ImportField.key(name)] == nil { table[ImportField.key(name)] = value }
        }
        return table
    }

    static func stage(_ text: String, map: ImportMap) -> (Stage, Status?)? {
        let k = ImportField.key(text)
        if let stage = map.stages[k] { return (stage, nil) }
        return stageTable[k]
    }

    static func status(_ text: String, map: ImportMap) -> Status? {
        let k = ImportField.key(text)
        return map.statuses[k] ?? statusTable[k]
    }

    /// The source, or nil when it is none of cande's (then `other`, and `tag(forSource:)`).
    static func source(_ text: String, map: ImportMap) -> Source? {
        let k = ImportField.key(text)
        return map.sources[k] ?? sourceTable[k]
    }

    /// `from-` and the source's words, lowercase, joined by dashes (`LinkedIn Recruiter` →
    /// `from-linkedin-recruiter`), at most 40 characters as tags are; nil when it has no letters
    /// or digits.
    static func tag(forSource text: String) -> String? {
        let folded = UnicodeText.stripMarks(UnicodeText.caseFold(text), compatibility: true)
        var words = ""
        var dash = false
        for scalar in folded.unicodeScalars {
            guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil else {
                dash = !words.isEmpty
                continue
            }
            if dash { words.append("-") }
            dash = false
            words.unicodeScalars.append(scalar)
        }
        guard !words.isEmpty else { return nil }
        var tag = "from-" + words
        if tag.count > 40 { tag = String(tag.prefix(40)) }
        while tag.hasSuffix("-") { tag.removeLast() }
        return tag
    }

    /// cande's names, for messages and help.
    static var stageNames: String { Stage.names.joined(separator: ", ") }
}
