import Conversation
import Testing

@testable import CandeShell

/// Live lines (SPEC §8 "Team store"): every change another user commits reads as one short,
/// safe line that fits the terminal.
@Suite("Live lines")
struct LiveLineTests {
    var state = State()
    var seq: Int64 = 0
    /// Tue 1 Dec 2026 10:00 UTC.
    let now = Instant(seconds: 1_796_119_200)
    let texts = FixedTexts()
    /// The talk scheduled in `init`.
    var talk: Int32 = 0

    init() throws {
        try apply(.add([CandidateDraft(handle: "ada-lovelace", name: "Ada Lovelace")]))
        talk = state.nextID
        try apply(
            .schedule(
                MeetingDraft(
                    id: state.nextID, handle: "ada-lovelace", kind: .talk, with: "Sam Lee", role: .peer,
                    start: now.adding(seconds: 86_400), minutes: 30)))
    }

    mutating func apply(_ change: Change) throws {
        seq += 1
        try state.apply(Record(seq: seq, ts: now, by: "maria", change: change))
    }

    func line(_ change: Change, by user: String = "maria", width: Int? = 200) -> String {
        LiveLine.render(
            Record(seq: seq + 1, ts: now, by: user, change: change), state: state, texts: texts, zone: .utc, now: now,
            width: width)
    }

    func entry(_ kind: EntryKind, _ text: String, direction: Direction? = nil, channel: Channel? = nil) -> Change {
        .entry(
            EntryDraft(
                handle: "ada-lovelace", id: 9, at: now, kind: kind, direction: direction, channel: channel,
                text: .string(text)))
    }

