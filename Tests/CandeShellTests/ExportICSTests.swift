import Conversation
import Foundation
import Store
import TestSupport
import Testing

@Suite("export ics")
struct ExportICSTests {
    static let zoe = "Zoë Müller; Jr., \"Z\" 日本語"
    static let kim = "Kim, Ji-woo; \\KJ\\"
    /// Commas, semicolons, quotes, a backslash, a line break and non-ASCII.
    static let room = "Room 3, Floor 2; Building \"A\" \\ east\nenter via the side door — Zürich"
    /// Long and multibyte, so that it must be folded, and any fold could land inside a character.
    static let café = String(repeating: "Café Zürich — Bahnhofstraße 12; 日本語の部屋, ", count: 4)
    static let outcome = "Great chat, strong; \"yes\"\nsecond line 👍"

    static let ics = """
        import sys, json
        from datetime import timezone
        from icalendar import Calendar
        cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
        def t(prop):
            dt = prop.dt
            return {"utc": dt.tzinfo is not None and dt.utcoffset().total_seconds() == 0,
                    "at": dt.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')}
        events = []
        for ev in cal.walk('VEVENT'):
            events.append({"uid": str(ev['UID']), "start": t(ev['DTSTART']), "end": t(ev['DTEND']),
                           "stamp": t(ev['DTSTAMP']), "status": str(ev['STATUS']), "summary": str(ev['SUMMARY']),
                           "location": str(ev['LOCATION']) if 'LOCATION' in ev else None,
                           "description": str(ev.get('DESCRIPTION', ''))})
        print(json.dumps({"version": str(cal['VERSION']), "prodid": str(cal['PRODID']), "events": events}))
        """

    struct Fixture {
        let dir = TemporaryDirectory("cande-ics")
        var storePath: String { dir.file("store") }
        /// Meeting id → (start, end) in seconds.
        var meetings: [Int32: (start: Int64, end: Int64)] = [:]
        var talk: Int32 = 0
        var cancelled: Int32 = 0
        var checkin: Int32 = 0

        init() throws {
            let store = try FileStore(path: storePath)
            let now = Instant(seconds: 1_795_000_000)
            _ = try store.commit(by: "rita", at: now) { _ in
                .add([
                    CandidateDraft(handle: "ada", name: "Ada Lovelace"),
                    CandidateDraft(handle: "zoe", name: ExportICSTests.zoe),
                ])
            }
            _ = try store.commit(by: "rita", at: now) {
                .entry(
                    EntryDraft(handle: "ada", id: $0.nextID, at: now, kind: .note, text: .string("NOTE-SECRET-4711")))
            }
            let start = Instant(seconds: 1_796_220_000)  // 2026-12-02T14:00:00Z
            var ids: [Int32] = []
            let plans: [(String, MeetingKind, String?, ColleagueRole?, Int64, Int, String?)] = [
                ("ada", .talk, "Sam Lee", .peer, 0, 45, "video"),
                ("zoe", .talk, ExportICSTests.kim, .manager, 86_400 + 1800, 30, ExportICSTests.room),
                ("zoe", .checkin, nil, nil, 3 * 86_400, 60, ExportICSTests.café),
            ]
            for (handle, kind, with, role, offset, minutes, place) in plans {
                let record = try store.commit(by: "rita", at: now) {
                    .schedule(
                        MeetingDraft(
                            id: $0.nextID, handle: handle, kind: kind, with: with, role: role,
                            start: start.adding(seconds: offset), minutes: minutes, place: place))
                }
                let id = record.change.id!
                ids.append(id)
                meetings[id] = (start.seconds + offset, start.seconds + offset + Int64(minutes) * 60)
            }
            (talk, cancelled, checkin) = (ids[0], ids[1], ids[2])
            let (done, gone) = (talk, cancelled)
            _ = try store.commit(by: "rita", at: now) { _ in
                .done(meeting: done, mood: .good, outcome: ExportICSTests.outcome)
            }
            _ = try store.commit(by: "rita", at: now) { _ in .cancel(meeting: gone, reason: "CANCEL-REASON-0815") }
        }

        func export(_ name: String, now: String = "2026-12-01T09:00:00Z") -> (RunResult, [UInt8]) {
            let result = Cande.run(
                ["-c", "export ics \(dir.file(name))"], environment: Cande.environment(store: storePath, now: now))
            return (result, fileBytes(dir.file(name)))
        }
    }

    @Test("python's icalendar reads every meeting back: count, UIDs, UTC instants, statuses, escaped texts")
    func parsedByICalendar() throws {
        let f = try Fixture()
        let (result, bytes) = f.export("meetings.ics")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "exported 3 meetings to \(f.dir.file("meetings.ics"))\n")
        guard
            let parsed = PythonChecker.run(Self.ics, arguments: [f.dir.file("meetings.ics")], module: "icalendar")
                as? [String: Any], let events = parsed["events"] as? [[String: Any]]
        else { return }
        #expect(parsed["version"] as? String == "2.0")
        #expect((parsed["prodid"] as? String)?.isEmpty == false)
        #expect(events.count == 3)

