#if canImport(Glibc)
    import Glibc
#endif

/// Any charset glibc's iconv knows (iso-8859-2, koi8-r, shift_jis, gb2312, …) to UTF-8.
enum Iconv {
    /// `bytes` in `charset` as text (what cannot be converted becomes U+FFFD); nil when iconv
    /// does not know the charset.
    static func decode(_ bytes: ArraySlice<UInt8>, from charset: String) -> String? {
        guard !charset.isEmpty, !charset.contains("/") else { return nil }  // no `//TRANSLIT` tricks
        guard let cd = iconv_open("UTF-8", charset), cd != UnsafeMutableRawPointer(bitPattern: -1) else {
            return nil
        }
        defer { iconv_close(cd) }
        var input = Array(bytes)
        guard !input.isEmpty else { return "" }
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 2)
        var chunk = [CChar](repeating: 0, count: 16_384)
        input.withUnsafeMutableBytes { inBytes in
            var inPointer: UnsafeMutablePointer<CChar>? = inBytes.baseAddress!.assumingMemoryBound(to: CChar.self)
            var inLeft = inBytes.count
            chunk.withUnsafeMutableBufferPointer { outBuffer in
                while true {
                    var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                    var outLeft = outBuffer.count
                    let result = inLeft > 0 ? iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft) : 0
                    let failure = result == -1 ? errno : 0
                    let produced = outBuffer.count - outLeft
                    out.append(contentsOf: UnsafeRawBufferPointer(start: outBuffer.baseAddress, count: produced))
                    if failure == E2BIG { continue }
                    if failure == EILSEQ, inLeft > 0 {
                        out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                        continue
                    }
                    if failure != 0 { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) }  // cut short at the end
                    break
                }
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                var outLeft = outBuffer.count
                _ = iconv(cd, nil, nil, &outPointer, &outLeft)  // the shift state back to the initial one
                out.append(
                    contentsOf: UnsafeRawBufferPointer(start: outBuffer.baseAddress, count: outBuffer.count - outLeft))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
