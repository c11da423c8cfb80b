import Conversation

/// Every command, in the order `help` lists them. Dispatch, `help` and Tab completion all read
/// this one table; adding a command is adding its file and a line here.
enum CommandTable {
    static let all: [CommandSpec] = [
        AddCommand.spec, EditCommand.spec, FocusCommands.open, FocusCommands.close,
        MessageCommands.inbound, MessageCommands.outbound, MessageCommands.log, MessageCommands.note,
        StageCommand.spec, OutcomeCommands.reject, OutcomeCommands.withdraw, OutcomeCommands.hire,
        FeedbackCommands.ask, FeedbackCommands.feedback, MeetingCommands.talk, MeetingCommands.checkin,
        MeetingCommands.done, MeetingCommands.cancel, MeetingCommands.move, AgendaCommand.spec,
        ListCommand.spec, ShowCommand.spec, HistoryCommand.spec, WaitingCommand.spec, FindCommand.spec,
        TodayCommand.spec, ReportCommand.spec, ExportCommand.spec, ImportCommand.spec,
        UndoCommand.spec, ForgetCommand.spec, SystemCommands.compact, SystemCommands.initStore, SystemCommands.help,
        SystemCommands.quit,
    ]

    private static let byVerb: [String: CommandSpec] = {
        var table: [String: CommandSpec] = [:]
        for spec in all {
            table[spec.verb] = spec
            for alias in spec.aliases { table[alias] = spec }
        }
        return table
    }()

    static var verbs: [String] { all.flatMap { [$0.verb] + $0.aliases } }

    static func lookup(_ verb: String) -> CommandSpec? { byVerb[verb.lowercased()] }

    static func suggest(_ verb: String) -> String? { Suggestion.closest(to: verb, among: verbs) }
}

extension CommandSpec {
    /// Verbs that never change the store (or, `init`, do not use it): in a batch on a team store
    /// they do not take the head's lock ahead of running (README "Team store").
    static let neverWrite: Set<String> = [
        "agenda", "export", "find", "open", "close", "history", "list", "report", "show", "help", "quit", "init",
        "today", "waiting", "compact", "forget",
    ]

    /// Whether the command may change the store: a batch on a team store takes the head's lock
    /// with its catch-up, in one round trip, before running it.
    var mayWrite: Bool { !Self.neverWrite.contains(verb) }
}
