import Conversation

/// What a value of an option or argument is; drives validation, `help` and Tab completion.
enum ValueKind: Hashable, Sendable {
    case text, when, duration, number, id, handle, user, tags, tz, plan, yesNo, file
    case stage, status, source, channel, direction, role, mood, kind, format

    /// The words Tab offers for this kind (vocabularies only).
    var words: [String] { Self.wordLists[self] ?? [] }

    private static let wordLists: [ValueKind: [String]] = [
        .stage: Stage.names, .status: Status.names, .source: Source.names, .channel: Channel.names,
        .direction: Direction.names, .role: ColleagueRole.names, .mood: Mood.names,
        .kind: EntryKind.names + MeetingKind.names + ["meeting"], .yesNo: ["yes", "no"],
        .when: ["now", "today", "tomorrow", "yesterday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        .format: ["json", "csv", "ics"],
    ]
    private static let wordSets: [ValueKind: Set<String>] = wordLists.mapValues(Set.init)

    /// Checks a vocabulary value; returns its canonical spelling.
    func check(_ value: String, key: String) throws(ShellError) -> String {
        guard self != .when, let known = Self.wordSets[self] else { return value }
        if known.contains(value) { return value }
        let choices = words
        let lowered = value.lowercased()
        if known.contains(lowered) { return lowered }
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
    /// Lines `help VERB` shows after the examples: formats and rules beyond the usage line.
    var details: [String] = []
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
