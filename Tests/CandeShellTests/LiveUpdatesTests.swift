import Conversation
import Store
import TestSupport
import Testing

@testable import CandeShell

#if canImport(Glibc)
    import Glibc
#endif

/// Live lines at the prompt (SPEC §8 "Team store"): the key reader waits on the store's
/// descriptor too, shows what others committed between keys, and loses or reorders no key.
@Suite("Live updates")
struct LiveUpdatesTests {
    let directory = TemporaryDirectory("cande-live")
    /// Tue 1 Dec 2026 10:00 UTC.
    let now = Instant(seconds: 1_796_119_200)

    /// A session whose store, once opened, is a `FakeLiveStore` (with Ada in it).
    func session() throws -> (Session, FakeLiveStore, opened: Counter) {
        let path = directory.path + "/store"
        let live = try FakeLiveStore(path: path)
        _ = try live.commit(by: "rita", at: now) { _ in
            .add([CandidateDraft(handle: "ada-lovelace", name: "Ada Lovelace")])
        }
        var settings = Settings(storePath: path, user: "rita")
        settings.zone = .utc
        settings.fixedNow = now
        let opened = Counter()
        let session = Session(
            settings: settings, out: Output(fd: -1), diagnostics: Diagnostics(errors: Output(fd: -1), json: false),
            openStore: { () throws(StoreError) -> ConversationStore in
                opened.count += 1
                return live
            })
        return (session, live, opened)
    }

    func note(_ text: String, by user: String = "maria") -> Record {
        Record(
            seq: 9, ts: now, by: user,
            change: .entry(EntryDraft(handle: "ada-lovelace", id: 9, at: now, kind: .note, text: .string(text))))
    }

    @Test func nothingIsWatchedUntilTheStoreIsOpenAndTheStoreIsNotOpenedForIt() throws {
        let (session, live, opened) = try session()
        let updates = LiveUpdates(session: session)
        #expect(updates.descriptor() == nil)
        #expect(updates.retryIn() == nil)
        #expect(updates.lines() == [])
        #expect(!session.isStoreOpen)
        #expect(opened.count == 0)
        #expect(live.newsCalls == 0)
        _ = try session.store()
        #expect(updates.descriptor() == live.wakeDescriptor)
        #expect(updates.retryIn() == nil)
        // Without a connection: asked again now and then, to reconnect.
        live.connected = false
        #expect(updates.descriptor() == nil)
        #expect(updates.retryIn() == Int32(LiveUpdates.retryInterval))
    }

    @Test func othersChangesBecomeLinesAndAFailureIsSaidOnceUntilItWorksAgain() throws {
        let (session, live, _) = try session()
        var clock: Int64 = 1_000
        let updates = LiveUpdates(session: session, milliseconds: { clock })
        _ = try session.store()
        live.queued = [.success([note("strong on systems"), note("likes \u{1B}[31mred")])]
        #expect(
            updates.lines() == [
                "maria noted on ada-lovelace: strong on systems", #"maria noted on ada-lovelace: likes \e[31mred"#,
            ])
        #expect(updates.lines() == [])

        live.queued = [
            .failure(.serverUnavailable("connection refused")), .failure(.serverUnavailable("connection refused")),
            .success([note("back")]), .failure(.serverUnavailable("gone again")),
        ]
        let paused = updates.lines()
        #expect(paused.count == 1)
        #expect(paused.first?.hasPrefix("cande: live updates paused: ") == true, "\(paused)")
        #expect(paused.first?.contains("connection refused") == true, "\(paused)")
        // Paused: no descriptor (it may stay readable), a retry time instead.
        #expect(updates.descriptor() == nil)
        #expect(updates.retryIn() == Int32(LiveUpdates.retryInterval))
        clock += 4_000
        #expect(updates.retryIn() == Int32(LiveUpdates.retryInterval - 4_000))
        let calls = live.newsCalls
        #expect(updates.lines() == [])
        #expect(live.newsCalls == calls, "asked again before the retry time")
        clock += 6_000
        #expect(updates.lines() == [], "a second failure in a row is not said again")
        #expect(live.newsCalls == calls + 1)
        clock += 10_000
        #expect(updates.lines() == ["maria noted on ada-lovelace: back"])
        #expect(updates.descriptor() == live.wakeDescriptor)
        #expect(updates.lines().first?.contains("gone again") == true, "said again after it worked")
    }

    @Test func aWakeUpShowsItsLinesBetweenKeysAndNoKeyIsLostOrReordered() throws {
        let (session, live, _) = try session()
        _ = try session.store()
        let keys = TestPipes().keys
        let stream = KeyStream(fd: keys.read)
        stream.live = LiveUpdates(session: session).watch
        // Keys already there and a wake-up: the news first (the keys wait in the terminal).
        _ = write(keys.write, "ab", 2)
        live.queued = [.success([note("one")]), .success([]), .success([note("three")])]
        live.wake()
        #expect(stream.next(lineTakesText: { false }) == .live(["maria noted on ada-lovelace: one"]))
        #expect(stream.next(lineTakesText: { false }) == .character(0x61))
        // A wake-up with nothing to show (the user's own commit) shows nothing.
        live.wake()
        #expect(stream.next(lineTakesText: { false }) == .character(0x62))
        // While the reader waits for a key, a wake-up from elsewhere (another thread stands for
        // the server), then the key.
        let (wakeFD, keysFD) = (live.wakeWriteEnd, keys.write)
        TestPipes.write("!", to: wakeFD, after: 0.1)
        TestPipes.write("c", to: keysFD, after: 0.2)
        var seen: [Key] = []
        while seen.count < 2 {
            let key = stream.next(lineTakesText: { false })
            seen.append(key)
            if key == .character(0x04) || key == .end { break }
            if case .failed = key { break }
        }
        #expect(seen == [.live(["maria noted on ada-lovelace: three"]), .character(0x63)])
        #expect(live.newsCalls == 3)
    }
}

/// Counts across an escaping closure.
final class Counter: @unchecked Sendable {
    var count = 0
}
