import Conversation
import Store

/// `import csv FILE`, `import mail FILE|- [add:yes]`, `import json FILE [merge:yes]`
enum ImportCommand {
    static let spec = CommandSpec(
        verb: "import",
        usage: "import csv FILE | import mail FILE|- [add:yes] | import json FILE [merge:yes]",
        summary:
            "add candidates from a CSV file (all or nothing), log emails from a message or an mbox, or restore an export json backup",
        examples: [
            "import csv people.csv", "import csv ~/Downloads/career-fair.csv", "import mail reply.eml",
            "import mail ~/Mail/candidates.mbox add:yes", "import json backup.json",
            "import json other-team.json merge:yes",
        ],
        options: [OptionSpec(.add, .yesNo), OptionSpec(.merge, .yesNo)],
        positionals: [
            ArgumentSpec(what: "the format (csv, mail or json) and FILE", kind: .text),
            ArgumentSpec(what: "the FILE to import (- for standard input, mail only)", kind: .file),
        ],
        details: [
            "import mail: one RFC 5322 message (.eml, or piped: cande -c 'import mail -') or an mbox.",
            "  From a candidate's address: their message (in); a candidate in To or Cc: ours (out);",
            "  via email, at the Date: header, by you. The text part is decoded (quoted-printable,",
            "  base64, charsets, encoded headers); quoted history (On … wrote:, > lines) and the",
            "  signature after \"-- \" are left out; attachments are named, not stored.",
            "  A message already logged (same Message-ID) is skipped. A message naming no",
            "  candidate is listed and not stored; add:yes adds its sender as a candidate.",
            "  An mbox is all or nothing: a message that cannot be read stops the import, and",
            "  every such message is named by its position and line.",
            "import json: restores a backup made with export json into an empty store (a new",
            "  --store): every candidate, entry and meeting with its id, author and times, so that",
            "  export json of the result is the backup again (but for \"exported\"). A store with",
            "  candidates is refused unless merge:yes: then the backup is added with new ids, and",
            "  a handle or email the store has already stops it (every one is listed).",
            "  All or nothing: a file that is not an export (bad JSON, an unknown schema, a",
            "  duplicate id, an entry of a candidate it lacks) is named where and imports nothing.",
            "  One change: undo takes the whole restore back while nothing has changed since.",
            "import csv:",
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
        let (words, options) = try input.read()
        let format = words[0].lowercased()
        let session = input.session
        if format != "json", options.has(.merge) { throw .refused("merge:yes is for import json") }
        if format == "mail" {
            return try MailImport.run(path: words[1], addUnknown: options.yes(.add), session: session)
        }
        if format == "json" {
            if options.has(.add) { throw .refused("add:yes is for import mail") }
            return try JSONImport.run(path: words[1], merge: options.yes(.merge), session: session)
        }
        guard format == "csv" else {
            throw .badValue(
                key: "format", value: SafeText.line(words[0]),
                expected: "import reads csv, mail or json (import csv FILE, import mail FILE, import json FILE)")
        }
        if options.has(.add) { throw .refused("add:yes is for import mail") }
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
