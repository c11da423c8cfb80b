import Conversation
import Store

/// What a command produced (README "Architecture"). A command returns one of these or throws;
/// it never writes to the output itself. The `Renderer` turns it into text for a width, or into
/// the command's one JSON document.
protocol CommandResult {
    /// The command's one JSON document (SPEC §6 shapes).
    func json(_ w: inout JSONWriter)
    /// The text, one string per line. Lines may be long: the renderer wraps them at word
    /// boundaries to the width; tables choose their columns from `context.width` themselves.
    func text(_ context: TextContext) -> [String]
}

/// What text rendering may use: the width (nil: no limit, e.g. `list > file`), the style, the
/// clock and zones, the store's texts.
struct TextContext {
    let session: Session
    let width: Int?

    var style: Style { session.style }
    var charset: Charset { session.settings.charset }
    var zone: ZoneRules { session.zone }
    var now: Instant { session.now() }
    var thisYear: Int { session.zone.local(session.now()).date.year }
    /// The width tables lay themselves out for (wide enough for anything when unlimited).
    var columns: Int { width ?? Int.max / 4 }
}

/// Raw bytes for standard output (an export to stdout): written as they are, or escaped on a
/// terminal.
protocol RawResult: CommandResult {
    var bytes: [UInt8] { get }
}

/// A yes/no question; the dispatcher asks it (interactively) or takes `--yes` (batch), then
/// renders what the answer produced. Only that result is the command's JSON document. As text,
/// `shown` (what was done before asking: "ada-lovelace is rejected") comes before the question,
/// and the answer's text, which starts with the same lines, goes on after them.
struct Question: CommandResult {
    var shown: (any CommandResult)? = nil
    let prompt: String
    let answer: (Bool) throws(ShellError) -> any CommandResult

    func json(_ w: inout JSONWriter) {}
    func text(_ context: TextContext) -> [String] { [] }
}

/// `quit`: ends the shell after rendering `result`.
struct Quit: CommandResult {
    func json(_ w: inout JSONWriter) {
        w.beginObject()
        w.field("ok", true)
        w.endObject()
    }
    func text(_ context: TextContext) -> [String] { [] }
}

/// A plain success with lines of text (`compact`, `close`) and `{"ok":true,…}` in JSON.
struct Done: CommandResult {
    var lines: [String] = []
    var fields: [(String, JSONValue)] = []

    func json(_ w: inout JSONWriter) {
        w.beginObject()
        w.field("ok", true)
        for (key, value) in fields {
            w.key(key)
            value.write(&w)
        }
        w.endObject()
    }
    func text(_ context: TextContext) -> [String] { lines }
}

/// A small JSON value for `Done`'s extra fields.
enum JSONValue {
    case string(String?), int(Int64), bool(Bool), strings([String])

    func write(_ w: inout JSONWriter) {
        switch self {
        case .string(let s?): w.string(s)
        case .string(nil): w.null()
        case .int(let n): w.int(n)
        case .bool(let b): w.bool(b)
        case .strings(let list): w.strings(list)
        }
    }
}
