import Conversation
import Store

/// `export json`: the store (or the candidates a FILTER selects) as one JSON document that `jq`
/// reads: `{"cande":"export","schema":1,"exported":…,"filtered":…,"candidates":[…],
/// "entries":[…],"meetings":[…]}`. Candidates have the shape of `show` (fields and `stages`);
/// entries are every live timeline entry of those candidates with its text, notes included
/// (it is the team's own export), in id order; meetings have the shape of `agenda`.
enum StoreJSONExporter {
    static let schema = 1

    struct Counts {
        var candidates = 0
        var entries = 0
        var meetings = 0
    }

    static func export(
        _ candidates: [Int32], state: State, texts: TextSource, now: Instant, filtered: Bool,
        chunk: ([UInt8]) throws(ShellError) -> Void
    ) throws(ShellError) -> Counts {
        var counts = Counts()
        var selected = [Bool](repeating: false, count: state.candidates.count)
        for k in candidates { selected[Int(k)] = true }
        var w = JSONWriter(capacity: 1 << 20)
        func flushIfFull() throws(ShellError) {
            if w.bytes.count >= 1 << 20 {
                try chunk(w.bytes)
                w.bytes.removeAll(keepingCapacity: true)
            }
        }
        w.beginObject()
        w.field("cande", "export")
        w.field("schema", schema)
        w.field("exported", now)
        w.field("filtered", filtered)
        w.key("candidates")
        w.beginArray()
        for k in candidates {
            let c = state.candidates[Int(k)]
            w.beginObject()
            JSONShapes.candidateFields(c, into: &w)
            JSONShapes.stages(c, into: &w)
            w.endObject()
            counts.candidates += 1
            try flushIfFull()
        }
        w.endArray()
        w.key("entries")
        w.beginArray()
        for e in state.entries where !e.removed && selected[Int(e.candidate)] {
            JSONShapes.entry(e, state: state, texts: texts, into: &w)
            counts.entries += 1
            try flushIfFull()
        }
        w.endArray()
        w.key("meetings")
        w.beginArray()
        for m in state.meetings where selected[Int(m.candidate)] {
            JSONShapes.meeting(m, state: state, into: &w)
            counts.meetings += 1
            try flushIfFull()
        }
        w.endArray()
        w.endObject()
        w.bytes.append(0x0A)
        try chunk(w.bytes)
        return counts
    }
}
