import Conversation
import Store

/// `import csv FILE`
enum ImportCommand {
    static let spec = CommandSpec(
        verb: "import",
        usage: "import csv FILE",
        summary: "add candidates from a CSV file with a header row; all or nothing",
        examples: ["import csv people.csv", "import csv ~/Downloads/career-fair.csv"],
        positionals: [
            ArgumentSpec(what: "the format (csv) and FILE", kind: .text),
            ArgumentSpec(what: "the FILE to import", kind: .file),
        ],
        details: [
            "The header row names the columns, in any order:",
            "  " + CandidateImport.columns.joined(separator: ", "),
            "  name is required; other columns (an export's status, created, updated …) are ignored",
            "  with a warning. Cells are checked as add checks them; tags: a,b in one cell.",
            "Rows without a handle get one from the name (zoe-muller, then zoe-muller-2 …).",
            "All or nothing: if any row is bad (a bad field; a handle or email taken, or repeated",
            "  in the file) nothing is imported and every bad row is named by the line it starts",
            "  on (the header is line 1).",
            "The file is CSV in UTF-8 (a byte order mark is fine); quoted cells may hold commas,",
            "  \"\" and line breaks. The ' that export csv puts before = + - @ is taken off again.",
        ],
        run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, _) = try input.read()
        let format = words[0]
        guard format.lowercased() == "csv" else {
            throw .badValue(key: "format", value: SafeText.line(format), expected: "import reads csv (import csv FILE)")
        }
        let session = input.session
        let file = UserFile(words[1])
        let bytes = try file.read()
        let csv: [CSVReader.Row]
        do throws(CSVReader.Failure) {
            csv = try CSVReader.rows(bytes)
        } catch {
            throw .badFile(path: file.display, reason: error.reason)
        }
        let plan = try CandidateImport(csv, file: file, session: session)
        if !plan.ignored.isEmpty {
            session.warn(
                "\(file.display): ignoring column\(plan.ignored.count == 1 ? "" : "s") "
                    + plan.ignored.joined(separator: ", ")
                    + " (import reads " + CandidateImport.columns.joined(separator: ", ") + ")")
        }
        var handles: [String] = []
        var seq: Int64?
        if plan.rowCount > 0 {
            let record = try session.commit { state in .add(try plan.drafts(in: state)) }
            if case .add(let drafts) = record.change { handles = drafts.map(\.handle) }
            seq = record.seq
        }
        return Imported(handles: handles, seq: seq)
    }
}
