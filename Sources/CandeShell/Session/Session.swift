import Conversation
import Store

/// What every command works with: the store, who is typing, the clock and zone, the focus, and
/// where output goes. Commands return or throw; only `main` exits.
final class Session {
    let settings: Settings
    let clock: Clock
    let out: Output
    /// Every error, warning and note goes through it (text or JSON).
    let diagnostics: Diagnostics
    let style: Style
    /// The focused candidate's handle (`open`), shown in the prompt.
    var focus: String?
    /// Asks the user a yes/no question; nil when nobody can answer (batch mode).
    var ask: ((String) -> Bool)?
    /// How the interactive shell hands the terminal to `$EDITOR` (`composeText`); nil in batch mode.
    var terminal: TerminalHandOver?
    /// Set when a command changed the store (the runner resets it per command).
    var committed = false
    /// Whether anything was written in this run.
    private(set) var wrote = false
    /// Batch mode: changes share fsyncs (the runner flushes and releases the output).
    var groupCommits = false
    /// Standard input holds the commands being run (batch mode without -c or scripts, or the
    /// script `-`): `import mail -` cannot read a message from it.
    var standardInputIsCommands = false
    /// Columns available for output: the terminal's; else `COLUMNS`; nil (no limit) when
    /// standard output is not a terminal and `COLUMNS` is not set (README "Output").
    var width: Int? = 80

    private let openStore: () throws(StoreError) -> ConversationStore
    /// `find`'s index, kept for the session and extended as entries are added.
    private var search = SearchIndex()
    /// The state's `correctionsRevision` the index was built at: a correction changes old texts.
    private var searchRevision = 0
    /// Candidates' last words read so far (`LastWords`).
    var lastWords = LastWords.Cache()
    private var searchToken = -1
    private var opened: ConversationStore?
    private var zones: [String: ZoneRules] = [:]

    init(
        settings: Settings, out: Output, diagnostics: Diagnostics,
        openStore: @escaping () throws(StoreError) -> ConversationStore
    ) {
        self.settings = settings
        clock = Clock(fixed: settings.fixedNow)
        self.out = out
        self.diagnostics = diagnostics
        style = Style(enabled: settings.color)
        diagnostics.style = Style(enabled: settings.color && Terminal.isTerminal(2))
        self.openStore = openStore
    }

    /// Who is typing: on a team store, the database login (SPEC §2).
    var user: String { opened?.author ?? settings.user }
    var isStoreOpen: Bool { opened != nil }

    /// The store, opened on first use; what it has to say (a torn record set aside …) goes to
    /// standard error.
    func store() throws(ShellError) -> ConversationStore {
        if let opened { return opened }
        do {
            let store = try openStore()
            opened = store
            if groupPending { store.beginGroup() }
            if store.created { diagnostics.note("created a new store at \(settings.storePath)") }
            if let author = store.author, let asked = settings.userAsked, asked != author {
                warn("on a team store every change is made as your database login (\(author)), not as \(asked)")
            }
            reportWarnings()
            return store
        } catch {
            throw .store(error)
        }
    }

    func reportWarnings() {
        guard let opened else { return }
        for warning in opened.takeWarnings() { warn(warning) }
    }

    func warn(_ text: String) { diagnostics.warning(text) }

    /// The current state, after catching up with what others wrote.
    func state(timeline: Bool = false) throws(ShellError) -> State {
        let store = try store()
        do {
            try store.refresh()
            if timeline { try store.load(.everyone) }
        } catch {
            throw .store(error)
        }
        reportWarnings()
        return store.state
    }

    /// Fails when anything the command read was damaged (SPEC §8.9: damage is never read silently).
    func checkReads() throws(ShellError) {
        guard let opened else { return }
        do {
            try opened.checkReads()
        } catch {
            throw .store(error)
        }
    }

    /// Runs a command; if it read damaged data it fails, and its result is never shown.
    func failingOnDamage(_ command: () throws(ShellError) -> any CommandResult) throws(ShellError)
        -> any CommandResult
    {
        let result = try command()
        try checkReads()
        return result
    }

    /// The state as `state()` last read it, with one candidate's whole timeline loaded.
    func state(timelineOf candidate: Int32) throws(ShellError) -> State {
        let store = try store()
        do {
            try store.load(.candidate(candidate))
        } catch {
            throw .store(error)
        }
        return store.state
    }

    /// Records one change: built against the latest state under the write lock.
    @discardableResult
    func commit(_ build: (State) throws -> Change) throws(ShellError) -> Record {
        let store = try store()
        if groupCommits { store.beginGroup() }
        do {
            let record = try store.commit(by: user, at: now(), build)
            committed = true
            wrote = true
            return record
        } catch {
            throw ShellError.from(error)
        }
    }

    /// Batch mode, before a command that may write: the group starts now, so that a team store
    /// takes its head's lock with the command's catch-up (one round trip, not two).
    /// The store is not opened for it (a bad command line must not create a store): an unopened
    /// store begins the group when it is opened.
    func beginGroup() {
        groupPending = true
        opened?.beginGroup()
    }

    /// `beginGroup` was asked before the store was open (the runner clears it when the group ends).
    var groupPending = false

    func now() -> Instant { clock.now() }

    /// The search index over `state` (rebuilt when the store was replaced, e.g. compacted).
    func searchIndex(for state: State, store: ConversationStore) -> SearchIndex {
        if searchToken != store.stateToken || search.covered > state.entries.count
            || searchRevision != state.correctionsRevision
        {
            search = SearchIndex()
            searchToken = store.stateToken
            searchRevision = state.correctionsRevision
        }
        search.extend(state, texts: store.texts)
        return search
    }

    /// `find`'s hits for `query` from the store's own index, without loading the timeline, and
    /// the state they belong to; nil when the store has none to use (then `searchIndex`).
    func searchWithoutTimeline(_ query: String) throws(ShellError) -> (State, [Entry])? {
        let store = try store()
        var needle: [UInt8] = []
        CaseFolding.append(Array(query.utf8), to: &needle)
        let hits: [Entry]?
        do {
            try store.refresh()
            hits = try store.search(needle)
        } catch {
            throw .store(error)
        }
        reportWarnings()
        return hits.map { (store.state, $0) }
    }

    var zone: ZoneRules { settings.zone }

    /// A candidate's zone by IANA name (cached), nil if unknown.
    func zone(named name: String) -> ZoneRules? {
        if let zone = zones[name] { return zone }
        let zone = ZoneLoader.load(named: name)
        zones[name] = zone
        return zone
    }

    /// The candidate REF names (SPEC §4), or an error listing the closest ones.
    func resolve(_ reference: String, in state: State) throws(ShellError) -> Int32 {
        switch state.resolve(reference) {
        case .found(let k): return k
        case .ambiguous(let matches): throw .ambiguous(reference, matches: matches)
        case .unknown(let closest): throw .unknownCandidate(reference, closest: closest)
        }
    }

    /// The focused candidate, or an error for `verb`.
    func focused(in state: State, verb: String) throws(ShellError) -> Int32 {
        guard let focus else { throw .noFocus(verb: verb) }
        guard let k = state.candidateIndex(handle: focus) else {
            self.focus = nil
            throw .failed("\(focus) no longer exists (undone or forgotten); focus cleared")
        }
        return k
    }

    /// Yes/no: asks interactively; in batch mode the answer is `--yes`.
    func confirm(_ question: String) -> Bool {
        if let ask { return ask(question) }
        return settings.yes
    }
}
