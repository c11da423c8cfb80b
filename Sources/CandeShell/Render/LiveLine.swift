import Conversation

/// A change another user committed, in one line for above the prompt (SPEC §8 "Team store": an
/// open shell shows others' changes live): `maria noted on ada-lovelace: strong on systems`.
/// Free texts are folded to one line, anything unsafe for a terminal escaped (`SafeText`), and
/// the line cut with "…" to the terminal's width.
enum LiveLine {
    /// `state` already holds the change (it resolves meetings to their candidates); `texts`
    /// gives the texts the record refers to.
    static func render(
        _ record: Record, state: State, texts: TextSource?, zone: ZoneRules, now: Instant, width: Int?
    ) -> String {
        let words = Words(state: state, texts: texts, zone: zone, now: now)
        let line = SafeText.line(fold(record.by + " " + words.describe(record.change)))
        guard let width, width > 0 else { return line }
        return DisplayWidth.truncate(line, to: width)
    }

    /// Line ends, tabs and runs of blanks as one space; no blanks at either end.
    static func fold(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var blank = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}":
                blank = !out.isEmpty
            default:
                if blank { out += " " }
                blank = false
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The wording of each change.
    private struct Words {
        let state: State
        let texts: TextSource?
        let zone: ZoneRules
        let now: Instant

        func describe(_ change: Change) -> String {
            switch change {
            case .add(let drafts):
                if drafts.count == 1 { return "added \(drafts[0].handle) (\(drafts[0].name))" }
                return "added \(drafts.count) candidates"
            case .edit(let handle, _, let fields, let summary):
                let what = text(summary)
                return "edited \(handle)" + (what.isEmpty ? fieldNames(fields) : ": " + what)
            case .entry(let draft):
                return entry(draft) + colon(draft.text)
            case .stage(let handle, _, let stage):
                return "moved \(handle) to \(stage.name)"
            case .status(let handle, _, let status, let reason):
                return statusWords(status, handle) + colon(reason)
            case .hire(let handle, _, let start, let checkins):
                let day = HumanTime.day(zone.local(start).date, thisYear: zone.local(now).date.year)
                let plan = checkins.isEmpty ? "" : ", \(checkins.count) check-in\(checkins.count == 1 ? "" : "s")"
                return "hired \(handle) (starts \(day)\(plan))"
            case .schedule(let m):
                var with = ""
                if let colleague = m.with { with = " (" + colleague + (m.role.map { ", \($0.name)" } ?? "") + ")" }
                return "scheduled a \(kindName(m.kind)) with \(m.handle)\(with) for \(time(m.start))"
            case .done(let id, let mood, let outcome):
                let felt = mood.map { " (mood \($0.name))" } ?? ""
                return "marked \(meeting(id)) done\(felt)" + colon(outcome.map(TextValue.string))
            case .cancel(let id, let reason):
                return "cancelled \(meeting(id))" + colon(reason.map(TextValue.string))
            case .move(let id, let start):
                return "moved \(meeting(id)) to \(time(start))"
            case .correct(let c):
                var what = "corrected #\(c.target) on \(c.handle)"
                if let at = c.at { what += " (at \(time(at)))" }
                if let channel = c.channel { what += " (via \(channel.name))" }
                return what + colon(c.text)
            case .undo:
                return "undid a change"
            case .restore:
                return "restored a backup (import json)"
            }
        }

        private func entry(_ draft: EntryDraft) -> String {
            let who = draft.handle
            switch draft.kind {
            case .message:
                let via = draft.channel.map { " (\($0.name))" } ?? ""
                switch draft.direction {
                case .inbound?: return "logged a message from \(who)\(via)"
                case .outbound?: return "logged a message to \(who)\(via)"
                case nil: return "logged a message with \(who)\(via)"
                }
            case .note: return "noted on \(who)"
            case .ask: return "asked \(who) for feedback"
            case .feedback:
                var marks: [String] = []
                if draft.rating > 0 { marks.append("\(draft.rating)/5") }
                if let recommend = draft.recommend { marks.append(recommend ? "recommends" : "does not recommend") }
                return "logged feedback from \(who)" + (marks.isEmpty ? "" : " (" + marks.joined(separator: ", ") + ")")
            case .stage, .status, .edit, .correction:
                return "logged a \(draft.kind.name) on \(who)"
            }
        }

        private func statusWords(_ status: Status, _ handle: String) -> String {
            switch status {
            case .active: "made \(handle) active again"
            case .hired: "marked \(handle) hired"
            case .rejected: "rejected \(handle)"
            case .withdrawn: "marked \(handle) withdrawn"
            }
        }

        private func fieldNames(_ fields: [FieldChange]) -> String {
            fields.isEmpty ? "" : ": " + fields.map(\.field.name).joined(separator: ", ")
        }

        /// `talk #12 with ada-lovelace`; `meeting #12` when it is no longer known.
        private func meeting(_ id: Int32) -> String {
            guard let m = state.meeting(id: id), state.candidates.indices.contains(Int(m.candidate)) else {
                return "meeting #\(id)"
            }
            let handle = state.candidates.handle(at: Int(m.candidate))
            return "\(kindName(m.kind)) #\(id)" + (handle.isEmpty ? "" : " with \(handle)")
        }

        private func kindName(_ kind: MeetingKind) -> String { kind == .talk ? "talk" : "check-in" }

        private func time(_ instant: Instant) -> String { HumanTime.dateTime(instant, zone: zone, now: now) }

        private func text(_ value: TextValue?) -> String {
            switch value {
            case .string(let text)?: text
            case .ref(let ref)?: state.text(ref, from: texts)
            case nil: ""
            }
        }

        /// `: TEXT`, or nothing for no text.
        private func colon(_ value: TextValue?) -> String {
            let said = LiveLine.fold(text(value))
            return said.isEmpty ? "" : ": " + said
        }
    }
}
