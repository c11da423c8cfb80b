import Testing

@testable import Store

/// `JSONReader.skipStringArray`, the one-scan skip of a digest column no view reads, stops where
/// the careful `skipValue` stops and refuses what it refuses.
@Suite("JSONReader string-column skip")
struct JSONReaderSkipTests {
    /// Where each skip ends (followed by `,1` so that stopping early or late shows), or that it threw.
    static func ends(_ text: String, fast: Bool) -> Int? {
        let bytes = Array((text + ",1").utf8)
        return bytes.withUnsafeBytes { raw -> Int? in
            var r = JSONReader(raw)
            do {
                if fast { try r.skipStringArray() } else { try r.skipValue() }
                return r.position
            } catch {
                return nil
            }
        }
    }

    @Test(
        "agrees with skipValue on what cande writes and on what it does not",
        arguments: [
            #"[]"#, #"["a","b"]"#, #"["a\"]",null,"c"]"#, #"[null,null]"#, #"["\\",""]"#, #"["ünï","→ x"]"#,
            #"[ "a" , null ]"#, #"["a",["b"]]"#, #"["a",{"b":1}]"#, #"["a",1]"#, #"["a",nul]"#, #"["a",nulx]"#,
            #"["a"#, #"["a\"#, "[\"a\u{01}\"]", #"["a" "b"]"#, #"[,]"#, #"["a",]"#, #"[true]"#, "[n", #"["\q"]"#,
            "[\"\u{FF}\"]",
        ])
    func agrees(_ text: String) {
        #expect(Self.ends(text, fast: true) == Self.ends(text, fast: false), "\(text)")
    }

    @Test("agrees on random columns of strings with quotes, escapes and nulls")
    func random() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "\\\"", "\\\\", "é", "]", "[", ",", " ", "null", "\\u00e9", "\\n"]
        for _ in 0..<2000 {
            let count = Int.random(in: 0...6, using: &generator)
            let items = (0..<count).map { _ -> String in
                if Int.random(in: 0..<4, using: &generator) == 0 { return "null" }
                let n = Int.random(in: 0...5, using: &generator)
                return "\"" + (0..<n).map { _ in pieces.randomElement(using: &generator)! }.joined() + "\""
            }
            let text = "[" + items.joined(separator: ",") + "]"
            #expect(Self.ends(text, fast: true) == Self.ends(text, fast: false), "\(text)")
            #expect(Self.ends(text, fast: true) == text.utf8.count, "\(text)")
        }
    }
}
