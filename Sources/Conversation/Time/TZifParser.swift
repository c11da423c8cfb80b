/// Reads the transitions of a TZif file (RFC 8536), versions 1 to 4.
enum TZifParser {
    struct Parsed {
        var transitions: [Int64]
        var offsets: [Int]
        var initialOffset: Int
        var footer: String?
    }

    static func parse(_ bytes: [UInt8]) -> Parsed? {
        guard let first = Header(bytes, at: 0) else { return nil }
        if first.version >= 2 {
            // Skip the 32-bit block; the 64-bit one follows with its own header.
            let second = 44 + first.blockLength(timeSize: 4)
            guard let header = Header(bytes, at: second) else { return nil }
            return read(bytes, header: header, at: second + 44, timeSize: 8, withFooter: true)
        }
        return read(bytes, header: first, at: 44, timeSize: 4, withFooter: false)
    }

    private struct Header {
        let version: Int
        let isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt: Int

        init?(_ b: [UInt8], at o: Int) {
            guard b.count >= o + 44, b[o] == 0x54, b[o + 1] == 0x5A, b[o + 2] == 0x69, b[o + 3] == 0x66
            else { return nil }
            version = b[o + 4] == 0 ? 1 : Int(b[o + 4]) - 48
            func count(_ k: Int) -> Int { Int(TZifParser.be32(b, o + 20 + 4 * k)) }
            isutcnt = count(0)
            isstdcnt = count(1)
            leapcnt = count(2)
            timecnt = count(3)
            typecnt = count(4)
            charcnt = count(5)
        }

        func blockLength(timeSize: Int) -> Int {
            timecnt * timeSize + timecnt + typecnt * 6 + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
        }
    }

    private static func read(_ b: [UInt8], header h: Header, at start: Int, timeSize: Int, withFooter: Bool)
        -> Parsed?
    {
        let end = start + h.blockLength(timeSize: timeSize)
        guard h.typecnt > 0, b.count >= end else { return nil }
        var transitions: [Int64] = []
        transitions.reserveCapacity(h.timecnt)
        for k in 0..<h.timecnt {
            let o = start + k * timeSize
            transitions.append(timeSize == 8 ? be64(b, o) : Int64(Int32(truncatingIfNeeded: be32(b, o))))
        }
        let typeIndexStart = start + h.timecnt * timeSize
        let typesStart = typeIndexStart + h.timecnt
        func typeOffset(_ t: Int) -> Int? {
            guard t < h.typecnt else { return nil }
            return Int(Int32(truncatingIfNeeded: be32(b, typesStart + t * 6)))
        }
        var offsets: [Int] = []
        offsets.reserveCapacity(h.timecnt)
        for k in 0..<h.timecnt {
            guard let offset = typeOffset(Int(b[typeIndexStart + k])) else { return nil }
            offsets.append(offset)
        }
        guard let initial = typeOffset(0) else { return nil }
        var footer: String?
        if withFooter, end < b.count, b[end] == 0x0A {
            var i = end + 1
            while i < b.count, b[i] != 0x0A { i += 1 }
            if i < b.count, i > end + 1 { footer = String(decoding: b[(end + 1)..<i], as: UTF8.self) }
        }
        return Parsed(transitions: transitions, offsets: offsets, initialOffset: initial, footer: footer)
    }

    static func be32(_ b: [UInt8], _ o: Int) -> UInt32 {
        UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3])
    }

    static func be64(_ b: [UInt8], _ o: Int) -> Int64 {
        Int64(bitPattern: UInt64(be32(b, o)) << 32 | UInt64(be32(b, o + 4)))
    }
}
