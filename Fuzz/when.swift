import Conversation

/// Fuzz target `when`: WHEN and DURATION texts. The first byte picks "now" (bits 0–1), the zone
/// (2–3), the direction (4) and the day policy (5–6); with its top bit set, the first line is a
/// POSIX `TZ` rule for the zone. A duration that reads must lie in 1 minute … 31 days and read
/// back from its format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWhen(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = input.first else { return 0 }
    let nows: [Int64] = [1_796_115_600, -62_135_596_800, 253_402_300_799, 0]  // 2026-12-01, 0001, 9999, 1970
    let now = Instant(seconds: nows[Int(selector & 3)])
    var text = input.dropFirst()
    var zone = [
        ZoneRules.utc, ZoneRules(name: "+14", fixedOffset: 50_400), WhenFixture.berlin,
        WhenFixture.auckland,
    ][Int(selector >> 2 & 3)]
    if selector & 0x80 != 0 {
        let rule = text.prefix { $0 != 0x0A }
        text = text.dropFirst(rule.count + 1)
        if let parsed = ZoneRules(name: "fuzz", posix: String(decoding: rule, as: UTF8.self)) {
            zone = parsed
            _ = (0..<4).map { zone.local(Instant(seconds: now.seconds + Int64($0) * 15_778_800)) }
        }
    }
    let string = String(decoding: text, as: UTF8.self)
    let parser = WhenParser(now: now, zone: zone)
    let direction: WhenParser.Direction = selector & 0x10 == 0 ? .future : .past
    let policy = [WhenParser.DayPolicy.startOfDay, .endOfDay, .requireTime, .requireTime][Int(selector >> 5 & 3)]
    do {
        let resolved = try parser.parse(string, direction: direction, dayPolicy: policy)
        _ = resolved.instant.iso8601
    } catch {
        _ = error.description
    }
    if let minutes = try? DurationParser.minutes(string) {
        precondition((1...DurationParser.maxMinutes).contains(minutes), "duration out of range")
        let back = try? DurationParser.minutes(DurationParser.format(minutes: minutes))
        precondition(back == minutes, "a duration must read back from its format")
    }
    return 0
}

/// Zones with summer time, written as POSIX rules (no zoneinfo files needed).
enum WhenFixture {
    static let berlin = ZoneRules(name: "Europe/Berlin", posix: "CET-1CEST,M3.5.0,M10.5.0/3")!
    static let auckland = ZoneRules(name: "Pacific/Auckland", posix: "NZST-12NZDT,M9.5.0,M4.1.0/3")!
}
