import Foundation
import TestSupport
import Testing

/// Calendars that update (README "Export and import"): UIDs from the store's id, so a copied
/// store exports the same ones; `DTSTAMP`/`LAST-MODIFIED` from the meeting's last change and
/// `SEQUENCE` counting its moves and status changes, so a client that compares them takes the
/// new version; `status:` of meetings; `alarm:`. Read back with python's `icalendar`.
@Suite("export ics: calendars that update")
struct CalendarUpdateTests {
    static let events = """
        import sys, json
        from datetime import timezone
        from icalendar import Calendar
        cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
        def t(ev, name):
            if name not in ev: return None
            return ev[name].dt.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
        out = []
        for ev in cal.walk('VEVENT'):
            alarms = [{"action": str(a['ACTION']), "trigger": a['TRIGGER'].dt.total_seconds(),
                       "description": str(a.get('DESCRIPTION', ''))} for a in ev.walk('VALARM')]
            out.append({"uid": str(ev['UID']), "sequence": int(ev.get('SEQUENCE', 0)),
                        "stamp": t(ev, 'DTSTAMP'), "modified": t(ev, 'LAST-MODIFIED'), "start": t(ev, 'DTSTART'),
                        "status": str(ev['STATUS']), "alarms": alarms})
        print(json.dumps(out))
        """

    /// The events of an exported file, as `events` reads them.
    static func parse(_ file: String) -> [[String: Any]]? {
        PythonChecker.run(events, arguments: [file], module: "icalendar") as? [[String: Any]]
    }

    static func uids(_ file: String) -> Set<String> {
        Set(
            String(decoding: fileBytes(file), as: UTF8.self).components(separatedBy: "\r\n").filter {
                $0.hasPrefix("UID:")
            })
    }

    /// Runs one command at `now` with `--json`; returns its `id`.
    @discardableResult
    static func id(_ command: String, store: String, now: String) -> Int? {
        let result = Cande.run(["--json", "-c", command], environment: Cande.environment(store: store, now: now))
        #expect(result.status == 0, "\(command): \(result.stderr)")
        return (parseJSON(result.stdout) as? [String: Any])?["id"] as? Int
    }

    static func export(_ arguments: String, store: String, now: String) -> RunResult {
        Cande.run(["-c", "export ics " + arguments], environment: Cande.environment(store: store, now: now))
    }

    /// A store with Ada and one talk scheduled at 09:00 on 1 Dec.
    static func storeWithTalk(_ dir: TemporaryDirectory, name: String = "store") -> (store: String, talk: Int) {
        let store = dir.file(name)
        id("add \"Ada Lovelace\" handle:ada", store: store, now: "2026-12-01T09:00:00Z")
        let talk = id(
            "talk ada with:\"Sam Lee\" as:peer at:2026-12-03T14:00Z for:45m", store: store,
            now: "2026-12-01T09:00:00Z")
        return (store, talk ?? -1)
    }

    @Test("a moved meeting keeps its UID, with a higher SEQUENCE and the move's time as DTSTAMP and LAST-MODIFIED")
    func moveUpdatesTheEvent() throws {
        let dir = TemporaryDirectory("cande-ics-update")
        let (store, talk) = Self.storeWithTalk(dir)
        #expect(Self.export(dir.file("a.ics"), store: store, now: "2026-12-01T09:30:00Z").status == 0)
        Self.id("move #\(talk) at:2026-12-04T15:00Z", store: store, now: "2026-12-01T10:15:00Z")
        #expect(Self.export(dir.file("b.ics"), store: store, now: "2026-12-01T11:00:00Z").status == 0)

        guard let before = Self.parse(dir.file("a.ics")), let after = Self.parse(dir.file("b.ics")) else { return }
        #expect(before.count == 1 && after.count == 1)
        guard let a = before.first, let b = after.first else { return }
        #expect(a["uid"] as? String == b["uid"] as? String, "the same event")
        let (sa, sb) = (a["sequence"] as? Int ?? -1, b["sequence"] as? Int ?? -1)
        #expect(sb > sa, "SEQUENCE \(sa) → \(sb)")
        #expect(a["stamp"] as? String == "2026-12-01T09:00:00Z", "DTSTAMP: when it was scheduled, not the export")
        #expect(a["modified"] as? String == "2026-12-01T09:00:00Z")
        #expect(b["stamp"] as? String == "2026-12-01T10:15:00Z", "DTSTAMP: the move's time")
        #expect(b["modified"] as? String == "2026-12-01T10:15:00Z", "LAST-MODIFIED: the move's time")
        #expect(b["start"] as? String == "2026-12-04T15:00:00Z")

        // A cancellation is a change too; an undo of it another one, never back to an older SEQUENCE.
        Self.id("cancel #\(talk)", store: store, now: "2026-12-01T12:00:00Z")
        Self.id("undo", store: store, now: "2026-12-01T12:05:00Z")
        #expect(Self.export(dir.file("c.ics"), store: store, now: "2026-12-01T13:00:00Z").status == 0)
        guard let c = Self.parse(dir.file("c.ics"))?.first else { return }
        #expect(c["uid"] as? String == a["uid"] as? String)
        #expect(c["status"] as? String == "CONFIRMED")
        #expect((c["sequence"] as? Int ?? -1) == sb + 2, "cancel and its undo each count")
        #expect(c["modified"] as? String == "2026-12-01T12:05:00Z")
    }

