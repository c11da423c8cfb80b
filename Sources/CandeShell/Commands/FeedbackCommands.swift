import Conversation
import Store

/// `ask` and `feedback`: the loop most employers never close.
enum FeedbackCommands {
    static let defaultAsk = "How did our hiring process feel to you? We would value your honest feedback."

    static let ask = CommandSpec(
        verb: "ask", usage: "ask [REF] [via:] [at:] [TEXT]",
        summary: "record a feedback request sent to the candidate",
        examples: ["ask ada via:email", "ask ada How did the interviews feel? What should we change?"],
        options: [OptionSpec(.via, .channel), OptionSpec(.at, .when, when: WhenRule(direction: .past))],
        positionals: [.optionalRef], takesText: true,
        run: { (input) throws(ShellError) in
            try MessageCommands.entry(
                &input, kind: .ask, textRequired: false, defaultText: defaultAsk, what: { "asked \($0) for feedback" }
            ) { options in
                (options.value(.via).flatMap { Channel(name: $0) }, 0, nil)
            }
        })

    static let feedback = CommandSpec(
        verb: "feedback", usage: "feedback [REF] [rating:1-5] [recommend:yes|no] [at:] TEXT",
        summary: "record the candidate's feedback (closes the open ask)",
        examples: ["feedback ada rating:4 recommend:yes Clear process, but the take-home was too long."],
        options: [
            OptionSpec(.rating, .rating), OptionSpec(.recommend, .yesNo),
            OptionSpec(.at, .when, when: WhenRule(direction: .past)),
        ],
        positionals: [.optionalRef], takesText: true,
        run: { (input) throws(ShellError) in
            try MessageCommands.entry(
                &input, kind: .feedback, textRequired: false, needsSomething: true, what: { "feedback from \($0)" }
            ) { options in
                (nil, UInt8(options.number(.rating) ?? 0), options.value(.recommend).map { $0 == "yes" })
            }
        })

    /// Records an ask (for `reject`'s offer).
    static func recordAsk(handle: String, channel: Channel?, text: String?, at: Instant?, session: Session)
        throws(ShellError)
        -> Record
    {
        try session.commit { state in
            .entry(
                EntryDraft(
                    handle: handle, id: state.nextID, at: at ?? session.now(), kind: .ask, channel: channel,
                    text: .string(text ?? defaultAsk)))
        }
    }
}
