import Conversation
import TestSupport
import Testing

/// Times and lengths no user can type but a damaged or hostile store can hold: each is an error
/// or a value, never an arithmetic trap (found by the `when` and `record` fuzz targets).
@Suite("Hostile times")
struct HostileTimeTests {
    let start = utc("2026-12-02T14:00:00Z")

    func stateWithAda() throws -> State {
        var state = State()
        try state.apply(
            Record(
                seq: 1, ts: start, by: "rita", change: .add([CandidateDraft(handle: "ada", name: "Ada Lovelace")])))
        return state
    }

    @Test("a meeting of Int.max or Int.min minutes is refused as out of range", arguments: [Int.max, Int.min])
    func hugeMinutesRefused(minutes: Int) throws {
        let state = try stateWithAda()
        let talk = Record(
            seq: 2, ts: start, by: "rita",
            change: .schedule(MeetingDraft(id: 1, handle: "ada", kind: .talk, start: start, minutes: minutes)))
        #expect(throws: ChangeError.timeOutOfRange(start)) { try state.validate(talk) }
        let hire = Record(
            seq: 2, ts: start, by: "rita",
            change: .hire(
                handle: "ada", id: 1, start: start,
                checkins: [MeetingDraft(id: 2, handle: "ada", kind: .checkin, start: start, minutes: minutes)]))
        #expect(throws: ChangeError.timeOutOfRange(start)) { try state.validate(hire) }
    }

    @Test("a meeting that ends after 9999-12-31T23:59:59Z is refused; one of 31 days is accepted")
    func endOutOfRange() throws {
        let state = try stateWithAda()
        let late = utc("9999-12-31T23:00:00Z")
        func talk(_ at: Instant, _ minutes: Int) -> Record {
            Record(
                seq: 2, ts: start, by: "rita",
                change: .schedule(MeetingDraft(id: 1, handle: "ada", kind: .talk, start: at, minutes: minutes)))
        }
        #expect(throws: ChangeError.timeOutOfRange(utc("9999-12-31T23:00:00Z").adding(seconds: 3600))) {
            try state.validate(talk(late, 60))
        }
        try state.validate(talk(late, 59))
        try state.validate(talk(start, DurationParser.maxMinutes))
    }

    @Test("a meeting's end saturates instead of trapping", arguments: [Int.max, Int.min, Int.max / 60 - 1])
    func endSaturates(minutes: Int) {
        let meeting = Meeting(
            id: 1, candidate: 0, kind: .talk, start: start, minutes: minutes, scheduled: start, by: "rita")
        if minutes > 0 {
            #expect(meeting.end > utc("9999-12-31T23:59:59Z"))
        } else {
            #expect(meeting.end < utc("0001-01-01T00:00:00Z"))
        }
        // Still a time the calendar code can take apart.
        _ = meeting.end.iso8601
    }

    @Test("a meeting's end is its start plus its minutes")
    func endOfAnOrdinaryMeeting() {
        let meeting = Meeting(id: 1, candidate: 0, kind: .talk, start: start, minutes: 45, scheduled: start, by: "r")
        #expect(meeting.end == utc("2026-12-02T14:45:00Z"))
    }

    @Test("a WHEN of separators only is unreadable, not an index out of range", arguments: ["@", "@@", " @ ", "@\t@"])
    func separatorsOnly(text: String) {
        let parser = WhenParser(now: start, zone: .utc)
        #expect(throws: WhenError.unreadable(text)) { try parser.parse(text, direction: .future) }
        #expect(throws: WhenError.unreadable(text)) { try parser.parse(text, direction: .past) }
    }

    @Test("DURATION reads up to 31 days, the longest meeting the store keeps")
    func longestDuration() throws {
        #expect(DurationParser.maxMinutes == 31 * 24 * 60)
        #expect(try DurationParser.minutes("31d") == DurationParser.maxMinutes)
        #expect(throws: WhenError.badDuration("31d1m")) { try DurationParser.minutes("31d1m") }
    }
}
