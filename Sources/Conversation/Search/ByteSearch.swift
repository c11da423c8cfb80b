#if canImport(Glibc)
    import Glibc
#endif

/// Substring search over UTF-8 bytes, the way `grep -F` does it: `memchr` (vectorised in libc)
/// for the needle's rarest byte, then a check of its second rarest and a compare. When the
/// rarest byte turns out to be common in the text (a stop every few dozen bytes: `memchr` calls
/// then cost more than they skip), 16 positions at a time are checked for both bytes at once.
/// (`memmem` is a GNU extension Swift's Glibc module does not expose.)
public enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack[from...]`.
    public static func first(
        _ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from start: Int = 0
    ) -> Int? {
        let n = needle.count
        guard n > 0, start >= 0, let h = haystack.baseAddress, let needleBase = needle.baseAddress,
            haystack.count - start >= n
        else {
            return nil
        }
        let (anchor, second) = anchors(needle)
        let anchorByte = needle[anchor]
        let secondByte = needle[second]
        let lastStart = haystack.count - n  // the last position a match may start at
        var begin = start  // where the next match may start
        var stops = 0
        while begin <= lastStart {
            if stops >= 1024, begin - start < stops * 64 { break }  // dense: check blocks instead
            guard let found = memchr(h + begin + anchor, Int32(anchorByte), lastStart - begin + 1) else { return nil }
            let at = h.distance(to: UnsafeRawPointer(found)) - anchor
            stops += 1
            if h.load(fromByteOffset: at + second, as: UInt8.self) == secondByte, memcmp(h + at, needleBase, n) == 0 {
                return at
            }
            begin = at + 1
        }
        let anchors = SIMD16<UInt8>(repeating: anchorByte)
        let seconds = SIMD16<UInt8>(repeating: secondByte)
        while begin + 15 <= lastStart {
            let x = h.loadUnaligned(fromByteOffset: begin + anchor, as: SIMD16<UInt8>.self)
            let y = h.loadUnaligned(fromByteOffset: begin + second, as: SIMD16<UInt8>.self)
            let both = (x .== anchors) .& (y .== seconds)
            if any(both) {
                for i in 0..<16 where both[i] && memcmp(h + begin + i, needleBase, n) == 0 { return begin + i }
            }
            begin += 16
        }
        while begin <= lastStart {
            if h.load(fromByteOffset: begin + anchor, as: UInt8.self) == anchorByte,
                h.load(fromByteOffset: begin + second, as: UInt8.self) == secondByte,
                memcmp(h + begin, needleBase, n) == 0
            {
                return begin
            }
            begin += 1
        }
        return nil
    }

    public static func first(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        needle.withUnsafeBytes { n in haystack.withUnsafeBytes { h in first(n, in: h, from: start) } }
    }

    /// The positions of the byte least likely in text, so `memchr` stops rarely on false starts,
    /// and of the next least likely (the same for a needle of one byte).
    static func anchors(_ needle: UnsafeRawBufferPointer) -> (Int, Int) {
        let best = rarestIndex(needle)
        var next = best
        var nextRank = Int.max
        for (i, b) in needle.enumerated() where i != best {
            let rank = commonness[Int(b)]
            if rank < nextRank {
                nextRank = rank
                next = i
            }
        }
        return (best, next)
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
