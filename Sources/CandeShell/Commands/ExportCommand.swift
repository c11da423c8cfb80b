import Conversation
import Store

/// `export json|csv|ics [FILE] [FILTER…] [force:yes]`; for ics also `status:` of meetings and `alarm:`
enum ExportCommand {
    static let spec = CommandSpec(
        verb: "export",
        usage: "export json|csv|ics [FILE] [FILTER…] [force:yes] [status:scheduled|done|cancelled] [alarm:DURATION]",
        summary: "the store as JSON, candidates as CSV, meetings as iCalendar (FILE or stdout)",
        examples: [
            "export json backup.json",
            "export csv people.csv stage:offer stage:negotiation",
            "export ics talks.ics owner:rita",
            "export ics upcoming.ics status:scheduled alarm:15m",
            "export csv people.csv force:yes",
            "export ics",
        ],
        options: OptionSpec.filters.map {
            $0.key == OptionKey.status.rawValue ? OptionSpec(.status, .exportStatus, repeatable: true) : $0
        } + [OptionSpec(.force, .yesNo), OptionSpec(.alarm, .duration)],
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
            "  ones as CANCELLED. Import it again after a change and the calendar updates its events:",
            "  UID meeting-ID@STORE-ID.cande stays the same (the id is kept in the store, so a copy of",
            "  the store exports the same UIDs), SEQUENCE counts the meeting's moves and status changes,",
            "  DTSTAMP and LAST-MODIFIED are its last change. Notes never go into it.",
            "  status:scheduled|done|cancelled chooses meetings (status:active … still candidates);",
            "  alarm:15m (1h, 1d, 1h30m) adds a reminder that long before each meeting not cancelled.",
            "FILE is created private (0600); an existing FILE is replaced only with force:yes, and",
            "  a symbolic link at FILE is always refused.",
        ],
        run: run)

    enum Format: String { case json, csv, ics }

    /// What only `export ics` takes: the meetings' statuses to keep (empty: all) and the alarm's
    /// minutes before the start.
    struct CalendarOptions {
        var statuses: Set<MeetingStatus>
        var alarm: Int?
    }

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, options) = try input.read()
        let format = Format(rawValue: try ValueKind.format.check(words[0], key: "format"))!
        let target = words.count > 1 && words[1] != "-" ? UserFile(words[1]) : nil
        let filter = FilterReader.filter(options)
        let meetingStatuses = Set(options.all(.status).compactMap { MeetingStatus(name: $0) })
        let alarm = options.number(.alarm)
        if format != .ics {
            if let status = options.all(.status).first(where: { MeetingStatus(name: $0) != nil }) {
                throw .calendarOnly(option: "status:" + status, format: format.rawValue)
            }
            if let raw = options.value(.alarm) { throw .calendarOnly(option: "alarm:" + raw, format: format.rawValue) }
        }
        let calendar = CalendarOptions(statuses: meetingStatuses, alarm: alarm)
        let session = input.session
        let state = try session.state(timeline: format == .json || filter.constrainsEntries)
        guard let target else {
            var collected: [UInt8] = []
            let counts = try export(format, filter: filter, calendar: calendar, state: state, session: session) {
                (bytes) throws(ShellError) in collected.append(contentsOf: bytes)
            }
            return ExportedStream(format: format.rawValue, counts: counts, bytes: collected)
        }
        let writer = try SafeFileWriter(target, replace: options.yes(.force))
        let counts = try export(format, filter: filter, calendar: calendar, state: state, session: session) {
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
        _ format: Format, filter: Filter, calendar: CalendarOptions, state: State, session: Session,
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
            let meetings = state.meetings.filter {
                selected.contains($0.candidate) && meetingFilter.matches($0)
                    && (calendar.statuses.isEmpty || calendar.statuses.contains($0.status))
            }
            .sorted { ($0.start, $0.id) < ($1.start, $1.id) }
            let store = try session.store()
            let identity: String
            do throws(StoreError) {
                identity = try store.identity()
            } catch {
                throw .store(error)
            }
            try CalendarExporter.export(
                meetings, state: state, identity: identity, alarm: calendar.alarm, version: CandeOptions.version,
                chunk: chunk)
            return [("meetings", meetings.count)]
        }
    }

    /// "1 candidate", "2 entries": `name` is the plural.
    static func plural(_ n: Int, _ name: String) -> String {
        guard n == 1 else { return "\(n) \(name)" }
        return "1 " + (name.hasSuffix("ies") ? name.dropLast(3) + "y" : String(name.dropLast()))
    }
}
