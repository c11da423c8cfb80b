import Conversation
import Store

/// `import csv FILE`, `import mail FILE|- [add:yes]`, `import json FILE [merge:yes]`
enum ImportCommand {
    static let spec = CommandSpec(
        verb: "import",
        usage: "import csv FILE [map:FILE] [sep:,|;|tab] | import mail FILE|- [add:yes] | import json FILE [merge:yes]",
        summary:
            "add candidates from a CSV file (all or nothing), log emails from a message or an mbox, or restore an export json backup",
        examples: [
            "import csv people.csv", "import csv ~/Downloads/greenhouse-export.csv",
            "import csv excel.csv sep:';' map:old-tool.map", "import mail reply.eml",
            "import mail ~/Mail/candidates.mbox add:yes", "import json backup.json",
            "import json other-team.json merge:yes",
        ],
        options: [
            OptionSpec(.add, .yesNo), OptionSpec(.merge, .yesNo), OptionSpec(.map, .file), OptionSpec(.sep, .text),
        ],
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
            "import csv: cande's own columns (export csv writes them) or another system's export.",
            "The header row names the columns, in any order, compared without case, blanks or",
            "  punctuation (E-Mail = email). The names it reads for each field:",
        ]
            + ImportField.allCases.map { "    " + ImportField.spellings(of: $0).joined(separator: ", ") }
            + [
                "  First and last name are joined; of several emails or phones in a cell the first is",
                "  kept. Other columns are ignored with a warning.",
                "map:FILE names other columns, one \"Column Header = field\" a line (- ignores one),",
                "  and other names of stages, statuses and sources in sections [stages], [statuses],",
                "  [sources] (\"Culture Fit = live-interview\"). A bad map imports nothing.",
                "Stages and statuses in any case and spacing (Phone Screen, PHONE_SCREEN), and other",
                "  systems' names: New Lead, Application Review → applied; Recruiter Screen, Phone",
                "  Screen → phone-screen; Take Home Test → assessment; Onsite, Face to Face, Technical",
                "  Interview → live-interview; Offer → offer; Hired → onboarding, status hired;",
                "  Archived → rejected; Withdrew, Declined → withdrawn (README has the whole table).",
                "A source cande does not know (LinkedIn) becomes other, with the tag from-linkedin.",
                "created and updated: 2026-10-05, 2026-10-05T14:30:00Z, 2026-10-05 14:30, 05.10.2026,",
                "  10/25/2026 (not 03/04/2026: ambiguous); without a zone, TZ's. An export's status,",
                "  created and updated come back as they were.",
                "The separator is the one of , ; TAB the header line holds most of (quotes respected);",
                "  sep:, sep:; sep:tab says it. UTF-8 (a byte order mark is fine); quoted cells may",
                "  hold separators, \"\" and line breaks. The ' export puts before = + - @ is taken off.",
                "Rows without a handle get one from the name (zoe-muller, then zoe-muller-2 …).",
                "All or nothing: if any cell is bad (or a handle or email is taken, or repeated in the",
                "  file) nothing is imported and every problem is listed by the line its row starts",
                "  on (the header is line 1): 20 rows here, every one with --json (\"problems\").",
            ],
        run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, options) = try input.read()
        let format = words[0].lowercased()
        let session = input.session
        if format != "json", options.has(.merge) { throw .refused("merge:yes is for import json") }
        if format != "csv", options.has(.map) || options.has(.sep) {
            throw .refused("map: and sep: are for import csv")
        }
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
        let separator = try options.value(.sep).map { (text) throws(ShellError) in try Self.separator(text) }
        let mapFile = options.value(.map).map(UserFile.init)
        let map: ImportMap
        if let mapFile {
            do throws(ShellError) {
                map = try ImportMap(try mapFile.read(), file: mapFile)
            } catch {
                if case .badMap = error { throw error }
                throw .badMap(path: mapFile.display, line: 0, .unreadable(error.description))
            }
        } else {
            map = .empty
        }
        let file = UserFile(words[1])
        let bytes = try file.read()
        let csv: [CSVReader.Row]
        do throws(CSVReader.Failure) {
            csv = try CSVReader.rows(bytes, separator: separator)
        } catch {
            throw .badFile(path: file.display, reason: error.reason)
        }
        let plan = try CandidateImport(csv, file: file, map: map, mapFile: mapFile, session: session)
        if !plan.ignored.isEmpty {
            session.warn(
                "\(file.display): ignoring column\(plan.ignored.count == 1 ? "" : "s") "
                    + plan.ignored.joined(separator: ", ") + " (help import lists the columns it reads)")
        }
        if plan.severalKept > 0 {
            session.diagnostics.note(
                "\(file.display): kept the first of several emails or phones on \(plan.severalKept) "
                    + "row\(plan.severalKept == 1 ? "" : "s")")
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

    /// `sep:,`, `sep:;`, `sep:tab` (or a TAB itself, `comma`, `semicolon`).
    static func separator(_ text: String) throws(ShellError) -> UInt8 {
        switch text.lowercased() {
        case ",", "comma": return 0x2C
        case ";", "semicolon": return 0x3B
        case "tab", "\t", "\\t": return 0x09
        default:
            throw .badValue(key: "sep", value: SafeText.line(text), expected: "one of , ; tab")
        }
    }
}
