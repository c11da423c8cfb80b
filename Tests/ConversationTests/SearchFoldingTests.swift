import Conversation
import Testing

/// `find`'s folding, on the index itself: NFC and full Unicode case folding of both the texts and
/// the query, and hits still mapped to the right entries when folding changes lengths.
@Suite("Search folding")
struct SearchFoldingTests {
    static let texts = [
        "Meet at STRASSE 5",  // 0
        "Die Straße ist lang",  // 1
        "ΣΟΦΟΣ",  // 2
        "ο σοφος μαθητης",  // 3
        "Nguye\u{302}\u{303}n called",  // 4: decomposed (NFD) ễ
        "Nguyễn wrote back",  // 5: composed (NFC)
        "ǅemal and ﬁnance",  // 6: a titlecase digraph and a ligature
        "Mül\u{AD}ler via soft hyphen",  // 7
        "plain ascii end",  // 8
    ]

    /// The index over `texts`, each a message of one candidate, and the entry position of each.
    static func index() throws -> (SearchIndex, [Int32]) {
        var state = State()
        var seq: Int64 = 0
        var clock = Instant(seconds: 1_796_115_600)
        func apply(_ change: Change) throws {
            clock = clock.adding(seconds: 60)
            seq += 1
            try state.apply(Record(seq: seq, ts: clock, by: "rita", change: change))
        }
        try apply(.add([CandidateDraft(handle: "ada", name: "Ada")]))
        var positions: [Int32] = []
        for text in texts {
            positions.append(Int32(state.entries.count))
            try apply(
                .entry(
                    EntryDraft(
                        handle: "ada", id: state.nextID, at: clock, kind: .message, direction: .inbound,
                        text: .string(text))))
        }
        var index = SearchIndex()
        index.extend(state, texts: nil)
        return (index, positions)
    }

    /// Which of `texts` (by number) `query` finds.
    static func found(_ query: String) throws -> [Int] {
        let (index, positions) = try index()
        return index.search(query).map { hit in positions.firstIndex(of: hit)! }
    }

    @Test("ß and SS fold alike, either way round")
    func sharpS() throws {
        #expect(try Self.found("straße") == [0, 1])
        #expect(try Self.found("STRASSE") == [0, 1])
        #expect(try Self.found("strasse 5") == [0])
        #expect(try Self.found("ẞ") == [0, 1])  // capital sharp s
    }

    @Test("Greek final sigma: ΣΟΦΟΣ, σοφος and σοφοσ are one word")
    func finalSigma() throws {
        #expect(try Self.found("σοφος") == [2, 3])
        #expect(try Self.found("σοφοσ") == [2, 3])
        #expect(try Self.found("ΣΟΦΟΣ") == [2, 3])
    }

    @Test("NFD text and NFC query match, and the other way round")
    func normalisation() throws {
        #expect(try Self.found("nguyễn") == [4, 5])
        #expect(try Self.found("NGUYE\u{302}\u{303}N") == [4, 5])
        #expect(try Self.found("nguyen").isEmpty)  // accents still count
    }

    @Test("full folding: titlecase digraphs, ligatures, invisible soft hyphens")
    func fullFolding() throws {
        #expect(try Self.found("\u{1C4}EMAL") == [6])  // Ǆ, ǅ and ǆ are one letter
        #expect(try Self.found("finance") == [6])
        #expect(try Self.found("müller") == [7])
    }

    @Test("hits after texts whose folding changed length still map to their own entries")
    func positionsAfterLengthChanges() throws {
        #expect(try Self.found("ascii end") == [8])
        #expect(try Self.found("lang") == [1])
        #expect(try Self.found("called") == [4])
        #expect(try Self.found("endmeet").isEmpty)
        #expect(CaseFolding.folded("Straße") == Array("strasse".utf8))
    }
}

extension CaseFolding {
    fileprivate static func folded(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        append(Array(text.utf8), to: &out)
        return out
    }
}
