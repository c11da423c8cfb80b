import Conversation

/// `export csv`: one row per candidate under a header row (see `CSVWriter` for the format and
/// `FormulaGuard` for the cells that get a leading `'`). Tags are joined with commas in one
/// cell; times are ISO 8601 UTC. `import csv` reads such a file back.
enum CandidateCSVExporter {
    static let columns = [
        "handle", "name", "email", "phone", "role", "source", "owner", "stage", "status", "tags", "tz", "created",
        "updated",
    ]

    static func export(
        _ candidates: [Int32], state: State, chunk: ([UInt8]) throws(ShellError) -> Void
    ) throws(ShellError) {
        var w = CSVWriter()
        w.row(columns)
        for k in candidates {
            let c = state.candidates[Int(k)]
            w.row([
                c.handle, c.name, c.email ?? "", c.phone ?? "", c.role ?? "", c.source?.name ?? "", c.owner ?? "",
                c.stage.name, c.status.name, c.tags.joined(separator: ","), c.tz ?? "", c.created.iso8601,
                c.updated.iso8601,
            ])
            if w.bytes.count >= 1 << 20 {
                try chunk(w.bytes)
                w.bytes.removeAll(keepingCapacity: true)
            }
        }
        try chunk(w.bytes)
    }
}
