import Conversation
import Store

/// `restored 3 candidates, 41 entries and 6 meetings (ids kept)`, or
/// `{"ok":true,"imported":{"candidates":3,"entries":41,"meetings":6},"handles":[…],"ids":"kept","seq":S}`.
struct Restored: CommandResult {
    /// nil: the backup held no candidate.
    let plan: RestorePlan?
    /// The first record of the restore (what `undo #SEQ` names).
    let seq: Int64?
    let merged: Bool

    func json(_ w: inout JSONWriter) {
        w.beginObject()
        w.field("ok", true)
        w.key("imported")
        w.beginObject()
        w.field("candidates", plan?.handles.count ?? 0)
        w.field("entries", plan?.entries ?? 0)
        w.field("meetings", plan?.meetings ?? 0)
        w.endObject()
        w.key("handles")
        w.strings(plan?.handles ?? [])
        w.field("ids", merged ? "new" : "kept")
        if let ids = plan?.newIDs {
            w.field("firstID", ids.lowerBound)
            w.field("lastID", ids.upperBound)
        }
        if let seq { w.field("seq", seq) }
        w.endObject()
    }

    func text(_ context: TextContext) -> [String] {
        guard let plan else { return ["restored nothing: the backup holds no candidate"] }
        let counts =
            ExportCommand.plural(plan.handles.count, "candidates") + ", "
            + ExportCommand.plural(plan.entries, "entries") + " and " + ExportCommand.plural(plan.meetings, "meetings")
        let ids =
            merged ? plan.newIDs.map { " (new ids #\($0.lowerBound)–#\($0.upperBound))" } ?? " (no ids)" : " (ids kept)"
        return ["restored " + counts + ids + "; undo takes the restore back while nothing has changed since"]
    }
}
