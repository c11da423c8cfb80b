/// What `find` searches: the texts of messages, notes, asks and feedback, folded into one
/// buffer (NUL between texts) and scanned as UTF-8 bytes, as `grep -F` would. Built once per
/// session, extended as entries are added.
public struct SearchIndex: Sendable {
    private var folded: [UInt8] = []
    private var starts: [Int] = []
    private var positions: [Int32] = []
    /// How many of the state's entries have been looked at.
    public private(set) var covered = 0

    public init() {}

    /// Folds the searchable entries added since the last call.
    public mutating func extend(_ state: State, texts: TextSource?) {
        guard covered < state.entries.count else { return }
        let new = (covered..<state.entries.count).filter { state.entries[$0].isSearchable }.map(Int32.init)
        if folded.isEmpty { folded.reserveCapacity(new.count * 160) }
        state.forEachText(at: new, from: texts) { position, bytes in
            starts.append(folded.count)
            positions.append(position)
            CaseFolding.append(bytes, to: &folded)
            folded.append(0)
        }
        covered = state.entries.count
    }

    /// Positions (in `state.entries`) of entries whose text contains `query`, ignoring case and
    /// normalisation (see `CaseFolding`), in timeline order; each entry once.
    public func search(_ query: String) -> [Int32] {
        var needle: [UInt8] = []
        CaseFolding.append(Array(query.utf8), to: &needle)
        return search(folded: needle)
    }

    /// `search` of a query already folded (`CaseFolding`).
    public func search(folded needle: [UInt8]) -> [Int32] {
        guard !needle.isEmpty else { return [] }
        var hits: [Int32] = []
        folded.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { n in
                var from = 0
                while let at = ByteSearch.first(n, in: haystack, from: from) {
                    let text = textIndex(containing: at)
                    hits.append(positions[text])
                    from = text + 1 < starts.count ? starts[text + 1] : haystack.count
                }
            }
        }
        return hits
    }

    private func textIndex(containing offset: Int) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// Folding for search, the same for the texts and the query: NFC and full Unicode case folding
/// by utf8proc (`UnicodeText.caseFold`), so "straße" finds "STRASSE", "σοφος" finds "ΣΟΦΟΣ" and
/// a text typed decomposed is found by a composed query. Folding may change a text's length
/// (ß → ss); hits are mapped back through the folded buffer's own offsets (`starts`), never
/// through offsets into the original text, so that does not matter. ASCII is lowercased by
/// table (what utf8proc would do to it).
public enum CaseFolding {
    public static func append(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        UnicodeText.caseFold(bytes, appendingTo: &out)
    }

    /// The same for an array: specialised here, so callers in other modules (the store's search
    /// index writer folds a million texts) do not run the generic code byte by byte.
    public static func append(_ bytes: [UInt8], to out: inout [UInt8]) {
        UnicodeText.caseFold(bytes, appendingTo: &out)
    }
}

extension State {
    /// Calls `body` with the unescaped UTF-8 of each entry's text, reading files in order.
    public func forEachText(at positions: [Int32], from source: TextSource?, _ body: (Int32, [UInt8]) -> Void) {
        var fileRefs: [(Int32, TextRef)] = []
        for position in positions {
            let ref = entries[Int(position)].text
            guard ref.hasText else { continue }
            if ref.source == TextRef.arenaSource {
                let start = Int(ref.line) + Int(ref.start)
                body(position, Array(arena[start..<(start + Int(ref.length))]))
            } else {
                fileRefs.append((position, ref))
            }
        }
        guard let source, !fileRefs.isEmpty else { return }
        source.forEachRaw(fileRefs.map(\.1)) { k, raw in
            let ref = fileRefs[k].1
            body(fileRefs[k].0, ref.escaped ? JSONEscaping.unescape(raw) : Array(raw))
        }
    }
}
