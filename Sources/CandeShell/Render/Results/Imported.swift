import Conversation
import Store

/// `imported 3 candidates`, or `{"ok":true,"imported":3,"handles":[…],"seq":S}`.
struct Imported: CommandResult {
    let handles: [String]
    let seq: Int64?

    func json(_ w: inout JSONWriter) {
        w.beginObject()
        w.field("ok", true)
        w.field("imported", handles.count)
        w.key("handles")
        w.strings(handles)
        if let seq { w.field("seq", seq) }
        w.endObject()
    }

    func text(_ context: TextContext) -> [String] {
        [
            "imported \(handles.count) candidate\(handles.count == 1 ? "" : "s")"
                + (handles.isEmpty || handles.count > 10 ? "" : ": " + handles.joined(separator: ", "))
        ]
    }
}
