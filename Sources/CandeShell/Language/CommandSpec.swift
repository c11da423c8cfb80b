import Conversation

/// What a value of an option or argument is; drives validation, `help` and Tab completion.
enum ValueKind: Hashable, Sendable {
    case text, when, duration, number, id, handle, user, tags, tz, plan, yesNo, file
    case stage, status, source, channel, direction, role, mood, kind, format
    /// `export`'s `status:`: a candidate's status or, for `export ics`, a meeting's.
    case exportStatus
    /// 1 to 5 (`feedback rating:`); a command word (`help VERB`).
    case rating, verb

    /// The words Tab offers for this kind (vocabularies only).
    var words: [String] { Self.wordLists[self] ?? [] }

    private static let wordLists: [ValueKind: [String]] = [
        .stage: Stage.names, .status: Status.names, .source: Source.names, .channel: Channel.names,
        .direction: Direction.names, .role: ColleagueRole.names, .mood: Mood.names,
        .kind: EntryKind.names + MeetingKind.names + ["meeting"], .yesNo: ["yes", "no"],
        .when: ["now", "today", "tomorrow", "yesterday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        .format: ["json", "csv", "ics"], .exportStatus: Status.names + MeetingStatus.names,
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

/// Every option key a command can take. Commands read options by these cases, so a typo'd key
/// does not compile; a key a command reads but its spec does not declare fails a test
/// (`Options` checks it in debug builds).
enum OptionKey: String, CaseIterable, Sendable {
    case stage, status, owner, role, source, tag, via, dir, by, since, until, kind
    case email, phone, handle, tz, tags, name, reason, start, plan, rating, recommend, at, with
    case `as`, `for`, `where`, force, mood, last
    /// `edit #ID text:` (a correction), `import mail add:yes` and `import json merge:yes`.
    case text, add, merge
    /// `export ics alarm:15m`.
    case alarm
    /// `import csv FILE map:FILE sep:;`.
    case map, sep
}

/// How a `when` value is read (SPEC §4 WHEN): which way a bare weekday points, and what a bare
/// day means.
struct WhenRule: Equatable, Sendable {
    let direction: WhenParser.Direction
    var day: WhenParser.DayPolicy = .startOfDay
}

struct OptionSpec: Equatable, Sendable {
    let key: String
    let kind: ValueKind
    /// Filters may repeat (their values OR together); other options may not.
    var repeatable = false
    /// For `.when` values: how they are read; the parser turns them into instants once.
    var when: WhenRule?

    init(_ key: OptionKey, _ kind: ValueKind, repeatable: Bool = false, when: WhenRule? = nil) {
        self.key = key.rawValue
        self.kind = kind
        self.repeatable = repeatable
        self.when = when ?? (kind == .when ? WhenRule(direction: .future) : nil)
    }
}

/// A positional argument: what it is called in errors ("a candidate"), its kind (completion),
/// and whether it may be left out. `rest` takes every remaining word (a name, a search text).
struct ArgumentSpec: Sendable {
    let what: String
    let kind: ValueKind
    var optional = false
    var rest = false

    static let ref = ArgumentSpec(what: "a candidate", kind: .handle)
    static let optionalRef = ArgumentSpec(what: "a candidate", kind: .handle, optional: true)
    static let meetingID = ArgumentSpec(what: "a meeting id like #43", kind: .id)
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
    /// The positional arguments, in order: the parser checks their count against these.
    var positionals: [ArgumentSpec] = []
    /// Takes a free text after its options (kept as typed).
    var takesText = false
    /// Lines `help VERB` shows after the examples: formats and rules beyond the usage line.
    var details: [String] = []
    let run: @Sendable (inout CommandInput) throws(ShellError) -> any CommandResult

    var optionKeys: [String] { options.map(\.key) }
    var requiredCount: Int { positionals.filter { !$0.optional }.count }

    func option(_ key: String) -> OptionSpec? { options.first { $0.key == key } }
}

extension OptionSpec {
    /// The FILTER options of SPEC §4.
    static let filters: [OptionSpec] = [
        OptionSpec(.stage, .stage, repeatable: true),
        OptionSpec(.status, .status, repeatable: true),
        OptionSpec(.owner, .user, repeatable: true),
        OptionSpec(.role, .text, repeatable: true),
        OptionSpec(.source, .source, repeatable: true),
        OptionSpec(.tag, .text, repeatable: true),
        OptionSpec(.via, .channel, repeatable: true),
        OptionSpec(.dir, .direction, repeatable: true),
        OptionSpec(.by, .user, repeatable: true),
        OptionSpec(.since, .when, when: WhenRule(direction: .past)),
        OptionSpec(.until, .when, when: WhenRule(direction: .past, day: .endOfDay)),
        OptionSpec(.kind, .kind, repeatable: true),
    ]
}
