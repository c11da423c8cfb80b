import Conversation
import Testing

@Suite("Handles")
struct HandleTests {
    @Test(arguments: [
        ("Zoë Müller", "zoe-muller"),
        ("Zoe\u{0308} Mu\u{0308}ller", "zoe-muller"),  // decomposed: the marks vanish, no dash
        ("Ada Lovelace", "ada-lovelace"),
        ("  Ada   Lovelace  ", "ada-lovelace"),
        ("Jean-Luc O'Brien", "jean-luc-o-brien"),
        ("Straße Æsir", "strasse-aesir"),
        ("ÅSA ØSTBY", "asa-ostby"),
        ("Dr. Ada (Lovelace) 2", "dr-ada-lovelace-2"),
        ("李小龍", ""),
        ("Ana 李", "ana"),
    ])
    func slug(name: String, handle: String) {
        #expect(Handle.slug(name) == handle)
    }

    @Test func longNamesAreCutWithoutATrailingDash() {
        // The slug is 46 characters; its first 37 end with a dash, which goes too.
        let handle = Handle.slug("Abcdefghi" + String(repeating: " abcdefgh", count: 4))
        #expect(handle == "abcdefghi-abcdefgh-abcdefgh-abcdefgh")
        #expect(Handle.isValid(handle))
        #expect(Handle.slug(String(repeating: "x", count: 60)) == String(repeating: "x", count: 37))
    }

    @Test func uniqueAddsANumber() {
        var taken: Set<String> = []
        #expect(Handle.unique(for: "Zoë Müller") { taken.contains($0) } == "zoe-muller")
        taken = ["zoe-muller"]
        #expect(Handle.unique(for: "Zoe Muller") { taken.contains($0) } == "zoe-muller-2")
        taken = ["zoe-muller", "zoe-muller-2"]
        #expect(Handle.unique(for: "ZOË MÜLLER") { taken.contains($0) } == "zoe-muller-3")
        // Nothing spellable, or only digits (ids are numbers): a handle is still made.
        #expect(Handle.unique(for: "李小龍") { _ in false } == "candidate")
        #expect(Handle.unique(for: "2024") { _ in false } == "candidate-2024")
    }

    @Test(arguments: [
        ("ada", true), ("ada-lovelace-2", true), ("a.b", true), ("7of9", true),
        ("", false), ("123", false), ("-ada", false), ("Ada", false), ("ada lovelace", false), ("zoë", false),
        (String(repeating: "a", count: 41), false), (String(repeating: "a", count: 40), true),
    ])
    func validity(handle: String, valid: Bool) {
        #expect(Handle.isValid(handle) == valid)
    }
}

@Suite("Did you mean")
struct SuggestionTests {
    static let verbs = [
        "add", "edit", "open", "close", "log", "note", "stage", "list", "show", "history", "undo", "forget", "compact",
        "help", "quit", "exit",
    ]

    @Test(arguments: [
        ("lst", "list"), ("histroy", "history"), ("ntoe", "note"), ("lsit", "list"), ("shwo", "show"),
        ("stgae", "stage"),
    ])
    func typos(typed: String, meant: String) {
        #expect(Suggestion.closest(to: typed, among: Self.verbs) == meant)
    }

    @Test func swappedLettersInAnOptionKey() {
        #expect(Suggestion.closest(to: "vai", among: ["via", "at"]) == "via")
    }

    @Test func noGuessForUnrelatedWords() {
        #expect(Suggestion.closest(to: "frobnicate", among: Self.verbs) == nil)
        #expect(Suggestion.closest(to: "zz", among: Self.verbs) == nil)
        #expect(Suggestion.closest(to: "", among: Self.verbs) == nil)
    }
}
