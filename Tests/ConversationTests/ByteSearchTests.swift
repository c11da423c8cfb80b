import Conversation
import Testing

/// `ByteSearch.first` against a plain scan, on texts where the needle's rarest byte is rare
/// (`memchr` all the way) and where it is everywhere (the block check), at every offset.
@Suite("Byte search")
struct ByteSearchTests {
    static func naive(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        for i in start...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }

    @Test("the first match from any offset, in sparse and dense texts", arguments: [2, 3, 26])
    func againstPlainScan(alphabet: Int) {
        var generator = SystemRandomNumberGenerator()
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8.prefix(alphabet))
        for size in [0, 1, 15, 16, 17, 40, 333, 5000] {
            let haystack = (0..<size).map { _ in letters.randomElement(using: &generator)! }
            for length in 1...5 {
                let needle = (0..<length).map { _ in letters.randomElement(using: &generator)! }
                for start in Set([0, 1, size / 2, max(size - length, 0), size]) {
                    #expect(
                        ByteSearch.first(needle, in: haystack, from: start)
                            == Self.naive(needle, in: haystack, from: start),
                        "\(String(decoding: needle, as: UTF8.self)) in \(size) bytes from \(start)")
                }
            }
        }
    }

    @Test("every match of a needle whose rarest byte is in every other position")
    func everyMatch() {
        // 'z' is the rarest byte by the table, and here it is everywhere: the block check takes over.
        let haystack = Array(String(repeating: "zaz", count: 20_000).utf8) + Array("zqz".utf8)
        #expect(ByteSearch.first(Array("zqz".utf8), in: haystack) == 60_000)
        var found: [Int] = []
        var from = 0
        while let at = ByteSearch.first(Array("azz".utf8), in: haystack, from: from) {
            found.append(at)
            from = at + 1
        }
        #expect(found == Array(stride(from: 1, through: 59_998, by: 3)))
    }
}
