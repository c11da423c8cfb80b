import Conversation
import Foundation

/// Real zones from the system's tz database, and instants written the way the store writes them.
enum Zones {
    static func load(_ name: String) -> ZoneRules {
        guard let data = FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + name),
            let zone = ZoneRules(name: name, tzif: Array(data))
        else { fatalError("no time zone \(name) in /usr/share/zoneinfo (scripts/setup installs tzdata)") }
        return zone
    }

    static let berlin = load("Europe/Berlin")
}

/// `2026-12-01T09:00:00Z` as an instant.
func utc(_ text: String) -> Instant {
    guard let instant = Instant.parseStored(text) else { fatalError("not an instant: \(text)") }
    return instant
}

/// 2026-12-01T09:00:00Z: a Tuesday, 10:00 in Berlin (CET, UTC+1).
let tuesdayMorning = utc("2026-12-01T09:00:00Z")
