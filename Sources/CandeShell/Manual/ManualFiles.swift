/// The manual page's FILES: the store's layout, the history, the team store's cache, the
/// agent's socket (README "The store", "Running cande", "Team store").
enum ManualFiles {
    static let rows: [(path: String, meaning: String)] = [
        (
            "$XDG_DATA_HOME/cande/ (~/.local/share/cande/)",
            "The default store: one directory (0700) of files (0600)."
        ),
        ("STORE/CURRENT", "Which generation N is live, with its sizes and checksum."),
        ("STORE/snapshot-N.json", "Candidates, meetings, undo history and the digest as of generation N."),
        ("STORE/entries-N.jsonl", "The timeline as of the snapshot, one record a line."),
        ("STORE/journal-N.jsonl", "Every change since the snapshot: records, each write closed by a commit line."),
        ("STORE/search-N.idx", "find's index of entries-N.jsonl (derived; may be missing)."),
        ("STORE/quarantine-N-OFFSET-TIME.torn", "An interrupted write cut from a journal's end, kept for inspection."),
        (
            "$XDG_STATE_HOME/cande/history-USER (~/.local/state/cande/)",
            "The interactive history of each user (0600, 1,000 lines)."
        ),
        ("$XDG_CACHE_HOME/cande/ (~/.cache/cande/)", "A team store's cache: a file store kept from the server."),
        (
            "$XDG_RUNTIME_DIR/cande/agent-HASH.sock (else /tmp/cande-UID/)",
            "The socket of a team store's agent, which runs one-shot -c commands."
        ),
        ("~/.local/share/man/man1/cande.1", "This page, as scripts/run installs it."),
    ]

    static func section() -> [String] {
        var out = [".SH FILES"]
        for (path, meaning) in rows { out += [".TP", Roff.italic(path), Roff.escape(meaning)] }
        return out
    }
}
