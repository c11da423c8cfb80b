import Conversation
import Store

/// `talk`, `checkin`, `done`, `cancel`, `move`: meetings with future colleagues and after the hire.
enum MeetingCommands {
    static let talk = CommandSpec(
        verb: "talk", usage: "talk [REF] with:NAME as:ROLE at:WHEN [for:DURATION] [where:] [force:yes]",
        summary: "schedule a talk with a future colleague (default 30m); refuses overlaps unless force:yes",
        examples: [#"talk ada with:"Sam Lee" as:peer at:"tomorrow 15:00" for:45m where:video"#],
        options: [
            OptionSpec(.with, .text), OptionSpec(.as, .role), OptionSpec(.at, .when, when: meetingTime),
            OptionSpec(.for, .duration), OptionSpec(.where, .text), OptionSpec(.force, .yesNo),
        ],
        positionals: [.optionalRef], run: { (input) throws(ShellError) in try schedule(&input, kind: .talk) })

    /// A meeting's `at:`: ahead, with a time of day.
    static let meetingTime = WhenRule(direction: .future, day: .requireTime)

    static let checkin = CommandSpec(
        verb: "checkin", usage: "checkin [REF] at:WHEN [with:NAME] [for:DURATION] [where:] [force:yes]",
        summary: "schedule an onboarding check-in (default 30m)",
        examples: [#"checkin ada at:"mon 10:00" with:"Kim (buddy)""#],
        options: [
            OptionSpec(.at, .when, when: meetingTime), OptionSpec(.with, .text), OptionSpec(.for, .duration),
            OptionSpec(.where, .text), OptionSpec(.force, .yesNo),
        ],
        positionals: [.optionalRef], run: { (input) throws(ShellError) in try schedule(&input, kind: .checkin) })

    static func schedule(_ input: inout CommandInput, kind: MeetingKind) throws(ShellError) -> any CommandResult {
        let (words, options) = try input.read()
        let with = options.nonBlank(.with)?.trimmingBlanks()
        var role: ColleagueRole?
        if kind == .talk {
            guard with != nil else { throw .missingOption(key: "with", verb: "talk", example: #"with:"Sam Lee""#) }
            guard let name = options.value(.as) else {
                throw .missingOption(key: "as", verb: "talk", example: "as:peer")
            }
            role = ColleagueRole(name: name)
        }
        let start = try futureStart(options, verb: input.verb, session: input.session)
        try CandidateDraftReader.checkLine("with", options.value(.with))
        try CandidateDraftReader.checkLine("where", options.value(.where))
        if let with { try CandidateDraftReader.check(.role, with) }
        let minutes = options.number(.for) ?? 30
        let force = options.yes(.force)
        let place = options.nonBlank(.where)
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
        return try acknowledge(record, verb: "scheduled", session: session)
    }

    /// `at:` of a meeting: needed, with a time of day; the past is refused.
    static func futureStart(_ options: Options, verb: String, session: Session) throws(ShellError) -> Instant {
        guard let text = options.value(.at), let start = options.when(.at)?.instant else {
            throw .missingOption(key: "at", verb: verb, example: #"at:"tomorrow 15:00""#)
        }
        if start < session.now() {
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

    /// `scheduled #43 · ada-lovelace · talk with Sam Lee (peer) · Wed 2 Dec 15:00–15:45`.
    static func acknowledge(_ record: Record, verb: String, session: Session) throws(ShellError) -> Changed {
        let state = try session.state()
        guard let id = record.change.id, let m = state.meeting(id: id) else {
            return Changed(record, handle: nil, ["\(verb) #\(record.change.id ?? 0)"])
        }
        let candidate = state.candidates[Int(m.candidate)]
        var line =
            "\(verb) #\(id) · \(candidate.handle) · " + MeetingText.describe(m, zone: session.zone, now: session.now())
        line += MeetingText.candidateClock(m, candidate: candidate, zone: session.zone, session: session)
        if verb == "done" { line += " · done" + (m.mood.map { " (\($0.name))" } ?? "") }
        if verb == "cancelled" { line += " · cancelled" }
        return Changed(record, handle: candidate.handle, [line])
    }

    static let done = CommandSpec(
        verb: "done", usage: "done ID [mood:+|0|-] [force:yes] [TEXT]",
        summary: "mark a meeting held, with its outcome",
        examples: ["done #43 mood:+ Great chat; Sam is keen.", "done 51 mood:0"],
        options: [OptionSpec(.mood, .mood), OptionSpec(.force, .yesNo)], positionals: [.meetingID], takesText: true,
        run: { (input) throws(ShellError) in
            let id = try CommandInput.entryID(try input.word(.meetingID))
            let (options, text) = try input.optionsThenText()
            let mood = options.value(.mood).flatMap { Mood(name: $0) }
            let session = input.session
            let record = try session.commit { state in
                // Held means it has started (or, with force:yes, that it was held early today).
                try ScheduleRules.checkDone(
                    try existing(id, in: state), now: session.now(), zone: session.zone, force: options.yes(.force))
                return .done(meeting: id, mood: mood, outcome: (text ?? "").isEmpty ? nil : text)
            }
            return try acknowledge(record, verb: "done", session: input.session)
        })

    static let cancel = CommandSpec(
        verb: "cancel", usage: "cancel ID [reason:]", summary: "cancel a meeting",
        examples: ["cancel #43 reason:\"Sam is ill\""], options: [OptionSpec(.reason, .text)],
        positionals: [.meetingID],
        run: { (input) throws(ShellError) in
            let (words, options) = try input.read()
            let id = try CommandInput.entryID(words[0])
            let reason = options.nonBlank(.reason)
            let record = try input.session.commit { state in
                try existing(id, in: state)
                return .cancel(meeting: id, reason: reason)
            }
            return try acknowledge(record, verb: "cancelled", session: input.session)
        })

    static let move = CommandSpec(
        verb: "move", usage: "move ID at:WHEN [force:yes]", summary: "reschedule a meeting (keeps its length)",
        examples: [#"move #43 at:"fri 11:00""#],
        options: [OptionSpec(.at, .when, when: meetingTime), OptionSpec(.force, .yesNo)], positionals: [.meetingID],
        run: { (input) throws(ShellError) in
            let (words, options) = try input.read()
            let id = try CommandInput.entryID(words[0])
            let session = input.session
            let start = try futureStart(options, verb: "move", session: session)
            let force = options.yes(.force)
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
            return try acknowledge(record, verb: "moved", session: session)
        })

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
