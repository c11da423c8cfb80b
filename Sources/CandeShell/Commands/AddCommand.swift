import Conversation
import Store

/// `add NAME [email:] [phone:] [role:] [source:] [owner:] [handle:] [tz:] [tags:a,b] [stage:]`
enum AddCommand {
    static let spec = CommandSpec(
        verb: "add",
        usage: "add NAME [email:] [phone:] [role:] [source:] [owner:] [handle:] [tz:] [tags:a,b] [stage:]",
        summary: "add a candidate (stage applied unless given); prints the handle",
        examples: [
            #"add "Ada Lovelace" email:ada@example.org role:"Backend Engineer" source:referral owner:rita"#,
            "add Zoë Müller tags:berlin,senior tz:Europe/Berlin",
        ],
        options: [
            OptionSpec(.email, .text), OptionSpec(.phone, .text), OptionSpec(.role, .text),
            OptionSpec(.source, .source), OptionSpec(.owner, .user), OptionSpec(.handle, .handle),
            OptionSpec(.tz, .tz), OptionSpec(.tags, .tags), OptionSpec(.stage, .stage),
        ],
        positionals: [ArgumentSpec(what: "the candidate's name", kind: .text, rest: true)], run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, options) = try input.read()
        let draft = try CandidateDraftReader.draft(
            name: words.joined(separator: " "), options: options, session: input.session)
        let session = input.session
        let record = try session.commit { state in
            var d = draft
            if d.handle.isEmpty {
                d.handle = Handle.unique(for: d.name) { state.candidateIndex(handle: $0) != nil }
            }
            return .add([d])
        }
        guard case .add(let drafts) = record.change, let handle = drafts.first?.handle else {
            throw .failed("the candidate was not added")
        }
        // The handle alone: scripts read it (`h=$(cande -c 'add …')`).
        return Changed(record, handle: handle, [handle])
    }
}

/// Turns `add`'s and `import csv`'s fields into a checked `CandidateDraft`.
enum CandidateDraftReader {
    static func draft(name: String, options: Options, session: Session) throws(ShellError) -> CandidateDraft {
        var draft = CandidateDraft(handle: "", name: name.trimmingBlanks())
        try check(.name, draft.name)
        if let handle = options.value(.handle), !handle.isEmpty {
            guard Handle.isValid(handle) else { throw .badHandle(handle) }
            draft.handle = handle
        }
        draft.email = try field(.email, options.value(.email))
        draft.phone = try field(.phone, options.value(.phone))
        draft.role = try field(.role, options.value(.role))
        draft.owner = try field(.owner, options.value(.owner))
        draft.source = options.value(.source).flatMap { $0.isEmpty ? nil : Source(name: $0) }
        draft.stage = options.value(.stage).flatMap { Stage(name: $0) } ?? .applied
        if let tags = options.value(.tags), !tags.isEmpty {
            try check(.tags, tags)
            draft.tags = FieldRules.tags(tags) ?? []
        }
        if let tz = options.value(.tz), !tz.isEmpty {
            guard session.zone(named: tz) != nil else { throw .unknownZone(tz) }
            draft.tz = tz
        }
        return draft
    }

    static func field(_ field: CandidateField, _ value: String?) throws(ShellError) -> String? {
        guard let value = value?.trimmingBlanks(), !value.isEmpty else { return nil }
        try check(field, value)
        return value
    }

    /// A one-line option that is not a candidate's field (`with:`, `where:`): no control characters.
    static func checkLine(_ key: String, _ value: String?) throws(ShellError) {
        if let value, let problem = FieldRules.lineProblem(value) {
            throw .badValue(key: key, value: SafeText.line(value), expected: problem)
        }
    }

    static func check(_ field: CandidateField, _ value: String) throws(ShellError) {
        if let problem = FieldRules.problem(field, value) {
            throw .badValue(key: field.name, value: SafeText.line(value), expected: problem)
        }
    }
}
