/// The manual page's section on the command language (README "The command language", SPEC §4),
/// as tagged paragraphs of plain text.
enum ManualLanguage {
    static let intro = [
        "One command per line: VERB ARGUMENTS; a leading / is fine (/open ada). A line whose first non-blank "
            + "character is # is a comment; blank lines do nothing. help lists every verb, help VERB (or VERB --help) "
            + "shows its usage and examples."
    ]

    static let paragraphs: [(tag: String, text: String)] = [
        (
            "Quoting",
            "Tokens split on blanks with shell-like quoting: \"…\" (with \\\" and \\\\), '…' (literal), and "
                + "backslash escapes outside quotes. An unterminated quote is an error, not a guess."
        ),
        (
            "Options KEY:VALUE",
            "key:value tokens whose key is unquoted lowercase letters are options (via:phone, "
                + "at:\"tomorrow 15:00\"); \"via:phone\" in quotes is a word. Unknown keys are errors with a "
                + "did-you-mean. A key given twice is an error, except FILTER keys (their values OR together)."
        ),
        (
            "Free text",
            "For <, >, log, note, ask, feedback and done, only options written before the text are options; the "
                + "rest of the line is the text exactly as typed, quotes and backslashes included, except that a text "
                + "that is one quoted string loses its quotes (note ada \"Strong systems design\")."
        ),
        (
            "Here-documents",
            "In scripts, -c and standard input, a free-text command ending in <<WORD (letters, digits, _ and -, "
                + "after a blank) takes the following lines up to a line that is exactly WORD as its text, kept "
                + "exactly. Lines in it that look like commands are text. An unterminated one is an error and "
                + "nothing of it is stored."
        ),
        (
            "Comments",
            "A line whose first non-blank character is # does nothing; so does a blank line. Inside a "
                + "here-document such lines are text."
        ),
        (
            "REF",
            "A candidate: a handle, a unique prefix of one, or an email. With a focus (open REF) it may be left "
                + "out; for commands with a free text a first word is REF only when it is exactly a handle or an email."
        ),
        ("ID", "A meeting or an entry: #17 or 17."),
        (
            "WHEN",
            "now, today, tomorrow, yesterday, a weekday (mon … sun), YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM], "
                + "an offset (+3d, +2w, +4h, +30m, -2h), each optionally followed by a time of day (tomorrow 15:00, "
                + "fri 9:30, tomorrow@15:00, 3pm). Times without a zone are in TZ. Anything unreadable is an error."
        ),
        ("DURATION", "30m, 1h, 1h30m, 90m, 2d (at most 31 days)."),
        (
            "FILTER",
            "stage:, status:, owner:, role:, source:, tag: choose candidates; via:, dir:in|out, by:, since:, until:, "
                + "kind: choose timeline entries. Keys AND together; a repeated key ORs (stage:offer stage:negotiation)."
        ),
    ]

    /// The example after the here-document paragraph.
    static let hereDocument = [
        "log ada in via:email <<MAIL", "Hi Rita, thanks for the update.", "Note that I can only start in March.",
        "MAIL",
    ]
}
