import Conversation
import TestSupport

/// 2026-12-01T09:00:00Z: a Tuesday, 10:00 in Berlin (CET, UTC+1).
let tuesdayMorning = utc("2026-12-01T09:00:00Z")
