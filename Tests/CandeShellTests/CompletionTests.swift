import Testing

@testable import CandeShell

/// Tab completion (SPEC §5) against `Completer` itself: what a word can be comes from the
/// command table's kinds, each choice once; several choices are listed in columns.
@Suite("Completion")
struct CompletionTests {
    let completer = Completer(
        handles: { ["ada-lovelace", "adam-smith", "bob"] },
        meetingIDs: { [7, 51, 52] },
        users: { ["Rita Ng", "rita", "sam"] })

    func matches(_ line: String) -> [String] { completer.candidates(for: line).matches }

    @Test func verbsAtTheStartOfTheLine() {
        #expect(matches("comp") == ["compact"])
        #expect(matches("/comp") == ["/compact"])
        #expect(matches("h").contains("help") && matches("h").contains("history"))
    }

    @Test func eachMeetingIDOnce() {
        let ids = matches("done ").filter { $0.hasPrefix("#") }
        #expect(ids == ["#7", "#51", "#52"])
        #expect(matches("cancel #5") == ["#51", "#52"])
        #expect(matches("move #51") == ["#51"])
        // After the id: option keys only.
        #expect(matches("move #51 ") == ["at:", "force:"])
    }

    @Test func anIDTypedWithoutHashCompletesAsDigits() {
        #expect(matches("move 5") == ["51", "52"])
        #expect(matches("done 7") == ["7"])
        #expect(matches("cancel 9").isEmpty)
    }

    @Test func helpCompletesVerbs() {
        let all = matches("help ")
        #expect(all.contains("list") && all.contains("talk") && all.contains("help"))
        #expect(all == all.sorted())
        #expect(Set(all).count == all.count)
        #expect(matches("help li") == ["list"])
        #expect(matches("help comp") == ["compact"])
    }

    @Test func userOptionsCompleteTheStoresUsers() {
        #expect(matches("list owner:") == [#"owner:"Rita Ng""#, "owner:rita", "owner:sam"])
        #expect(matches("list owner:s") == ["owner:sam"])
        #expect(matches("history by:ri") == ["by:rita"])
        // In report, by: groups by week as well as choosing authors; elsewhere it only chooses.
        #expect(matches("report by:") == ["by:week", #"by:"Rita Ng""#, "by:rita", "by:sam"])
        #expect(matches("report by:w") == ["by:week"])
        #expect(matches("find by:w").isEmpty)
        #expect(matches(#"list by:"Ri"#) == [#"by:"Rita Ng""#])
    }

    @Test func handlesAndVocabularies() {
        #expect(matches("open ada") == ["ada-lovelace", "adam-smith"])
        #expect(matches("stage ada ph") == ["phone-screen"])
        // The REF of `stage [REF] STAGE` may be left out (in focus): a stage fits first too.
        #expect(matches("stage of") == ["offer"])
        #expect(matches("stage ad") == ["ada-lovelace", "adam-smith"])
        #expect(matches("list stage:off") == ["stage:offer"])
        #expect(matches("list sta") == ["stage:", "status:"])
        #expect(matches("nosuchverb a").isEmpty)
    }

    @Test func columnsGoDownThenAcross() {
        // 6 columns a cell ("dddd" and two blanks): three fit in 20 (the last column kept free).
        #expect(Completer.columns(["a", "bb", "ccc", "dddd", "e"], width: 20) == ["a     ccc   e", "bb    dddd"])
        let ten = (0..<10).map { "i\($0)" }
        #expect(Completer.columns(ten, width: 30) == ["i0  i2  i4  i6  i8", "i1  i3  i5  i7  i9"])
        // Everything on one line when it fits.
        #expect(Completer.columns(["ada-lovelace", "adam-smith"], width: 100) == ["ada-lovelace  adam-smith"])
    }

    @Test func columnsCountWhatTheTerminalShows() {
        // "日本語" takes six columns, not three.
        #expect(Completer.columns(["日本語", "ab", "c"], width: 17) == ["日本語  c", "ab"])
        #expect(Completer.columns(["日本語", "ab", "c"], width: 40) == ["日本語  ab      c"])
    }

    @Test func aNarrowTerminalGetsOneColumn() {
        #expect(Completer.columns(["aaaa", "bbbb"], width: 5) == ["aaaa", "bbbb"])
        #expect(Completer.columns(["a-very-long-choice", "b"], width: 10) == ["a-very-long-choice", "b"])
        #expect(Completer.columns([], width: 80).isEmpty)
    }
}
