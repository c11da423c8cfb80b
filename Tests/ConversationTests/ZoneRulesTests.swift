import Conversation
import Foundation
import Testing

@Suite("Time zones")
struct ZoneRulesTests {
    static func zone(_ name: String) throws -> ZoneRules {
        let bytes = try #require(
            FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + name), "tzdata is missing")
        return try #require(ZoneRules(name: name, tzif: Array(bytes)))
    }

    static func instant(_ text: String) -> Instant { Instant.parseStored(text)! }

    @Test("TZif offsets agree with Foundation's TimeZone for a few zones across years")
    func againstFoundation() throws {
        for name in [
            "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo",
            "Pacific/Chatham",
        ] {
            let ours = try Self.zone(name)
            let theirs = try #require(TimeZone(identifier: name))
            var t: Int64 = 946_684_800  // 2000-01-01
            while t < 2_240_524_800 {  // 2041
                #expect(
                    ours.offset(at: Instant(seconds: t))
                        == theirs.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))), "\(name) at \(t)")
                t += 86_400 * 13 + 3_607
            }
        }
    }

    @Test("a POSIX TZ rule gives the same answers as the TZif file")
    func posixRule() throws {
        let file = try Self.zone("Europe/Berlin")
        let rule = try #require(ZoneRules(name: "CET", posix: "CET-1CEST,M3.5.0,M10.5.0/3"))
        var t: Int64 = 1_767_225_600  // 2026
        while t < 1_830_297_600 {
            #expect(rule.offset(at: Instant(seconds: t)) == file.offset(at: Instant(seconds: t)))
            t += 3 * 3_600 + 17
        }
        #expect(ZoneRules(name: "x", posix: "nonsense") == nil)
        let fixed = try #require(ZoneRules(name: "<+0530>", posix: "<+0530>-5:30"))
        #expect(fixed.offset(at: Instant(seconds: 0)) == 19_800)
    }

    @Test("wall clock to instant: the skipped hour moves forward, the repeated hour takes the first")
    func gapsAndFolds() throws {
        let berlin = try Self.zone("Europe/Berlin")
        let spring = CivilDate(year: 2026, month: 3, day: 29)!
        #expect(
            berlin.instant(for: CivilDateTime(date: spring, hour: 2, minute: 30))
                == Self.instant("2026-03-29T01:30:00Z"))
        let autumn = CivilDate(year: 2026, month: 10, day: 25)!
        #expect(
            berlin.instant(for: CivilDateTime(date: autumn, hour: 2, minute: 30))
                == Self.instant("2026-10-25T00:30:00Z"))
        #expect(
            berlin.instant(for: CivilDateTime(date: autumn, hour: 3, minute: 30))
                == Self.instant("2026-10-25T02:30:00Z"))
        #expect(berlin.local(Self.instant("2026-10-25T01:30:00Z")).hour == 2)
    }

    @Test("civil dates: days since the epoch both ways, weekdays, leap years")
    func civil() {
        for days in stride(from: Int64(-800_000), to: 3_000_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.weekday == 4)
        #expect(CivilDate(year: 2026, month: 12, day: 1)!.weekday == 2)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
        #expect(Instant(seconds: 1_796_115_600).iso8601 == "2026-12-01T09:00:00Z")
        #expect(Instant.parseStored("2026-12-01T09:00:00Z") == Instant(seconds: 1_796_115_600))
        #expect(Instant.parseStored("2026-02-30T09:00:00Z") == nil)
        #expect(Instant.parseStored("2026-12-01T24:00:00Z") == nil)
    }
}
