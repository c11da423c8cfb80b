/// The manual page's COMMANDS: every command of the command table with what `help VERB` shows
/// (usage, summary, aliases, options, examples, details), in the table's order.
enum ManualCommands {
    static func section() -> [String] {
        var out = [
            ".SH COMMANDS",
            Roff.escape("The verbs, in the order help lists them. Options are written KEY:VALUE; see FILTER above."),
        ]
        for spec in CommandTable.all { out += lines(for: spec) }
        return out
    }

    static func lines(for spec: CommandSpec) -> [String] {
        var out = [".SS " + Roff.argument(spec.verb), Roff.bold(spec.usage), ".br", Roff.escape(spec.summary)]
        if !spec.aliases.isEmpty {
            out += [".br", "Also: " + spec.aliases.map(Roff.bold).joined(separator: ", ") + "."]
        }
        if !spec.options.isEmpty {
            out += [".br", "Options: " + spec.options.map { Roff.bold($0.key + ":") }.joined(separator: " ")]
        }
        if !spec.examples.isEmpty {
            out += [".PP", "Examples:"] + Roff.verbatim(spec.examples)
        }
        if !spec.details.isEmpty { out += [".PP"] + Roff.verbatim(spec.details) }
        return out
    }
}
