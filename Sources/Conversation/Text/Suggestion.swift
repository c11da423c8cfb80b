/// "Did you mean …": the closest word by edit distance, when it is close enough to be a typo.
public enum Suggestion {
    public static func closest(to word: String, among choices: [String]) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        guard !target.isEmpty else { return nil }
        var best: (String, Int)? = nil
        for choice in choices {
            let distance = editDistance(target, Array(choice.lowercased().unicodeScalars))
            if distance < (best?.1 ?? Int.max) { best = (choice, distance) }
        }
        guard let (choice, distance) = best else { return nil }
        let allowed = max(1, min(2, target.count / 3))
        if distance <= allowed { return choice }
        // A unique prefix is also a good guess (`hist` → `history`).
        let prefixed = choices.filter { $0.hasPrefix(word.lowercased()) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Several close words, closest first (for ambiguous or unknown references).
    public static func close(to word: String, among choices: [String], limit: Int = 3) -> [String] {
        let target = Array(word.lowercased().unicodeScalars)
        let scored = choices.map { ($0, editDistance(target, Array($0.lowercased().unicodeScalars))) }
        let allowed = max(2, target.count / 2)
        return scored.filter { $0.1 <= allowed }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// Insertions, deletions, substitutions and swaps of neighbours (`lsit` → `list`) count one
    /// each (optimal string alignment distance).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
