/// The onboarding check-ins `hire` schedules: offsets in days from the first working day, each at
/// 10:00 local time (the candidate's zone when known), so a plan that crosses a change to or from
/// daylight saving time stays at 10:00 on the wall clock.
public struct CheckinPlan: Sendable, Equatable {
    public var offsets: [Int]

    public static let standard = CheckinPlan(offsets: [1, 7, 30, 60, 90])
    public static let none = CheckinPlan(offsets: [])
    public static let hour = 10
    public static let minutes = 30

    public init(offsets: [Int]) { self.offsets = offsets }

    /// `1d,7d,30d`, `2w`, or `none`.
    public init(parsing text: String) throws(PlanError) {
        if text.lowercased() == "none" {
            offsets = []
            return
        }
        var offsets: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let word = part.trimmingBlanks().lowercased()
            guard let unit = word.last, unit == "d" || unit == "w", let n = Int(word.dropLast()), n >= 0, n <= 3650
            else { throw .bad(String(part)) }
            offsets.append(unit == "w" ? n * 7 : n)
        }
        guard !offsets.isEmpty else { throw .bad(text) }
        self.offsets = offsets.sorted()
    }

    /// The start instants of the check-ins for a first working day.
    public func starts(from firstDay: CivilDate, zone: ZoneRules) -> [Instant] {
        offsets.map { zone.instant(for: CivilDateTime(date: firstDay.adding(days: $0), hour: Self.hour, minute: 0)) }
    }

    public enum PlanError: Error, Equatable, Sendable, CustomStringConvertible {
        case bad(String)
        public var description: String {
            switch self {
            case .bad(let part): "cannot read \"\(part)\" in the plan; use days or weeks like 1d,7d,30d,2w, or none"
            }
        }
    }
}
