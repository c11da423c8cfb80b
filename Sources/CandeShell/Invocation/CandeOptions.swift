import ArgumentParser

/// The process's flags (SPEC §3).
struct CandeOptions: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "cande",
        abstract: "A chat-style shell for listening to job candidates.",
        discussion: """
            With a terminal on standard input and no -c or SCRIPT, cande is an interactive shell \
            (type help). Otherwise it runs commands in batch mode: -c commands and SCRIPT files \
            in the order given, or standard input line by line.

            Exit status: 0 all commands succeeded, 1 at least one failed, 2 bad invocation \
            (unknown flag, unreadable script, unusable store).

            Environment: CANDE_STORE (store path), CANDE_USER, CANDE_NOW (an ISO 8601 instant \
            that stands for now), TZ, NO_COLOR, PAGER, XDG_DATA_HOME, XDG_STATE_HOME.

            The manual page (cande --help-man, man cande) has the command language and every command.
            """,
        version: "cande \(version)")

    @Option(name: .customLong(CandeFlags.store.long), help: CandeFlags.store.argumentHelp)
    var store: String?

    @Option(name: .customLong(CandeFlags.user.long), help: CandeFlags.user.argumentHelp)
    var user: String?

    @Flag(name: .customLong(CandeFlags.json.long), help: CandeFlags.json.argumentHelp)
    var json = false

    @Flag(name: .customLong(CandeFlags.bail.long), help: CandeFlags.bail.argumentHelp)
    var bail = false

    @Flag(name: .customLong(CandeFlags.yes.long), help: CandeFlags.yes.argumentHelp)
    var yes = false

    @Flag(name: .customLong(CandeFlags.noColor.long), help: CandeFlags.noColor.argumentHelp)
    var noColor = false

    @Option(name: .customShort("c"), help: CandeFlags.command.argumentHelp)
    var commands: [String] = []

    @Flag(name: .customLong(CandeFlags.helpMan.long), help: CandeFlags.helpMan.argumentHelp)
    var helpMan = false

    /// The completion scripts' question (`ManualCompletion`); its value may start with `-`.
    @Option(
        name: .customLong(CandeFlags.completeCommand.long), parsing: .unconditional,
        help: CandeFlags.completeCommand.argumentHelp)
    var completeCommand: String?

    @Argument(help: ArgumentHelp(CandeFlags.script.help, valueName: "script"))
    var scripts: [String] = []

    /// The parsed flags as the run reads them.
    var invocation: Invocation {
        Invocation(
            store: store, user: user, json: json, bail: bail, yes: yes, noColor: noColor, commands: commands,
            scripts: scripts, helpMan: helpMan, completeCommand: completeCommand)
    }
}

enum BatchSource: Equatable {
    case command(String)
    case script(String)
}
