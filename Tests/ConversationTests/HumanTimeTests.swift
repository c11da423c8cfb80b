import Conversation
import TestSupport
import Testing

/// `HumanTime.dateTime` is written byte by byte for views of thousands of rows; it must read
/// exactly as its parts, `day` and `clock`, do.
@Suite("Human time")
struct HumanTimeTests {
    @Test("a known instant reads as people write it")
    func known() {
        #expect(HumanTime.dateTime(tuesdayMorning, zone: Zones.berlin, thisYear: 2026) == "Tue 1 Dec 10:00")
        #expect(HumanTime.dateTime(tuesdayMorning, zone: Zones.berlin, thisYear: 2027) == "Tue 1 Dec 2026 10:00")
        #expect(HumanTime.dateTime(utc("2026-03-07T00:05:00Z"), zone: Zones.berlin, thisYear: nil) == "Sat 7 Mar 01:05")
        #expect(HumanTime.dateTime(tuesdayMorning, zone: Zones.berlin, now: tuesdayMorning) == "Tue 1 Dec 10:00")
    }

    @Test("agrees with day + clock on instants from 1700 to 2300 in three zones")
    func agreesWithParts() {
        var generator = SystemRandomNumberGenerator()
        let zones = [Zones.berlin, Zones.load("Asia/Tokyo"), Zones.load("America/New_York")]
        for _ in 0..<5000 {
            let t = Instant(seconds: Int64.random(in: -8_520_000_000...10_400_000_000, using: &generator))
            let zone = zones.randomElement(using: &generator)!
            let year = [nil, 2026, zone.local(t).date.year].randomElement(using: &generator)!
            let local = zone.local(t)
            let parts = HumanTime.day(local.date, thisYear: year) + " " + HumanTime.clock(local)
            #expect(HumanTime.dateTime(t, zone: zone, thisYear: year) == parts, "\(t.seconds)")
        }
    }
}
