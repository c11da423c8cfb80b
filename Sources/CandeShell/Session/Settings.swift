import Conversation

/// How this run of `cande` was asked to behave: flags first, then the environment (SPEC §3).
struct Settings {
    var storePath: String
    var user: String
    /// The user `--as` asked for (a team store's login overrides it: said once).
    var userAsked: String?
    var json = false
    var bail = false
    var yes = false
    var color = false
    /// The locale's character set: the report's charts in blocks or in ASCII (`Charset`).
    var charset = Charset.unicode
    /// The shell reads from a terminal: prompt, line editing, questions, pager.
    var interactive = false
    /// `CANDE_NOW`: a fixed "now" for reproducible scripts and tests.
    var fixedNow: Instant?
    var zone: ZoneRules = .utc
    var pager: String?
    var historyPath: String?
}