    @Test("SEQUENCE and the last change survive compaction and reopening")
    func survivesCompaction() throws {
        let dir = TemporaryDirectory("cande-ics-update")
        let (store, talk) = Self.storeWithTalk(dir)
        Self.id("move #\(talk) at:2026-12-04T15:00Z", store: store, now: "2026-12-01T10:15:00Z")
        #expect(Self.export(dir.file("a.ics"), store: store, now: "2026-12-01T11:00:00Z").status == 0)
        #expect(Cande.run(["-c", "compact"], environment: Cande.environment(store: store)).status == 0)
        #expect(Self.export(dir.file("b.ics"), store: store, now: "2026-12-01T11:30:00Z").status == 0)
        #expect(fileBytes(dir.file("a.ics")) == fileBytes(dir.file("b.ics")), "the same calendar, byte for byte")
        #expect(String(decoding: fileBytes(dir.file("b.ics")), as: UTF8.self).contains("\r\nSEQUENCE:1\r\n"))
    }

    @Test("a copied store exports the same UIDs; another store other ones")
    func copiedStoreKeepsUIDs() throws {
        let dir = TemporaryDirectory("cande-ics-copy")
        let (store, _) = Self.storeWithTalk(dir)
        let copy = Cande.run(executable: "/bin/cp", ["-a", store, dir.file("copy")])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(Self.export(dir.file("a.ics"), store: store, now: "2026-12-01T10:00:00Z").status == 0)
        #expect(Self.export(dir.file("b.ics"), store: dir.file("copy"), now: "2026-12-01T10:00:00Z").status == 0)
        let (a, b) = (Self.uids(dir.file("a.ics")), Self.uids(dir.file("b.ics")))
        #expect(a.count == 1)
        #expect(a == b, "the copy exports the same UIDs")
        #expect(fileBytes(dir.file("a.ics")) == fileBytes(dir.file("b.ics")), "and the same calendar")

        let (other, _) = Self.storeWithTalk(dir, name: "other")
        #expect(Self.export(dir.file("c.ics"), store: other, now: "2026-12-01T10:00:00Z").status == 0)
        let c = Self.uids(dir.file("c.ics"))
        #expect(c.count == 1)
        #expect(c.isDisjoint(with: a), "another store, other UIDs: \(a) \(c)")
    }

