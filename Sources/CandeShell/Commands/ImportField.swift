import Conversation

/// A field `import csv` fills from a column, and the header spellings that name it: cande's own
/// column names (`export csv` writes them) and the usual ones of other tracking systems'
/// exports (Greenhouse, Lever, spreadsheets). Headers are compared by `key`: any case, without
/// blanks, punctuation or diacritics (`E-Mail`, `e_mail` and `EMAIL` are one header).
enum ImportField: String, CaseIterable, Sendable {
    case handle, name
    case firstName = "first-name"
    case lastName = "last-name"
    case email, phone, role, source, owner, stage, status, tags, tz, created, updated

    /// Spellings besides the field's own name, as `key` leaves them.
    private static let synonyms: [ImportField: [String]] = [
        .name: ["full name", "candidate name", "candidate", "contact name", "applicant name", "applicant"],
        .firstName: ["first name", "firstname", "first", "given name", "forename"],
        .lastName: ["last name", "lastname", "last", "surname", "family name"],
        .email: [
            "e-mail", "email address", "e-mail address", "emails", "email addresses", "mail", "primary email",
            "contact email",
        ],
        .phone: ["phone number", "phones", "phone numbers", "telephone", "mobile", "mobile phone", "cell phone"],
        .role: ["job", "position", "posting", "posting title", "job title", "job name", "requisition", "opening"],
        .source: ["origin", "sources", "candidate source", "sourced from", "source name", "lead source"],
        .owner: ["recruiter", "opportunity owner", "candidate owner", "recruiter name", "assigned to"],
        .stage: ["current stage", "stage name", "pipeline stage", "application stage", "current step"],
        .status: ["application status", "candidate status", "current status"],
        .tags: ["tag", "labels", "label"],
        .tz: ["time zone", "timezone"],
        .created: [
            "created at", "created on", "date created", "creation date", "applied", "applied on", "applied at",
            "applied date", "date applied", "application date", "added", "added on", "date added",
        ],
        .updated: ["updated at", "updated on", "last updated", "modified", "last modified", "date modified"],
    ]

    private static let byKey: [String: ImportField] = {
        var table: [String: ImportField] = [:]
        for field in allCases {
            table[key(field.rawValue)] = field
            for spelling in synonyms[field] ?? [] { table[key(spelling)] = field }
        }
        return table
    }()

    /// The field a header names, if any.
    init?(header: String) {
        guard let field = Self.byKey[Self.key(header)] else { return nil }
        self = field
    }

    /// The field a `map:` file names: cande's own name in any case and spacing (`first name`).
    init?(mapName: String) {
        let k = Self.key(mapName)
        guard let field = Self.allCases.first(where: { Self.key($0.rawValue) == k }) else { return nil }
        self = field
    }

    /// How headers, stage, status and source names are compared: case-folded, diacritics
    /// dropped, only letters and digits kept (`Phone Screen`, `phone-screen`, `PHONE_SCREEN` →
    /// `phonescreen`).
    static func key(_ text: String) -> String {
        let folded = UnicodeText.stripMarks(UnicodeText.caseFold(text), compatibility: true)
        return String(folded.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
    }

    /// The spellings `help import` and the README list for a field.
    static func spellings(of field: ImportField) -> [String] { [field.rawValue] + (synonyms[field] ?? []) }
}
