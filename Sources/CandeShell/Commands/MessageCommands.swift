import Conversation
import Store

/// `<`, `>`, `log` and `note`: the conversation itself.
enum MessageCommands {
    static let messageOptions = [OptionSpec(.via, .channel), OptionSpec(.at, .when, when: WhenRule(direction: .past))]

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
        options: messageOptions, positionals: [.ref, direction], takesText: true,
        run: { (input) throws(ShellError) in
            let ref = try input.word(.ref)
            let word = try input.word(direction)
            guard let direction = Direction(name: word.lowercased()) else {
                throw .unexpectedArgument(SafeText.line(word), usage: "\(input.spec.usage) (in or out)")
            }
            return try message(&input, direction: direction, focusOnly: false, reference: ref)
        })

    private static let direction = ArgumentSpec(what: "in or out", kind: .direction)

    static func message(
        _ input: inout CommandInput, direction: Direction, focusOnly: Bool, reference: String? = nil
    ) throws(ShellError) -> any CommandResult {
        let session = input.session
        let verb = input.verb
        let before = input
        let (options, text) = try input.optionsThenText(composing: { options throws(ShellError) in
            // The candidate and `at:` are checked before the editor opens: a wrong one fails first.
            _ = try loggedTime(options, input: before)
            let state = try session.state()
            let k =
                if let reference { try session.resolve(reference, in: state) } else {
                    try session.focused(in: state, verb: verb)
                }
            let handle = state.candidates[Int(k)].handle
            return [messageSubject(direction: direction, handle: handle, via: options.value(.via))]
        })
        guard let text, !text.isEmpty else { throw .emptyText(verb: input.verb) }
        let at = try loggedTime(options, input: input)
        let (record, handle) = try input.commit(about: reference) { state, _, handle in
            .entry(
                EntryDraft(
                    handle: handle, id: state.nextID, at: at ?? session.now(), kind: .message, direction: direction,
                    channel: options.value(.via).flatMap { Channel(name: $0) }, text: .string(text)))
        }
        let what = direction == .inbound ? "message from \(handle)" : "message to \(handle)"
        return try acknowledge(record, handle: handle, what: what, session: session, waitingHint: direction == .inbound)
    }

    /// The editor template's first line: `The message from ada-lovelace (inbound, by email).`
    static func messageSubject(direction: Direction, handle: String, via: String?) -> String {
        let how = via.flatMap { Channel(name: $0) }.map { ", " + channelPhrase($0) } ?? ""
        return direction == .inbound
            ? "The message from \(handle) (inbound\(how))." : "The message to \(handle) (outbound\(how))."
    }

    /// How a message came or went, in words: `by email`, `in person`.
    static func channelPhrase(_ channel: Channel) -> String {
        switch channel.name {
        case "in-person": return "in person"
        case "sms": return "by SMS"
        case "social": return "on social media"
        case "other": return "by another channel"
        default: return "by " + channel.name
        }
    }

    static let note = CommandSpec(
        verb: "note", usage: "note [REF] [at:] TEXT", summary: "an internal note (never shown to the candidate)",
        examples: [#"note ada "Strong systems design — push for the offer.""#, "note Good culture add"],
        options: [OptionSpec(.at, .when, when: WhenRule(direction: .past))], positionals: [.optionalRef],
        takesText: true,
        run: { (input) throws(ShellError) in
            try entry(&input, kind: .note) { "note on \($0)" }
        })

    /// `note` and the other free-text entries: an optional REF, options, the text.
    /// `needsSomething`: a text, a rating or a recommendation (feedback).
    static func entry(
        _ input: inout CommandInput, kind: EntryKind, textRequired: Bool = true, defaultText: String? = nil,
        needsSomething: Bool = false,
        what: @escaping (String) -> String,
        extra: (Options) throws(ShellError) -> (channel: Channel?, rating: UInt8, recommend: Bool?) = { _ in
            (nil, 0, nil)
        }
    ) throws(ShellError) -> any CommandResult {
        let session = input.session
        // Resolve the candidate on a copy of the state that is gone before the commit changes it.
        let handle = try { () throws(ShellError) -> String in
            let state = try session.state()
            return state.candidates[Int(try input.candidateBeforeText(in: state))].handle
        }()
        // A required text left out is written in the editor, interactively (`optionsThenText`).
        let subject = "A " + what(handle) + (kind == .note ? " (internal: never shown to the candidate)." : ".")
        let before = input
        let (options, text) = try input.optionsThenText(
            composing: textRequired
                ? { (options) throws(ShellError) in
                    _ = try loggedTime(options, input: before)  // a wrong `at:` fails before the editor
                    return [subject]
                } : nil)
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
        return try acknowledge(record, handle: handle, what: what(handle), session: session, waitingHint: false)
    }

    /// `at:` of a logged entry: the past; a future time is refused.
    static func loggedTime(_ options: Options, input: CommandInput) throws(ShellError) -> Instant? {
        guard let text = options.value(.at), let at = options.when(.at)?.instant else { return nil }
        if at.seconds > input.session.now().seconds + 300 {
            throw .badValue(key: "at", value: text, expected: "a logged entry cannot be in the future")
        }
        return at
    }

    /// `logged #41 · message from ada-lovelace` (and, interactively after an inbound message,
    /// whose move it is).
    static func acknowledge(_ record: Record, handle: String, what: String, session: Session, waitingHint: Bool)
        throws(ShellError) -> Changed
    {
        var line = "logged #\(record.change.id ?? 0) · " + what
        if waitingHint, session.settings.interactive {
            let state = try session.store().state
            if let k = state.candidateIndex(handle: handle),
                let since = state.candidates[Int(k)].facts.contact.waitingSince
            {
                let wait = session.now().seconds - since.seconds
                line +=
                    " · waiting for your reply"
                    + (wait >= 3600 ? " (since \(HumanTime.span(seconds: wait)))" : "")
            }
        }
        return Changed(record, handle: handle, [line])
    }
}
