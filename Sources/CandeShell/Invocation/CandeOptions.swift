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
            """,
        version: "cande \(version)")

    @Option(name: .long, help: ArgumentHelp("The store directory.", valueName: "path"))
    var store: String?

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("Who is typing (else CANDE_USER, else the login name).", valueName: "name"))
    var user: String?

    @Flag(help: "Print one JSON document per command (NDJSON); errors as JSON on standard error.")
    var json = false

    @Flag(help: "Stop at the first failing command.")
    var bail = false

    @Flag(help: "Answer yes to questions (batch mode answers no otherwise).")
    var yes = false

    @Flag(name: .customLong("no-color"), help: "Never use colours.")
    var noColor = false

    @Option(name: .customShort("c"), help: ArgumentHelp("Run COMMAND (repeatable), then exit.", valueName: "command"))
    var commands: [String] = []

    @Argument(
        help: ArgumentHelp("Script files of commands to run, then exit (- is standard input).", valueName: "script"))
    var scripts: [String] = []

    /// The parsed flags as the run reads them.
    var invocation: Invocation {
        Invocation(
            store: store, user: user, json: json, bail: bail, yes: yes, noColor: noColor, commands: commands,
            scripts: scripts)
    }
}

enum BatchSource: Equatable {
    case command(String)
    case script(String)
}
