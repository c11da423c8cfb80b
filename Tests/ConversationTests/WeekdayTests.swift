import Conversation
import Testing

/// A weekday with a time of day on that same weekday: the next occurrence for scheduling, the
/// last one for the past, decided by the time.
@Suite("Weekdays on the same day")
struct WeekdayTests {
    /// Tuesday 2026-12-01 09:00 UTC.
    let parser = WhenParser(now: Instant(seconds: 1_796_115_600), zone: .utc)

    func at(_ text: String, _ direction: WhenParser.Direction, _ policy: WhenParser.DayPolicy = .startOfDay) throws
        -> String
    {
        try parser.parse(text, direction: direction, dayPolicy: policy).instant.iso8601
    }

    @Test func sameDay() throws {
        #expect(try at("tue 15:00", .future) == "2026-12-01T15:00:00Z")
        #expect(try at("tue 08:00", .future) == "2026-12-08T08:00:00Z")
        #expect(try at("tue", .future) == "2026-12-08T00:00:00Z")
        #expect(try at("tue 08:00", .past) == "2026-12-01T08:00:00Z")
        #expect(try at("tue 15:00", .past) == "2026-11-24T15:00:00Z")
        #expect(try at("tue", .past) == "2026-12-01T00:00:00Z")
        #expect(try at("tue", .past, .endOfDay) == "2026-12-02T00:00:00Z")
        #expect(try at("wed 10:00", .future) == "2026-12-02T10:00:00Z")
        #expect(try at("mon 10:00", .past) == "2026-11-30T10:00:00Z")
        #expect(throws: WhenError.self) { try at("fri", .future, .requireTime) }
    }
}
