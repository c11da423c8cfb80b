import ArgumentParser

/// One flag of the command line: its names, its value's name, its one-line help (`--help`) and
/// what the manual page says beyond that. `CandeOptions` declares its flags from these, and the
/// manual page and the completion scripts list them, so the three cannot disagree.
struct CandeFlag: Sendable {
    /// `--store`, `-c`: every spelling, the long one first where there is one.
    let names: [String]
    /// The value's name (`path`), or nil for a flag without a value.
    var value: String? = nil
    let help: String
    /// More for the manual page (`--help` shows only `help`).
    var manual: String? = nil
    /// What a shell completes for the value.
    var completes: Completes = .nothing
    /// Left out of `--help` (the manual page lists it).
    var hidden = false

    enum Completes: Sendable { case nothing, directories, command, shells }

    /// The long name without its dashes (`store`).
    var long: String { String((names.first { $0.hasPrefix("--") } ?? names[0]).drop { $0 == "-" }) }

    /// What `--help` shows.
    var argumentHelp: ArgumentHelp { ArgumentHelp(help, valueName: value, visibility: hidden ? .hidden : .default) }
}

/// Every flag of `cande` (SPEC §3), in the order `--help` shows them.
enum CandeFlags {
    static let store = CandeFlag(
        names: ["--store"], value: "path", help: "The store directory.",
        manual: "A file store's directory, or a team store's address (postgres://…, postgresql://…, "
            + "libpq's host=… dbname=…). Default: CANDE_STORE, else $XDG_DATA_HOME/cande "
            + "(~/.local/share/cande), created on first use.",
        completes: .directories)
    static let user = CandeFlag(
        names: ["--as"], value: "name", help: "Who is typing (else CANDE_USER, else the login name).",
        manual: "Recorded with every change. On a team store the database login is.")
    static let json = CandeFlag(
        names: ["--json"], help: "Print one JSON document per command (NDJSON); errors as JSON on standard error.")
    static let bail = CandeFlag(names: ["--bail"], help: "Stop at the first failing command.")
    static let yes = CandeFlag(names: ["--yes"], help: "Answer yes to questions (batch mode answers no otherwise).")
    static let noColor = CandeFlag(
        names: ["--no-color"], help: "Never use colours.",
        manual: "NO_COLOR, TERM=dumb and output that is not a terminal turn them off too.")
    static let command = CandeFlag(
        names: ["-c"], value: "command", help: "Run COMMAND (repeatable), then exit.",
        manual: "Several lines in one COMMAND run as a script; a here-document may follow its command. "
            + "-c commands and SCRIPT files run in the order given.",
        completes: .command)
    static let helpMan = CandeFlag(
        names: ["--help-man"], help: "Print the manual page cande.1 in roff (cande --help-man | man -l -).",
        manual: "scripts/run installs it as ~/.local/share/man/man1/cande.1.")
    static let completionScript = CandeFlag(
        names: ["--generate-completion-script"], value: "shell",
        help: "Print the completion script for bash, zsh or fish.",
        manual: "It completes flags, SCRIPT file names, and inside -c the command language: verbs, "
            + "option keys and their values, and the handles of the store the command line names.",
        completes: .shells, hidden: true)
    static let completeCommand = CandeFlag(
        names: ["--complete-command"], value: "text",
        help: "Print the completions of a -c text typed so far, one a line (for the completion scripts).",
        manual: "The store is opened to read only: a missing one is not created and gives no handles.",
        hidden: true)
    static let version = CandeFlag(names: ["--version"], help: "Show the version.")
    static let help = CandeFlag(names: ["-h", "--help"], help: "Show help information.")
    static let script = CandeFlag(
        names: ["SCRIPT"], help: "Script files of commands to run, then exit (- is standard input).")

    /// The flags, in order (not SCRIPT, the positional argument).
    static let all: [CandeFlag] = [
        store, user, json, bail, yes, noColor, command, helpMan, completionScript, completeCommand, version, help,
    ]
}
