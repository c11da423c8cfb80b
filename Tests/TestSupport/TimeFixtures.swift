import Conversation
import Foundation

/// Real zones from the system's tz database.
public enum Zones {
    public static func load(_ name: String) -> ZoneRules {
        guard let data = FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + name),
            let zone = ZoneRules(name: name, tzif: Array(data))
        else { fatalError("no time zone \(name) in /usr/share/zoneinfo (scripts/setup installs tzdata)") }
        return zone
    }

    public static let berlin = load("Europe/Berlin")
}

/// An instant written the way the store writes them: `utc("2026-12-01T09:00:00Z")`.
public func utc(_ text: String) -> Instant {
    guard let instant = Instant.parseStored(text) else { fatalError("not an instant: \(text)") }
    return instant
}
