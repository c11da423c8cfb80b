/// Fuzz target `tokenizer`: one command line. The first byte says after how many tokens (0–6, 7:
/// none) the rest is taken as free text, as `note`, `<` and `>` do. Tokens must lie in the line,
/// in order.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = input.first else { return 0 }
    let line = String(decoding: input.dropFirst(), as: UTF8.self)
    var tokenizer = Tokenizer(line)
    var end = 0
    var count = 0
    do {
        let limit = selector & 7 == 7 ? Int.max : Int(selector & 7)
        while count < limit, let token = try tokenizer.next() {
            precondition(token.range.lowerBound >= end && token.range.upperBound <= line.utf8.count, "token range")
            precondition(token.isOption == (token.optionValue != nil), "option without value")
            end = token.range.upperBound
            count += 1
        }
        _ = tokenizer.restAsText()
        precondition(tokenizer.atEnd, "text left after the rest of the line")
    } catch {
        _ = error.description
    }
    return 0
}
