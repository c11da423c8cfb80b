import Conversation
import Store

/// `<`, `>`, `log` and `note`: the conversation itself.
enum MessageCommands {
    static let messageOptions = [OptionSpec(key: "via", kind: .channel), OptionSpec(key: "at", kind: .when)]

    static let inbound = CommandSpec(
        verb: "<", usage: "< [via:] [at:] TEXT", summary: "log what the focused candidate said",
        examples: [
            "< Hi! Any news? I'm also weighing another offer.", "< via:phone at:\"yesterday 16:30\" Called back",
        ],
        options: messageOptions, takesText: true,
        run: { (input) throws(ShellError) in try message(&input, direction: .inbound, focusOnly: true) })

    static let outbound = CommandSpec(
        verb: ">", usage: "> [via:] [at:] TEXT", summary: "log what we said to the focused candidate",
        examples: ["> Decision by Friday; happy to set up a chat with the team."],
        options: messageOptions, takesText: true,
        run: { (input) throws(ShellError) in try message(&input, direction: .outbound, focusOnly: true) })

    static let log = CommandSpec(
        verb: "log", usage: "log REF in|out [via:] [at:] TEXT", summary: "log a message without focus",
        examples: ["log ada in via:email Thanks for the call!", "log ada out at:2026-12-01T09:15 Decision by Friday"],
        options: messageOptions, arguments: [.handle, .direction], takesText: true,
        run: { (input) throws(ShellError) in
            guard let ref = try input.tokens.next(), !ref.isOption else {
                throw .missingArgument(what: "a candidate", usage: "log REF in|out [via:] [at:] TEXT")
            }
            guard let word = try input.tokens.next(), let direction = Direction(name: word.value) else {
                throw .missingArgument(what: "in or out", usage: "log REF in|out [via:] [at:] TEXT")
            }
            return try message(&input, direction: direction, focusOnly: false, reference: ref.value)
        })

    static func message(
        _ input: inout CommandInput, direction: Direction, focusOnly: Bool, reference: String? = nil
    ) throws(ShellError) -> Flow {
        let (options, text) = try input.optionsThenText()
        guard let text, !text.isEmpty else { throw .emptyText(verb: input.verb) }
        let at = try loggedTime(options, input: input)
        let session = input.session
        let (record, handle) = try input.commit(about: reference) { state, _, handle in
            .entry(
                EntryDraft(
                    handle: handle, id: state.nextID, at: at ?? session.now(), kind: .message, direction: direction,
                    channel: options.value("via").flatMap { Channel(name: $0) }, text: .string(text)))
        }
        try acknowledge(record, handle: handle, session: session, waitingHint: direction == .inbound)
        return .next
    }

    static let note = CommandSpec(
        verb: "note", usage: "note [REF] [at:] TEXT", summary: "an internal note (never shown to the candidate)",
        examples: [#"note ada "Strong systems design — push for the offer.""#, "note Good culture add"],
        options: [OptionSpec(key: "at", kind: .when)], arguments: [.handle], takesText: true,
        run: { (input) throws(ShellError) in
            try entry(&input, kind: .note)
        })

    /// `note` and the other free-text entries: an optional REF, options, the text.
    /// `needsSomething`: a text, a rating or a recommendation (feedback).
    static func entry(
        _ input: inout CommandInput, kind: EntryKind, textRequired: Bool = true, defaultText: String? = nil,
        needsSomething: Bool = false,
        extra: (Options) throws(ShellError) -> (channel: Channel?, rating: UInt8, recommend: Bool?) = { _ in
            (nil, 0, nil)
        }
    ) throws(ShellError) -> Flow {
        let session = input.session
        // Resolve the candidate on a copy of the state that is gone before the commit changes it.
        let handle = try { () throws(ShellError) -> String in
            let state = try session.state()
            return state.candidates[Int(try input.candidateBeforeText(in: state))].handle
        }()
        let (options, text) = try input.optionsThenText()
        if textRequired, (text ?? "").isEmpty { throw .emptyText(verb: input.verb) }
        let at = try loggedTime(options, input: input)
        let fields = try extra(options)
        if needsSomething, (text ?? "").isEmpty, fields.rating == 0, fields.recommend == nil {
            throw .emptyText(verb: input.verb)
        }
        let body = (text ?? "").isEmpty ? (defaultText ?? "") : text!
        let record = try session.commit { state in
            guard state.candidateIndex(handle: handle) != nil else { throw ChangeError.unknownCandidate(handle) }
            return .entry(
                EntryDraft(
                    handle: handle, id: state.nextID, at: at ?? session.now(), kind: kind, channel: fields.channel,
                    rating: fields.rating, recommend: fields.recommend, text: .string(body)))
        }
        try acknowledge(record, handle: handle, session: session, waitingHint: false)
        return .next
    }

    /// `at:` of a logged entry: the past; a future time is refused.
    static func loggedTime(_ options: Options, input: CommandInput) throws(ShellError) -> Instant? {
        guard let text = options.value("at") else { return nil }
        let at = try input.when(text, key: "at", direction: .past).instant
        if at.seconds > input.session.now().seconds + 300 {
            throw .badValue(key: "at", value: text, expected: "a logged entry cannot be in the future")
        }
        return at
    }

    /// `logged #41` (and, interactively after an inbound message, whose move it is).
    static func acknowledge(_ record: Record, handle: String, session: Session, waitingHint: Bool) throws(ShellError) {
        if session.json {
            session.emitJSON { JSONShapes.ok(record, handle: handle, into: &$0) }
            return
        }
        var line = "logged #\(record.change.id ?? 0)"
        if waitingHint, session.settings.interactive {
            let store = try session.store()
            try? store.loadTimeline()
            let state = store.state
            if let k = state.candidateIndex(handle: handle), let since = state.contactSummary(of: k).waitingSince {
                let wait = session.now().seconds - since.seconds
                line +=
                    " · \(handle) is waiting for your reply"
                    + (wait >= 3600 ? " (since \(HumanTime.span(seconds: wait)))" : "")
            }
        }
        session.emit(line)
    }
}
