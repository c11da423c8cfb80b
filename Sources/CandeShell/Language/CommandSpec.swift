import Conversation

/// What a value of an option or argument is; drives validation, `help` and Tab completion.
enum ValueKind: Equatable, Sendable {
    case text, when, duration, number, id, handle, user, tags, tz, plan, yesNo, file
    case stage, status, source, channel, direction, role, mood, kind, format

    /// The words Tab offers for this kind (vocabularies only).
    var words: [String] {
        switch self {
        case .stage: Stage.names
        case .status: Status.names
        case .source: Source.names
        case .channel: Channel.names
        case .direction: Direction.names
        case .role: ColleagueRole.names
        case .mood: Mood.names
        case .kind: EntryKind.names + MeetingKind.names + ["meeting"]
        case .yesNo: ["yes", "no"]
        case .when: ["now", "today", "tomorrow", "yesterday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        case .format: ["json", "csv", "ics"]
        default: []
        }
    }

    /// Checks a vocabulary value; returns its canonical spelling.
    func check(_ value: String, key: String) throws(ShellError) -> String {
        let choices = words
        guard !choices.isEmpty, self != .when else { return value }
        let lowered = value.lowercased()
        if choices.contains(lowered) { return lowered }
        let expected = "one of " + choices.joined(separator: ", ")
        if let guess = Suggestion.closest(to: lowered, among: choices) {
            throw .badValue(key: key, value: value, expected: "did you mean \(guess)? (\(expected))")
        }
        throw .badValue(key: key, value: value, expected: expected)
    }
}

struct OptionSpec: Equatable, Sendable {
    let key: String
    let kind: ValueKind
    /// Filters may repeat (their values OR together); other options may not.
    var repeatable = false
}

/// What a command's line does after it.
enum Flow: Sendable { case next, quit }

/// One entry of the command table: dispatch, `help` and Tab completion all come from it.
struct CommandSpec: Sendable {
    let verb: String
    var aliases: [String] = []
    let usage: String
    let summary: String
    var examples: [String] = []
    var options: [OptionSpec] = []
    /// What the positional arguments are, in order (for completion).
    var arguments: [ValueKind] = []
    /// Takes a free text after its options (kept as typed).
    var takesText = false
    let run: @Sendable (inout CommandInput) throws(ShellError) -> Flow

    var optionKeys: [String] { options.map(\.key) }

    func option(_ key: String) -> OptionSpec? { options.first { $0.key == key } }
}

extension OptionSpec {
    /// The FILTER options of SPEC §4.
    static let filters: [OptionSpec] = [
        OptionSpec(key: "stage", kind: .stage, repeatable: true),
        OptionSpec(key: "status", kind: .status, repeatable: true),
        OptionSpec(key: "owner", kind: .user, repeatable: true),
        OptionSpec(key: "role", kind: .text, repeatable: true),
        OptionSpec(key: "source", kind: .source, repeatable: true),
        OptionSpec(key: "tag", kind: .text, repeatable: true),
        OptionSpec(key: "via", kind: .channel, repeatable: true),
        OptionSpec(key: "dir", kind: .direction, repeatable: true),
        OptionSpec(key: "by", kind: .user, repeatable: true),
        OptionSpec(key: "since", kind: .when, repeatable: false),
        OptionSpec(key: "until", kind: .when, repeatable: false),
        OptionSpec(key: "kind", kind: .kind, repeatable: true),
    ]
}
