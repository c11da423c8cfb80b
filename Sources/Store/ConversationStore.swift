import Conversation

/// What the shell needs from a store, in words that fit any backend (README "The store"): the
/// file store implements it, and a team store on PostgreSQL is to implement it with the same
/// guarantees, held to them by the contract suite (`Tests/StoreTests/StoreContractTests.swift`):
/// - `refresh` makes every change other processes committed visible;
/// - `commit` builds the change against the latest state while holding the write lock, validates
///   it, makes it durable, and only then applies and returns it (no lost updates);
/// - in a group (`beginGroup` … `flush`), changes are acknowledged by the `flush` that makes them
///   durable, never earlier.
public protocol ConversationStore: AnyObject {
    var state: State { get }
    var texts: TextSource { get }
    /// Bumps whenever `state` was replaced wholesale (another client compacted or erased), so
    /// that caches built on it (texts quoted, a search index) know to rebuild.
    var stateToken: Int { get }
    /// Why writes are refused, if they are.
    var readOnlyReason: String? { get }
    /// True when opening it created the store (the shell says so once: a mistyped path must
    /// not look like an empty store).
    var created: Bool { get }
    /// Things the user should know (a torn record set aside, a network file system).
    func takeWarnings() -> [String]
    /// The user every change is recorded as when the store decides it (a team store: the
    /// database login, SPEC §2); nil: whoever the shell says (`--as`, `CANDE_USER`, the login).
    var author: String? { get }
    /// The store's id: the same for every client and every copy of the store (a directory
    /// copied or mounted elsewhere, a database restored), different for another store; calendar
    /// UIDs are made of it. Fails when the place that keeps it is damaged.
    func identity() throws(StoreError) -> String

    func refresh() throws(StoreError)
    /// Fails if anything read since the last call was damaged (SPEC §8.9): the command that read
    /// it must fail rather than show or export it.
    func checkReads() throws(StoreError)
    /// Makes `state` hold every timeline entry `scope` needs (a store may hold only the recent
    /// ones and the facts until a view asks).
    func load(_ scope: TimelineScope) throws(StoreError)
    /// The entries at these places (`Facts.lastInboundLine`: where the store keeps an entry it
    /// has not loaded), in the same order.
    func entries(atPlaces places: [Int64]) throws(StoreError) -> [Entry]
    /// `find TEXT` without loading the whole timeline: every entry whose text, folded as
    /// `CaseFolding` folds it, holds `folded` (in no particular order; the caller filters out
    /// removed entries and sorts); `state` then holds what the entries refer to. nil when the
    /// store has no usable index for it: the caller loads the timeline and searches it.
    func search(_ folded: [UInt8]) throws(StoreError) -> [Entry]?
    func commit(by user: String, at now: Instant, _ build: (State) throws -> Change) throws -> Record
    func beginGroup()
    /// Makes the group's changes durable and ends the group.
    func flush() throws(StoreError)
    /// Erases a candidate's personal data from every file of the store.
    func forget(handle: String) throws(StoreError)
    /// Erases one entry (a message, note, ask, feedback or correction) and its corrections from
    /// every file of the store.
    func forget(entry id: Int32) throws(StoreError)
    /// Housekeeping after a session that wrote (compaction when the journal has grown large).
    func maintain() throws(StoreError)
}

extension ConversationStore {
    public var author: String? { nil }
}

/// What a view needs of the timeline.
public enum TimelineScope: Equatable, Sendable {
    /// Every entry of every candidate (`find` with filters, `report` with entry filters, exports).
    case everyone
    /// One candidate's entries (`show`, `history`).
    case candidate(Int32)
}

/// A store that can rewrite itself in a compact form on request (`compact`); one that keeps
/// itself compact, or has no such form, does not conform.
/// A store that says which phase a long rewrite is in (README "Progress"): `compact`, `forget`.
public protocol PhaseReporting: AnyObject {
    /// Called with `reading`, `writing`, `checking` (a team store's upload: `uploading N/M MB`).
    var onPhase: ((String) -> Void)? { get set }
    /// The bytes of the store's files now (a team store: its cache's).
    var byteSize: Int64 { get }
}

public protocol CompactingStore: ConversationStore {
    func compact() throws(StoreError)
}

/// A store others write to while the shell waits (README "Team store": live lines): the
/// interactive shell waits on `wakeDescriptor` as well as the terminal and, when it becomes
/// readable, shows `news()` above the prompt. A wake-up is only a hint: every command catches
/// up by itself anyway.
public protocol LiveStore: ConversationStore {
    /// A descriptor that becomes readable when another client may have committed; nil when the
    /// store cannot tell (not connected).
    var wakeDescriptor: Int32? { get }
    /// Consumes the wake-up, catches up, and returns the records other users committed since the
    /// last call (or since the store was opened), oldest first.
    func news() throws(StoreError) -> [Record]
}
