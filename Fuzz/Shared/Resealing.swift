@testable import Store

/// Gives fuzz inputs a valid `sum`, so that the fuzzer, which cannot forge XXH64 sums, reaches
/// the decoders behind the checksum as the store does after `Framing.verify`.
enum Resealing {
    private static let marker = Array(#","sum":""#.utf8)

    /// The object with its own sum: a sum it already ends with (a seed copied from a real store)
    /// or else a closing brace is replaced, then `Framing.sealRaw` adds `,"sum":"…"}`.
    static func seal(_ object: ArraySlice<UInt8>) -> [UInt8] {
        var body = object
        let n = body.count
        if n >= Framing.suffixLength, body.suffix(2).elementsEqual([0x22, 0x7D]),
            body.dropLast(Framing.suffixLength - marker.count).suffix(marker.count).elementsEqual(marker)
        {
            body = body.dropLast(Framing.suffixLength)
        } else if body.last == 0x7D {
            body = body.dropLast()
        }
        var writer = JSONWriter()
        writer.bytes.append(contentsOf: body)
        Framing.sealRaw(&writer)
        return writer.bytes
    }

    /// A snapshot file with every object line resealed: the header after `{"snapshot":`, and each
    /// line that starts with `{`, keeping the comma that separates it from the next.
    static func sealLines(_ file: [UInt8]) -> [UInt8] {
        let prefix = Array(#"{"snapshot":"#.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(file.count + 64)
        let lines = file.split(separator: 0x0A, omittingEmptySubsequences: false)
        for (k, line) in lines.enumerated() {
            var body = line[...]
            if k == 0, body.starts(with: prefix) {
                out.append(contentsOf: prefix)
                body = body.dropFirst(prefix.count)
            }
            let comma = body.last == 0x2C
            if comma { body = body.dropLast() }
            if body.first == 0x7B { out.append(contentsOf: seal(body)) } else { out.append(contentsOf: body) }
            if comma { out.append(0x2C) }
            if k < lines.count - 1 { out.append(0x0A) }
        }
        return out
    }
}