        var byID: [Int32: [String: Any]] = [:]
        var identities = Set<String>()
        for event in events {
            let uid = event["uid"] as? String ?? ""
            let parts = uid.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0].hasPrefix("meeting-"), let id = Int32(parts[0].dropFirst(8)) else {
                Issue.record("UID \(uid) is not meeting-ID@STORE")
                continue
            }
            identities.insert(parts[1])
            byID[id] = event
        }
        #expect(Set(byID.keys) == Set(f.meetings.keys), "one event per meeting, UID naming its id")
        #expect(identities.count == 1, "one store identity")
        for (id, times) in f.meetings {
            let start = byID[id]?["start"] as? [String: Any]
            let end = byID[id]?["end"] as? [String: Any]
            #expect(start?["at"] as? String == isoUTC(times.start), "DTSTART of #\(id)")
            #expect(end?["at"] as? String == isoUTC(times.end), "DTEND of #\(id)")
            #expect(start?["utc"] as? Bool == true && end?["utc"] as? Bool == true, "times in UTC")
            // The meeting's last change (all of the fixture's are at its `now`), not the export's time.
            #expect((byID[id]?["stamp"] as? [String: Any])?["at"] as? String == isoUTC(1_795_000_000))
        }
        #expect(byID[f.cancelled]?["status"] as? String == "CANCELLED")
        #expect(byID[f.talk]?["status"] as? String == "CONFIRMED")
        #expect(byID[f.checkin]?["status"] as? String == "CONFIRMED")

        #expect(byID[f.talk]?["summary"] as? String == "Talk: Ada Lovelace with Sam Lee (peer)")
        #expect(byID[f.cancelled]?["summary"] as? String == "Talk: \(Self.zoe) with \(Self.kim) (manager)")
        #expect(byID[f.checkin]?["summary"] as? String == "Check-in: \(Self.zoe)")
        #expect(byID[f.talk]?["location"] as? String == "video")
        #expect(byID[f.cancelled]?["location"] as? String == Self.room)
        #expect(byID[f.checkin]?["location"] as? String == Self.café)
        let description = byID[f.talk]?["description"] as? String ?? ""
        #expect(description.contains(Self.outcome), "\(description)")
        #expect(description.contains("Mood: +"))
        let cancelledDescription = byID[f.cancelled]?["description"] as? String ?? ""
        #expect(!cancelledDescription.contains("Outcome"))

        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("NOTE-SECRET-4711"), "notes never go into a calendar")
        #expect(!text.contains("CANCEL-REASON-0815"))
    }

    @Test("content lines end in CRLF, fold at 75 octets and never split a UTF-8 sequence")
    func linesAreFolded() throws {
        let f = try Fixture()
        let (result, bytes) = f.export("meetings.ics")
        #expect(result.status == 0)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                lines.append(bytes[start..<i])
                i += 2
                start = i
            } else {
                #expect(bytes[i] != 0x0A && bytes[i] != 0x0D, "bare CR or LF at byte \(i)")
                i += 1
            }
        }
        #expect(start == bytes.count, "the last line ends in CRLF")
        #expect(lines.first.map { Array($0) } == Array("BEGIN:VCALENDAR".utf8))
        #expect(lines.last.map { Array($0) } == Array("END:VCALENDAR".utf8))
        for line in lines {
            #expect(line.count <= 75, "\(String(decoding: line, as: UTF8.self))")
            #expect(String(validating: line, as: UTF8.self) != nil, "a fold split a UTF-8 sequence")
        }
        let continuations = lines.filter { $0.first == 0x20 }
        #expect(continuations.count >= 3, "the long location and summary are folded")
        // Unfolded, the location is the escaped text in one piece.
        var unfolded: [String] = []
        for line in lines {
            if line.first == 0x20, !unfolded.isEmpty {
                unfolded[unfolded.count - 1] += String(decoding: line.dropFirst(), as: UTF8.self)
            } else {
                unfolded.append(String(decoding: line, as: UTF8.self))
            }
        }
        let escapedRoom = "LOCATION:Room 3\\, Floor 2\\; Building \"A\" \\\\ east\\nenter via the side door — Zürich"
        #expect(unfolded.contains(escapedRoom))
    }

    @Test("UIDs stay the same across exports of one store and differ between stores")
    func stableUIDs() throws {
        let f = try Fixture()
        let (first, a) = f.export("a.ics")
        let (second, b) = f.export("b.ics", now: "2027-01-15T12:00:00Z")
        #expect(first.status == 0 && second.status == 0)
        func uids(_ bytes: [UInt8]) -> [String] {
            String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        }
        #expect(uids(a).count == 3)
        #expect(uids(a) == uids(b))
        #expect(a == b, "nothing changed in between: the same calendar, whenever it is exported")
        let other = try Fixture()
        let (_, c) = other.export("c.ics")
        #expect(Set(uids(c)).isDisjoint(with: Set(uids(a))), "another store, other UIDs")
    }

    @Test("FILTER picks the meetings of the selected candidates")
    func filtered() throws {
        let f = try Fixture()
        let result = Cande.run(
            ["-c", "export ics tag:none-has-it", "-c", "edit zoe tags:berlin", "-c", "export ics tag:berlin"],
            environment: Cande.environment(store: f.storePath))
        #expect(result.status == 0, "\(result.stderr)")
        let calendars = result.stdout.components(separatedBy: "END:VCALENDAR\r\n")
        #expect(calendars.count == 3)
        #expect(!calendars[0].contains("BEGIN:VEVENT"))
        let uids = calendars[1].components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:meeting-") }.map { line in
            Int32(line.dropFirst("UID:meeting-".count).prefix { $0 != "@" })
        }
        #expect(Set(uids) == [f.cancelled, f.checkin])
    }
}
