import Conversation
import Store

/// `talk`, `checkin`, `done`, `cancel`, `move`: meetings with future colleagues and after the hire.
enum MeetingCommands {
    static let talk = CommandSpec(
        verb: "talk", usage: "talk [REF] with:NAME as:ROLE at:WHEN [for:DURATION] [where:] [force:yes]",
        summary: "schedule a talk with a future colleague (default 30m); refuses overlaps unless force:yes",
        examples: [#"talk ada with:"Sam Lee" as:peer at:"tomorrow 15:00" for:45m where:video"#],
        options: [
            OptionSpec(key: "with", kind: .text), OptionSpec(key: "as", kind: .role),
            OptionSpec(key: "at", kind: .when),
            OptionSpec(key: "for", kind: .duration), OptionSpec(key: "where", kind: .text),
            OptionSpec(key: "force", kind: .yesNo),
        ],
        arguments: [.handle], run: { (input) throws(ShellError) in try schedule(&input, kind: .talk) })

    static let checkin = CommandSpec(
        verb: "checkin", usage: "checkin [REF] at:WHEN [with:NAME] [for:DURATION] [where:] [force:yes]",
        summary: "schedule an onboarding check-in (default 30m)",
        examples: [#"checkin ada at:"mon 10:00" with:"Kim (buddy)""#],
        options: [
            OptionSpec(key: "at", kind: .when), OptionSpec(key: "with", kind: .text),
            OptionSpec(key: "for", kind: .duration), OptionSpec(key: "where", kind: .text),
            OptionSpec(key: "force", kind: .yesNo),
        ],
        arguments: [.handle], run: { (input) throws(ShellError) in try schedule(&input, kind: .checkin) })

    static func schedule(_ input: inout CommandInput, kind: MeetingKind) throws(ShellError) -> Flow {
        let (words, options) = try input.read(words: 1)
        let with = options.value("with").map { $0.trimmingBlanks() }.flatMap { $0.isEmpty ? nil : $0 }
        var role: ColleagueRole?
        if kind == .talk {
            guard with != nil else { throw .missingOption(key: "with", verb: "talk", example: #"with:"Sam Lee""#) }
            guard let name = options.value("as") else {
                throw .missingOption(key: "as", verb: "talk", example: "as:peer")
            }
            role = ColleagueRole(name: name)
        }
        guard let at = options.value("at") else {
            throw .missingOption(key: "at", verb: input.verb, example: #"at:"tomorrow 15:00""#)
        }
        try CandidateDraftReader.checkLine("with", options.value("with"))
        try CandidateDraftReader.checkLine("where", options.value("where"))
        if let with { try CandidateDraftReader.check(.role, with) }
        let start = try futureStart(at, input: input)
        let minutes =
            try options.value("for").map { (text) throws(ShellError) in try input.duration(text, key: "for") } ?? 30
        let force = options.value("force") == "yes"
        let place = options.value("where").flatMap { $0.trimmingBlanks().isEmpty ? nil : $0 }
        let session = input.session
        let (record, _) = try input.commit(about: words.first) { state, k, handle in
            if !force,
                let other = Scheduling.conflict(in: state, candidate: k, with: with, start: start, minutes: minutes)
            {
                throw overlap(other, state: state, session: session)
            }
            return .schedule(
                MeetingDraft(
                    id: state.nextID, handle: handle, kind: kind, with: with, role: role, start: start,
                    minutes: minutes,
                    place: place))
        }
        try acknowledge(record, verb: "scheduled", session: session)
        return .next
    }

    /// `at:` of a meeting: a time of day is needed, and the past is refused.
    static func futureStart(_ text: String, input: CommandInput) throws(ShellError) -> Instant {
        let start = try input.when(text, key: "at", direction: .future, day: .requireTime).instant
        if start < input.session.now() {
            throw .badValue(key: "at", value: text, expected: "that is in the past; meetings are scheduled ahead")
        }
        return start
    }

    static func overlap(_ other: Meeting, state: State, session: Session) -> ShellError {
        let who = state.candidates[Int(other.candidate)].handle
        return .refused(
            "overlaps #\(other.id) " + MeetingText.describe(other, zone: session.zone, now: session.now())
                + " (\(who)); add force:yes to schedule it anyway")
    }

    static func acknowledge(_ record: Record, verb: String, session: Session) throws(ShellError) {
        let state = try session.state()
        guard let id = record.change.id, let m = state.meeting(id: id) else { return }
        let candidate = state.candidates[Int(m.candidate)]
        if session.json {
            session.emitJSON { JSONShapes.ok(record, handle: candidate.handle, into: &$0) }
            return
        }
        var line = "\(verb) #\(id) · " + MeetingText.describe(m, zone: session.zone, now: session.now())
        line += MeetingText.candidateClock(m, candidate: candidate, zone: session.zone, session: session)
        if verb == "done" { line += " · done" + (m.mood.map { " (\($0.name))" } ?? "") }
        if verb == "cancelled" { line += " · cancelled" }
        session.emit(line)
    }

    static let done = CommandSpec(
        verb: "done", usage: "done ID [mood:+|0|-] [TEXT]", summary: "mark a meeting held, with its outcome",
        examples: ["done #43 mood:+ Great chat; Sam is keen.", "done 51 mood:0"],
        options: [OptionSpec(key: "mood", kind: .mood)], arguments: [.id], takesText: true,
        run: { (input) throws(ShellError) in
            let id = try meetingID(&input, usage: "done ID [mood:+|0|-] [TEXT]")
            let (options, text) = try input.optionsThenText()
            let mood = options.value("mood").flatMap { Mood(name: $0) }
            let record = try input.session.commit { state in
                try existing(id, in: state)
                return .done(meeting: id, mood: mood, outcome: (text ?? "").isEmpty ? nil : text)
            }
            try acknowledge(record, verb: "done", session: input.session)
            return .next
        })

    static let cancel = CommandSpec(
        verb: "cancel", usage: "cancel ID [reason:]", summary: "cancel a meeting",
        examples: ["cancel #43 reason:\"Sam is ill\""], options: [OptionSpec(key: "reason", kind: .text)],
        arguments: [.id],
        run: { (input) throws(ShellError) in
            let id = try meetingID(&input, usage: "cancel ID [reason:]")
            let (_, options) = try input.read(words: 0)
            let reason = options.value("reason").flatMap { $0.trimmingBlanks().isEmpty ? nil : $0 }
            let record = try input.session.commit { state in
                try existing(id, in: state)
                return .cancel(meeting: id, reason: reason)
            }
            try acknowledge(record, verb: "cancelled", session: input.session)
            return .next
        })

    static let move = CommandSpec(
        verb: "move", usage: "move ID at:WHEN [force:yes]", summary: "reschedule a meeting (keeps its length)",
        examples: [#"move #43 at:"fri 11:00""#],
        options: [OptionSpec(key: "at", kind: .when), OptionSpec(key: "force", kind: .yesNo)], arguments: [.id],
        run: { (input) throws(ShellError) in
            let id = try meetingID(&input, usage: "move ID at:WHEN")
            let (_, options) = try input.read(words: 0)
            guard let at = options.value("at") else {
                throw .missingOption(key: "at", verb: "move", example: #"move #43 at:"fri 11:00""#)
            }
            let start = try futureStart(at, input: input)
            let force = options.value("force") == "yes"
            let session = input.session
            let record = try session.commit { state in
                let meeting = try existing(id, in: state)
                if !force,
                    let other = Scheduling.conflict(
                        in: state, candidate: meeting.candidate, with: meeting.with, start: start,
                        minutes: meeting.minutes,
                        excluding: id)
                {
                    throw overlap(other, state: state, session: session)
                }
                return .move(meeting: id, start: start)
            }
            try acknowledge(record, verb: "moved", session: session)
            return .next
        })

    /// The ID word of `done`, `cancel`, `move`.
    static func meetingID(_ input: inout CommandInput, usage: String) throws(ShellError) -> Int32 {
        guard let token = try input.tokens.next(), !token.isOption else {
            throw .missingArgument(what: "a meeting id like #43", usage: usage)
        }
        return try CommandInput.entryID(token.value)
    }

    /// The meeting, or why it cannot be changed (gone, done, cancelled).
    @discardableResult
    static func existing(_ id: Int32, in state: State) throws(ShellError) -> Meeting {
        guard let meeting = state.meeting(id: id) else {
            if state.entryPosition(id: id) != nil { throw .refused("#\(id) is not a meeting") }
            throw .unknownMeeting(id)
        }
        guard meeting.status == .scheduled else {
            throw .refused("meeting #\(id) is \(meeting.status.name); only scheduled meetings can change")
        }
        return meeting
    }
}
