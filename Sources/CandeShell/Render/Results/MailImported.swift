import Conversation
import Store

/// What `import mail` did: `imported 3 messages (2 from, 1 to candidates)`, what it skipped and
/// what it could not match; in JSON `{"ok":true,"imported":N,"entries":[…],"skipped":[…],
/// "unmatched":[…],"created":[…]}`.
struct MailImported: CommandResult {
    let plan: MailImportPlan

    /// Ids of the logged entries, in the order of `plan.logged` (the last changes of the plan).
    private var firstID: Int32? {
        for change in plan.changes { if case .entry(let draft) = change { return draft.id } }
        return nil
    }

    func json(_ w: inout JSONWriter) {
        w.beginObject()
        w.field("ok", true)
        w.field("imported", plan.logged.count)
        w.key("entries")
        w.beginArray()
        var ids = plan.changes.compactMap { change -> Int32? in
            if case .entry(let draft) = change { return draft.id }
            return nil
        }[...]
        for logged in plan.logged {
            w.beginObject()
            w.field("position", logged.position)
            if let id = ids.popFirst() { w.field("id", id) }
            w.field("handle", logged.handle)
            w.field("dir", logged.direction.name)
            w.field("messageID", logged.messageID)
            w.endObject()
        }
        w.endArray()
        w.key("skipped")
        w.beginArray()
        for skipped in plan.skipped {
            w.beginObject()
            w.field("position", skipped.position)
            w.field("messageID", skipped.messageID)
            if let existing = skipped.existing { w.field("id", existing) }
            if let earlier = skipped.earlierPosition { w.field("sameAs", earlier) }
            w.endObject()
        }
        w.endArray()
        w.key("unmatched")
        w.beginArray()
        for unmatched in plan.unmatched {
            w.beginObject()
            w.field("position", unmatched.position)
            w.key("addresses")
            w.strings(unmatched.addresses)
            w.endObject()
        }
        w.endArray()
        w.key("created")
        w.strings(plan.created)
        w.endObject()
    }

    func text(_ context: TextContext) -> [String] {
        let inbound = plan.logged.filter { $0.direction == .inbound }.count
        let outbound = plan.logged.count - inbound
        var head = "imported \(plan.logged.count) message\(plan.logged.count == 1 ? "" : "s")"
        if !plan.logged.isEmpty {
            var parts: [String] = []
            if inbound > 0 { parts.append("\(inbound) from") }
            if outbound > 0 { parts.append("\(outbound) to") }
            let handles = Set(plan.logged.map(\.handle)).sorted()
            head +=
                " (" + parts.joined(separator: ", ") + " candidates"
                + (handles.count <= 5 ? ": " + handles.joined(separator: ", ") : ", \(handles.count) of them") + ")"
            if let first = firstID, plan.logged.count == 1 { head += " as #\(first)" }
        }
        var lines = [head]
        if !plan.created.isEmpty {
            lines.append(
                "added \(plan.created.count) candidate\(plan.created.count == 1 ? "" : "s"): "
                    + plan.created.joined(separator: ", "))
        }
        let single = plan.logged.count + plan.skipped.count + plan.unmatched.count == 1
        for skipped in plan.skipped {
            let which = single ? "" : "message \(skipped.position) "
            if let existing = skipped.existing {
                lines.append("skipped: \(which)already logged as #\(existing)")
            } else if let earlier = skipped.earlierPosition {
                lines.append("skipped: \(which)is the same message as message \(earlier)")
            }
        }
        for unmatched in plan.unmatched {
            let which = single ? "the message" : "message \(unmatched.position)"
            let addresses =
                unmatched.addresses.isEmpty
                ? "no address" : unmatched.addresses.map(SafeText.line).joined(separator: ", ")
            lines.append("not stored: \(which) (\(addresses)) names no candidate; add:yes adds its sender")
        }
        return lines
    }
}
