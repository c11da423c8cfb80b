import Conversation
import Store

/// A change was recorded: what it was, in words that name the candidate
/// (`logged #537 · note on ada-lovelace`), and `{"ok":true,"id":N,"handle":…,"seq":S}` in JSON.
/// `also` holds changes made with it (the feedback ask `reject` offers): in JSON they are one
/// document, under `"also"`.
struct Changed: CommandResult {
    let record: Record
    let handle: String?
    var lines: [String]
    /// More fields of the JSON document (`hire`'s check-ins, `undo`'s target).
    var extra: ((inout JSONWriter) -> Void)? = nil
    var also: [Changed] = []

    init(
        _ record: Record, handle: String?, _ lines: [String], extra: ((inout JSONWriter) -> Void)? = nil
    ) {
        self.record = record
        self.handle = handle
        self.lines = lines
        self.extra = extra
    }

    func json(_ w: inout JSONWriter) {
        w.beginObject()
        fields(&w)
        if !also.isEmpty {
            w.key("also")
            w.beginArray()
            for change in also {
                w.beginObject()
                change.fields(&w)
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
    }

    private func fields(_ w: inout JSONWriter) {
        w.field("ok", true)
        if let id = record.change.id { w.field("id", id) }
        if let handle { w.field("handle", handle) }
        w.field("seq", record.seq)
        extra?(&w)
    }

    func text(_ context: TextContext) -> [String] { lines + also.flatMap { $0.lines } }
}
