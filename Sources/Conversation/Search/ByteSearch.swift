#if canImport(Glibc)
    import Glibc
#endif

/// Substring search over UTF-8 bytes, the way `grep -F` does it: `memchr` (vectorised in libc)
/// for the needle's rarest byte, then a compare. (`memmem` is a GNU extension Swift's Glibc
/// module does not expose.)
public enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack[from...]`.
    public static func first(
        _ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from start: Int = 0
    ) -> Int? {
        let n = needle.count
        guard n > 0, let h = haystack.baseAddress, let needleBase = needle.baseAddress, haystack.count - start >= n
        else {
            return nil
        }
        let anchor = rarestIndex(needle)
        let anchorByte = Int32(needle[anchor])
        var position = start + anchor  // where the anchor byte may first be
        let last = haystack.count - n + anchor  // the anchor's last possible position
        while position <= last {
            guard let found = memchr(h + position, anchorByte, last - position + 1) else { return nil }
            let at = h.distance(to: UnsafeRawPointer(found))
            let begin = at - anchor
            if memcmp(h + begin, needleBase, n) == 0 { return begin }
            position = at + 1
        }
        return nil
    }

    public static func first(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        needle.withUnsafeBytes { n in haystack.withUnsafeBytes { h in first(n, in: h, from: start) } }
    }

    /// The position of the byte least likely in text, so `memchr` stops rarely on false starts.
    static func rarestIndex(_ needle: UnsafeRawBufferPointer) -> Int {
        var best = 0
        var bestRank = Int.max
        for (i, b) in needle.enumerated() {
            let rank = commonness[Int(b)]
            if rank < bestRank {
                bestRank = rank
                best = i
            }
        }
        return best
    }

    /// A rough frequency rank of bytes in text (higher is more common).
    private static let commonness: [Int] = {
        var table = [Int](repeating: 1, count: 256)
        let common = " etaoinsrhldcumfpgwybvkxjqz"
        for (rank, ch) in common.utf8.enumerated() {
            table[Int(ch)] = 100 - rank
            if ch >= 97 && ch <= 122 { table[Int(ch - 32)] = 40 - rank / 2 }
        }
        for digit in 48...57 { table[digit] = 30 }
        for punctuation in Array(".,'\"-:;!?()".utf8) { table[Int(punctuation)] = 50 }
        return table
    }()
}
