import Testing

@testable import Store

/// `JSONReader.optionalInts`, the tight scan of the digest line's number columns, reads what the
/// careful element-by-element path reads, and refuses what it refuses.
@Suite("JSONReader number columns")
struct JSONReaderIntsTests {
    static func fast(_ text: String) -> Result<[Int64?], JSONSyntaxError> {
        Array(text.utf8).withUnsafeBytes { bytes in
            var r = JSONReader(bytes)
            return Result { () throws(JSONSyntaxError) -> [Int64?] in
                let values = try r.optionalInts()
                try r.expectEnd()
                return values
            }
        }
    }

    static func careful(_ text: String) -> Result<[Int64?], JSONSyntaxError> {
        Array(text.utf8).withUnsafeBytes { bytes in
            var r = JSONReader(bytes)
            return Result { () throws(JSONSyntaxError) -> [Int64?] in
                var values: [Int64?] = []
                try r.beginArray()
                var first = true
                while try r.nextElement(&first) { values.append(r.null() ? nil : try r.int()) }
                try r.expectEnd()
                return values
            }
        }
    }

    @Test(
        "the same values as the careful path",
        arguments: [
            "[]", "[0]", "[1,null,-3]", "[null]", "[1764579600,1764583200,null,null,7]", "[ 1, 2 ]", "[1 ,2]",
            "[9223372036854775807]", "[-9223372036854775807]", "[123456789012345678,1234567890123456789]",
        ])
    func same(text: String) throws {
        let got = try Self.fast(text).get()
        #expect(got == (try Self.careful(text).get()), "\(text)")
    }

    @Test(
        "refused as the careful path refuses",
        arguments: [
            "[", "[1", "[1,", "[1,]", "[,1]", "[nul]", "[1.5]", "[1e3]", "[-]", "[\"1\"]", "[99999999999999999999]",
            "[1]x", "[true]",
        ])
    func refused(text: String) {
        #expect(throws: JSONSyntaxError.self, "\(text)") { try Self.fast(text).get() }
        #expect(throws: JSONSyntaxError.self, "\(text)") { try Self.careful(text).get() }
    }
}
