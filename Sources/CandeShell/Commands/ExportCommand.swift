import Conversation
import Store

/// `export json|csv|ics [FILE] [FILTER…] [force:yes]`
enum ExportCommand {
    static let spec = CommandSpec(
        verb: "export",
        usage: "export json|csv|ics [FILE] [FILTER…] [force:yes]",
        summary: "the store as JSON, candidates as CSV, meetings as iCalendar (FILE or stdout)",
        examples: [
            "export json backup.json",
            "export csv people.csv stage:offer stage:negotiation",
            "export ics talks.ics owner:rita",
            "export csv people.csv force:yes",
            "export ics",
        ],
        options: OptionSpec.filters + [OptionSpec(.force, .yesNo)],
        positionals: [
            ArgumentSpec(what: "the format (json, csv or ics)", kind: .format),
            ArgumentSpec(what: "a FILE", kind: .file, optional: true),
        ],
        details: [
            "Without FILE (or with -) the export goes to standard output.",
            "json: the whole store in one document for jq, notes included (it is the team's own",
            "  export: keep it private): {\"cande\":\"export\",\"schema\":1,\"exported\":…,",
            "  \"candidates\":[…],\"entries\":[…],\"meetings\":[…]}; FILTER selects candidates.",
            "  It is the backup: import json FILE restores it into an empty store, ids, authors and",
            "  times kept (not kept: the undo history, imported mail's Message-IDs).",
            "csv: candidates, RFC 4180 with CRLF; columns",
            "  " + CandidateCSVExporter.columns.joined(separator: ","),
            "  A cell starting with = + - @ TAB or CR gets a leading ' so that spreadsheets do not",
            "  run it as a formula; import csv takes that ' off again.",
            "ics: talks and check-ins of the candidates (RFC 5545) for calendar programs; cancelled",
            "  ones as CANCELLED; UID meeting-ID@STORE.cande, stable for the store directory.",
            "  Notes never go into it.",
            "FILE is created private (0600); an existing FILE is replaced only with force:yes, and",
            "  a symbolic link at FILE is always refused.",
        ],
        run: run)

    enum Format: String { case json, csv, ics }

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, options) = try input.read()
        let format = Format(rawValue: try ValueKind.format.check(words[0], key: "format"))!
        let target = words.count > 1 && words[1] != "-" ? UserFile(words[1]) : nil
        let filter = FilterReader.filter(options)
        let session = input.session
        let state = try session.state(timeline: format == .json || filter.constrainsEntries)
        guard let target else {
            var collected: [UInt8] = []
            let counts = try export(format, filter: filter, state: state, session: session) {
                (bytes) throws(ShellError) in collected.append(contentsOf: bytes)
            }
            return ExportedStream(format: format.rawValue, counts: counts, bytes: collected)
        }
        let writer = try SafeFileWriter(target, replace: options.yes(.force))
        let counts = try export(format, filter: filter, state: state, session: session) {
            (bytes) throws(ShellError) in try writer.write(bytes)
        }
        // Never a partial backup: a text that could not be read, a candidate that did not
        // decode, and the file is not put in place (SPEC §8.9).
        try session.checkReads()
        try writer.finish()
        return ExportedFile(format: format.rawValue, counts: counts, file: target, bytes: writer.byteCount)
    }

    /// Writes the export through `chunk`; returns what it counted (`candidates`, `entries`, `meetings`).
    private static func export(
        _ format: Format, filter: Filter, state: State, session: Session,
        chunk: ([UInt8]) throws(ShellError) -> Void
    ) throws(ShellError) -> [(name: String, count: Int)] {
        let candidates = CandidateSelection.select(filter, state: state).sorted()
        switch format {
        case .json:
            let counts = try StoreJSONExporter.export(
                candidates, state: state, texts: try session.store().texts, now: session.now(),
                filtered: filter != Filter(), chunk: chunk)
            return [("candidates", counts.candidates), ("entries", counts.entries), ("meetings", counts.meetings)]
        case .csv:
            try CandidateCSVExporter.export(candidates, state: state, chunk: chunk)
            return [("candidates", candidates.count)]
        case .ics:
            // Entry keys that meetings lack (via:, dir:) have selected the candidates already.
            var meetingFilter = filter
            meetingFilter.channels = []
            meetingFilter.directions = []
            let selected = Set(candidates)
            let meetings = state.meetings.filter { selected.contains($0.candidate) && meetingFilter.matches($0) }
                .sorted { ($0.start, $0.id) < ($1.start, $1.id) }
            try CalendarExporter.export(
                meetings, state: state, store: session.settings.storePath, now: session.now(),
                version: CandeOptions.version, chunk: chunk)
            return [("meetings", meetings.count)]
        }
    }

    /// "1 candidate", "2 entries": `name` is the plural.
    static func plural(_ n: Int, _ name: String) -> String {
        guard n == 1 else { return "\(n) \(name)" }
        return "1 " + (name.hasSuffix("ies") ? name.dropLast(3) + "y" : String(name.dropLast()))
    }
}
