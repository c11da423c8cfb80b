/// The environment variables cande reads, for the manual page: the same rows as README's
/// "Environment" table (a test holds the two to the same names).
enum EnvironmentVariables {
    struct Row: Sendable {
        let names: [String]
        let meaning: String
    }

    static let all: [Row] = [
        Row(
            names: ["CANDE_STORE"],
            meaning: "The store directory (after --store; default $XDG_DATA_HOME/cande, i.e. ~/.local/share/cande, "
                + "created on first use); or a team store's address (postgres://…, postgresql://…, libpq's "
                + "host=… dbname=…)."),
        Row(
            names: ["CANDE_USER"],
            meaning: "Who is typing (after --as; default the login name); recorded with every change (on a team "
                + "store the database login is, and this is not used)."),
        Row(
            names: ["CANDE_NOW"],
            meaning: "An ISO 8601 instant that stands for now (2026-12-01T09:00:00Z), for reproducible scripts "
                + "and tests."),
        Row(
            names: ["TZ"],
            meaning: "The user's zone (an IANA name like Europe/Berlin, or a POSIX rule); default /etc/localtime; "
                + "an unknown one warns and uses UTC."),
        Row(
            names: ["NO_COLOR"],
            meaning: "Any value turns colours off (as do --no-color, output that is not a terminal, TERM=dumb)."),
        Row(names: ["PAGER", "LESS"], meaning: "The pager for long interactive output (default less with LESS=FRX)."),
        Row(
            names: ["VISUAL", "EDITOR"],
            meaning: "The editor for a free text left out interactively (note ada, <) and for edit #ID; VISUAL "
                + "first, default vi; it may have arguments (code --wait)."),
        Row(names: ["TMPDIR"], meaning: "Where the editor's private temporary file is made (default /tmp)."),
        Row(
            names: ["XDG_DATA_HOME", "XDG_STATE_HOME", "HOME"], meaning: "Where the default store and the history live."
        ),
        Row(
            names: ["XDG_CACHE_HOME"],
            meaning: "Where a team store's cache lives ($XDG_CACHE_HOME/cande/, default ~/.cache/cande/)."),
        Row(
            names: ["CANDE_AGENT"],
            meaning: "off (or 0, no, false): one-shot -c commands on a team store connect themselves instead of "
                + "using the agent."),
        Row(
            names: ["CANDE_AGENT_IDLE"],
            meaning: "Seconds a team store's agent waits for the next one-shot command before it ends (default 600)."
        ),
        Row(
            names: ["XDG_RUNTIME_DIR"],
            meaning: "Where the agent's socket lives ($XDG_RUNTIME_DIR/cande/, else /tmp/cande-UID/)."),
        Row(
            names: ["PGPASSWORD", "PGPASSFILE", "PGHOST", "PGSSLMODE"],
            meaning: "libpq's own variables (these and the others), for a team store's connection."),
        Row(names: ["TZDIR"], meaning: "Where time zones are read (default /usr/share/zoneinfo)."),
        Row(
            names: ["COLUMNS"],
            meaning: "The output width when standard output is not a terminal (default: no limit)."),
        Row(
            names: ["LC_ALL", "LC_CTYPE", "LANG"],
            meaning: "The first one set decides the report's characters: a UTF-8 locale (or none set) draws "
                + "block characters, any other (C, POSIX) plain ASCII."),
        Row(
            names: ["CANDE_TEST_PG", "CANDE_REQUIRE_PG"],
            meaning: "Tests only: the PostgreSQL the team-store tests use; with CANDE_REQUIRE_PG=1 a missing "
                + "server fails those tests instead of skipping them."),
    ]
}