    @Test func entriesSayWhoDidWhatAndTheText() {
        #expect(line(entry(.note, "strong on systems")) == "maria noted on ada-lovelace: strong on systems")
        #expect(
            line(entry(.message, "Any news?", direction: .inbound))
                == "maria logged a message from ada-lovelace: Any news?")
        #expect(
            line(entry(.message, "Tomorrow at 10?", direction: .outbound, channel: .phone))
                == "maria logged a message to ada-lovelace (phone): Tomorrow at 10?")
        #expect(line(entry(.ask, "")) == "maria asked ada-lovelace for feedback")
        var feedback = EntryDraft(
            handle: "ada-lovelace", id: 9, at: now, kind: .feedback, rating: 4, recommend: true, text: .string("Kind"))
        #expect(line(.entry(feedback)) == "maria logged feedback from ada-lovelace (4/5, recommends): Kind")
        feedback.rating = 0
        feedback.recommend = nil
        #expect(line(.entry(feedback)) == "maria logged feedback from ada-lovelace: Kind")
    }

    @Test func candidateChanges() {
        #expect(line(.add([CandidateDraft(handle: "bob", name: "Bob Ross")])) == "maria added bob (Bob Ross)")
        let three = ["a", "b", "c"].map { CandidateDraft(handle: $0, name: $0) }
        #expect(line(.add(three)) == "maria added 3 candidates")
        #expect(
            line(
                .edit(
                    handle: "ada-lovelace", id: 9, fields: [FieldChange(field: .role, value: "CTO")],
                    summary: .string("role: — → CTO")))
                == "maria edited ada-lovelace: role: — → CTO")
        #expect(
            line(
                .edit(
                    handle: "ada-lovelace", id: 9, fields: [FieldChange(field: .role, value: "CTO")],
                    summary: .string("")))
                == "maria edited ada-lovelace: role")
        #expect(
            line(.stage(handle: "ada-lovelace", id: 9, stage: .liveInterview))
                == "maria moved ada-lovelace to live-interview")
        #expect(
            line(.status(handle: "ada-lovelace", id: 9, status: .rejected, reason: .string("no visa")))
                == "maria rejected ada-lovelace: no visa")
        #expect(
            line(.status(handle: "ada-lovelace", id: 9, status: .withdrawn, reason: nil))
                == "maria marked ada-lovelace withdrawn")
        #expect(
            line(.status(handle: "ada-lovelace", id: 9, status: .active, reason: nil))
                == "maria made ada-lovelace active again")
        #expect(
            line(.status(handle: "ada-lovelace", id: 9, status: .hired, reason: nil))
                == "maria marked ada-lovelace hired")
        let checkin = MeetingDraft(id: 10, handle: "ada-lovelace", kind: .checkin, start: now, minutes: 30)
        #expect(
            line(
                .hire(
                    handle: "ada-lovelace", id: 9, start: now.adding(seconds: 6 * 86_400), checkins: [checkin, checkin])
            )
                == "maria hired ada-lovelace (starts Mon 7 Dec, 2 check-ins)")
        #expect(
            line(.hire(handle: "ada-lovelace", id: 9, start: now, checkins: []))
                == "maria hired ada-lovelace (starts Tue 1 Dec)")
        #expect(line(.undo(target: 2)) == "maria undid a change")
    }

    @Test func meetingsAreNamedWithTheirCandidate() {
        let newTalk = MeetingDraft(
            id: 9, handle: "ada-lovelace", kind: .talk, with: "Sam Lee", role: .manager, start: now, minutes: 30)
        #expect(
            line(.schedule(newTalk))
                == "maria scheduled a talk with ada-lovelace (Sam Lee, manager) for Tue 1 Dec 10:00")
        let checkin = MeetingDraft(id: 9, handle: "ada-lovelace", kind: .checkin, start: now, minutes: 30)
        #expect(line(.schedule(checkin)) == "maria scheduled a check-in with ada-lovelace for Tue 1 Dec 10:00")
        // The talk scheduled in `init`: its candidate comes from the state.
        #expect(
            line(.done(meeting: talk, mood: .good, outcome: "went well"))
                == "maria marked talk #\(talk) with ada-lovelace done (mood +): went well")
        #expect(
            line(.done(meeting: talk, mood: nil, outcome: nil)) == "maria marked talk #\(talk) with ada-lovelace done")
        #expect(line(.cancel(meeting: talk, reason: "ill")) == "maria cancelled talk #\(talk) with ada-lovelace: ill")
        #expect(
            line(.move(meeting: talk, start: now.adding(seconds: 3600)))
                == "maria moved talk #\(talk) with ada-lovelace to Tue 1 Dec 11:00")
        // A meeting the state no longer knows (forgotten).
        #expect(line(.cancel(meeting: 77, reason: nil)) == "maria cancelled meeting #77")
    }

    @Test func corrections() {
        #expect(
            line(.correct(Correction(handle: "ada-lovelace", id: 9, target: 4, text: .string("Any news at all?"))))
                == "maria corrected #4 on ada-lovelace: Any news at all?")
        #expect(
            line(.correct(Correction(handle: "ada-lovelace", id: 9, target: 4, at: now, channel: .email)))
                == "maria corrected #4 on ada-lovelace (at Tue 1 Dec 10:00) (via email)")
    }

    @Test func textsReadBackFromTheStoreAreShownToo() {
        // An escaped JSON string in a journal line: its \n is a line end, folded away.
        let ref = texts.add(#"first line\nsecond \"line\""#)
        let draft = EntryDraft(handle: "ada-lovelace", id: 9, at: now, kind: .note, text: .ref(ref))
        #expect(line(.entry(draft)) == #"maria noted on ada-lovelace: first line second "line""#)
    }

    @Test func textsAreFoldedToOneSafeLine() {
        #expect(
            line(entry(.note, "  line one\r\n\tline  two\n\n")) == "maria noted on ada-lovelace: line one line two")
        // Terminal escapes, bidirectional overrides, other controls: shown escaped, never raw.
        let shown = line(entry(.note, "\u{1B}]0;pwned\u{07}\u{1B}[2J \u{202E}evil\u{0}"), by: "m\u{1B}[31mx")
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x202E })
        #expect(shown == #"m\e[31mx noted on ada-lovelace: \e]0;pwned\a\e[2J \u{202E}evil\x00"#)
    }

    @Test func linesAreCutToTheWidth() {
        let long = String(repeating: "word ", count: 40)
        let cut = line(entry(.note, long), width: 40)
        #expect(DisplayWidth.of(cut) == 40)
        #expect(cut.hasPrefix("maria noted on ada-lovelace: word"))
        #expect(cut.hasSuffix("…"))
        // Wide characters count two columns.
        let wide = line(entry(.note, String(repeating: "漢", count: 40)), width: 41)
        #expect(DisplayWidth.of(wide) <= 41)
        #expect(wide.hasSuffix("…"))
        // Short enough: as it is.
        #expect(line(entry(.note, "ok"), width: 40) == "maria noted on ada-lovelace: ok")
        #expect(line(entry(.note, long), width: nil).count > 200)
    }
}

/// Texts as a store keeps them: JSON string contents in its files.
final class FixedTexts: TextSource {
    private var bytes: [UInt8] = []

    func add(_ escaped: String) -> TextRef {
        let start = bytes.count
        bytes += escaped.utf8
        return TextRef(
            source: 2, escaped: true, line: Int64(start), lineLength: UInt32(escaped.utf8.count), start: 0,
            length: UInt32(escaped.utf8.count))
    }

    func rawBytes(_ ref: TextRef) -> [UInt8] {
        let start = Int(ref.line) + Int(ref.start)
        return Array(bytes[start..<(start + Int(ref.length))])
    }

    func forEachRaw(_ refs: [TextRef], _ body: (Int, UnsafeRawBufferPointer) -> Void) {
        for (k, ref) in refs.enumerated() { rawBytes(ref).withUnsafeBytes { body(k, $0) } }
    }
}
