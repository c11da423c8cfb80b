import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

/// A session on a fresh store, run in-process the way batch mode runs it, with its standard
/// output and standard error held for the test to read. Now is Tuesday 2026-12-01 10:00 in
/// Berlin (09:00Z) unless told otherwise; the user is rita; output is 80 columns, no colours.
final class ShellHarness {
    let directory: TemporaryDirectory
    let session: Session
    var storePath: String { directory.path + "/store" }

    /// `sharing`: another harness whose store this one uses (another user, another time).
    init(
        user: String = "rita", now: String = "2026-12-01T09:00:00Z", json: Bool = false, width: Int? = 80,
        yes: Bool = false, sharing other: ShellHarness? = nil
    ) {
        directory = other?.directory ?? TemporaryDirectory("cande-shell")
        var settings = Settings(storePath: directory.path + "/store", user: user)
        settings.zone = Zones.berlin
        settings.fixedNow = utc(now)
        settings.json = json
        settings.yes = yes
        let out = Output(fd: -1)
        out.holding = true
        let errors = Output(fd: -1)
        errors.holding = true
        let path = directory.path + "/store"
        session = Session(
            settings: settings, out: out, diagnostics: Diagnostics(errors: errors, json: settings.json),
            openStore: { () throws(StoreError) -> ConversationStore in try FileStore(path: path) })
        session.width = width
    }

    /// Runs one line and returns what it printed, line by line; throws its error.
    @discardableResult
    func run(_ line: String) throws(ShellError) -> [String] {
        defer { _ = session.out.take() }
        _ = try Dispatcher.execute(line, session: session)
        return Self.lines(session.out.take())
    }

    /// Runs a line that must succeed; records an issue otherwise.
    @discardableResult
    func ok(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        do {
            return try run(line)
        } catch {
            Issue.record("\(line): \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// Runs a line that must fail, and returns its error (nil, with an issue, if it did not fail).
    func failure(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> ShellError? {
        do {
            let printed = try run(line)
            Issue.record("\(line) succeeded, printing \(printed)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map(String.init)
    }

    /// The store as another process sees it: opened afresh, with its whole timeline.
    func reopened() throws -> FileStore {
        let store = try FileStore(path: storePath)
        try store.loadTimeline()
        return store
    }

    /// Every file of the store and its bytes.
    func files() -> [String: Data] { StoreFiles.all(storePath) }
}

/// One timeline entry as the tests compare it.
struct StoredEntry: Equatable, CustomStringConvertible {
    var id: Int32
    var handle: String
    var kind: EntryKind
    var at: Instant
    var by: String
    var direction: Direction? = nil
    var channel: Channel? = nil
    var text: String

    var description: String {
        "#\(id) \(handle) \(kind.name) \(at) \(by) \(direction?.name ?? "-") \(channel?.name ?? "-") \(text.debugDescription)"
    }

    /// The live entries of a store, in id order.
    static func all(_ store: FileStore) -> [StoredEntry] {
        let state = store.state
        return state.entries.filter { !$0.removed }.sorted { $0.id < $1.id }.map { e in
            StoredEntry(
                id: e.id, handle: state.candidates[Int(e.candidate)].handle, kind: e.kind, at: e.at,
                by: state.user(e.by),
                direction: e.direction, channel: e.channel, text: state.text(e.text, from: store.texts))
        }
    }
}

/// Layout of `history` at 80 columns (SPEC §5's illustration): a row is " HH:MM", a label in
/// 13 columns and the text from column 22; our messages sit in the text column with
/// "◂ author HH:MM" ending at column 79; a day starts with a rule as wide as the line.
enum Transcript {
    static let width = 80

    static func columns(_ text: String) -> Int { text.count }

    static func rule(_ day: String) -> String {
        let head = " ── " + day + " "
        return head + String(repeating: "─", count: width - 1 - columns(head))
    }

    static func row(_ time: String, _ label: String, _ text: String) -> String {
        " " + time + " " + label + String(repeating: " ", count: 13 - columns(label)) + " " + text
    }

    static func continued(_ text: String) -> String { String(repeating: " ", count: 21) + text }

    static func ours(_ text: String, by author: String, at time: String) -> String {
        let tag = "◂ " + author + " " + time
        return continued(text) + String(repeating: " ", count: width - 1 - 21 - columns(text) - columns(tag)) + tag
    }
}