    @Test("status:scheduled leaves cancelled and held meetings out; other filters still apply")
    func onlyScheduled() throws {
        let dir = TemporaryDirectory("cande-ics-status")
        let store = dir.file("store")
        let now = "2026-12-01T09:00:00Z"
        Self.id("add \"Ada Lovelace\" handle:ada tags:berlin", store: store, now: now)
        Self.id("add \"Grace Hopper\" handle:grace", store: store, now: now)
        let kept = Self.id("talk ada with:Sam as:peer at:2026-12-03T14:00Z", store: store, now: now) ?? -1
        let gone = Self.id("talk ada with:Kim as:manager at:2026-12-03T16:00Z", store: store, now: now) ?? -1
        let held = Self.id("talk ada with:Lee as:buddy at:2026-12-01T10:00Z", store: store, now: now) ?? -1
        let other = Self.id("talk grace with:Sam as:peer at:2026-12-04T14:00Z", store: store, now: now) ?? -1
        Self.id("cancel #\(gone)", store: store, now: now)
        Self.id("done #\(held) Went well", store: store, now: "2026-12-01T11:00:00Z")

        func ids(_ arguments: String) -> Set<Int> {
            let result = Self.export(arguments, store: store, now: "2026-12-01T12:00:00Z")
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return Set(
                result.stdout.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:meeting-") }.compactMap {
                    Int($0.dropFirst("UID:meeting-".count).prefix { $0 != "@" })
                })
        }
        #expect(ids("") == [kept, gone, held, other])
        #expect(ids("status:scheduled") == [kept, other])
        #expect(ids("status:cancelled") == [gone])
        #expect(ids("status:done") == [held])
        #expect(ids("status:scheduled status:done") == [kept, held, other])
        #expect(ids("status:scheduled tag:berlin") == [kept], "candidate filters still apply")
        #expect(ids("status:scheduled status:active") == [kept, other], "a candidate status too")
        #expect(ids("status:scheduled status:hired") == [])

        let wrongFormat = Cande.run(
            ["-c", "export csv status:scheduled"], environment: Cande.environment(store: store))
        #expect(wrongFormat.status == 1)
        #expect(
            wrongFormat.stderr.contains("status:scheduled") && wrongFormat.stderr.contains("ics"),
            "\(wrongFormat.stderr)")
        #expect(wrongFormat.stdout.isEmpty)
    }

    @Test("alarm:15m adds a VALARM that icalendar reads as 15 minutes before; 1h30m and 1d too")
    func alarm() throws {
        let dir = TemporaryDirectory("cande-ics-alarm")
        let (store, _) = Self.storeWithTalk(dir)
        for (value, seconds, trigger) in [
            ("15m", -900.0, "TRIGGER:-PT15M"), ("1h30m", -5400.0, "TRIGGER:-PT1H30M"), ("1d", -86400.0, "TRIGGER:-P1D"),
        ] {
            let file = dir.file("alarm-\(value).ics")
            let result = Self.export("\(file) alarm:\(value)", store: store, now: "2026-12-01T10:00:00Z")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(String(decoding: fileBytes(file), as: UTF8.self).contains("\r\n\(trigger)\r\n"))
            guard let event = Self.parse(file)?.first, let alarms = event["alarms"] as? [[String: Any]] else {
                continue
            }
            #expect(alarms.count == 1)
            #expect(alarms.first?["action"] as? String == "DISPLAY")
            #expect(alarms.first?["trigger"] as? Double == seconds, "alarm:\(value)")
            #expect((alarms.first?["description"] as? String)?.contains("Ada Lovelace") == true)
        }
        #expect(Self.export(dir.file("none.ics"), store: store, now: "2026-12-01T10:00:00Z").status == 0)
        #expect((Self.parse(dir.file("none.ics"))?.first?["alarms"] as? [[String: Any]])?.isEmpty == true)
        #expect(
            !String(decoding: fileBytes(dir.file("none.ics")), as: UTF8.self).contains("VALARM"), "none unless asked")
    }

    @Test("a bad alarm: value is refused with a clear error and nothing is written")
    func badAlarm() throws {
        let dir = TemporaryDirectory("cande-ics-alarm")
        let (store, _) = Self.storeWithTalk(dir)
        for value in ["soon", "15", "-15m", "0m", "15x"] {
            let file = dir.file("bad.ics")
            let result = Self.export("\(file) alarm:\(value)", store: store, now: "2026-12-01T10:00:00Z")
            #expect(result.status == 1, "alarm:\(value)")
            #expect(result.stderr.contains("alarm"), "alarm:\(value): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: file), "alarm:\(value) wrote a file")
            #expect(result.stdout.isEmpty)
        }
        let csv = Cande.run(["-c", "export csv alarm:15m"], environment: Cande.environment(store: store))
        #expect(csv.status == 1 && csv.stderr.contains("alarm"), "\(csv.stderr)")
        #expect(csv.stdout.isEmpty)
    }
}
