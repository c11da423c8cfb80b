import Conversation
import Store

/// An export written to a file: `exported 3 candidates to F`, or its figures in JSON.
struct ExportedFile: CommandResult {
    let format: String
    let counts: [(name: String, count: Int)]
    let file: UserFile
    let bytes: Int

    func json(_ w: inout JSONWriter) {
        w.beginObject()
        Self.head(format, counts, into: &w)
        w.field("file", file.path)
        w.field("bytes", bytes)
        w.endObject()
    }

    /// `"ok":true,"format":…` and the counts (`"candidates":3`).
    static func head(_ format: String, _ counts: [(name: String, count: Int)], into w: inout JSONWriter) {
        w.field("ok", true)
        w.field("format", format)
        for (name, count) in counts {
            w.key(name)
            w.int(count)
        }
    }

    func text(_ context: TextContext) -> [String] {
        [
            "exported " + counts.map { ExportCommand.plural($0.count, $0.name) }.joined(separator: ", ") + " to "
                + file.display
        ]
    }
}

/// An export to standard output: its bytes as they are (escaped on a terminal). With `--json`,
/// a JSON export is the document itself; a CSV or calendar goes inside one as `content`.
struct ExportedStream: RawResult {
    let format: String
    let counts: [(name: String, count: Int)]
    let bytes: [UInt8]

    func json(_ w: inout JSONWriter) {
        if format == "json" {
            var document = bytes
            while document.last == 0x0A { document.removeLast() }
            w.bytes.append(contentsOf: document)
            return
        }
        w.beginObject()
        ExportedFile.head(format, counts, into: &w)
        w.field("content", String(decoding: bytes, as: UTF8.self))
        w.endObject()
    }

    func text(_ context: TextContext) -> [String] { [] }
}
