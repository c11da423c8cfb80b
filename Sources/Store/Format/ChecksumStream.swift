/// XXH64 (seed 0) of bytes that arrive in pieces, equal to `Checksum.xxh64` of them all at once:
/// files written a chunk at a time (the search index) are summed without holding them whole.
struct ChecksumStream {
    private var v1 = Checksum.p1 &+ Checksum.p2
    private var v2 = Checksum.p2
    private var v3: UInt64 = 0
    private var v4 = 0 &- Checksum.p1
    /// Bytes not yet consumed as a whole 32-byte stripe (fewer than 32).
    private var pending: [UInt8] = []
    private var total = 0

    init() { pending.reserveCapacity(32) }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        total += bytes.count
        var i = 0
        if !pending.isEmpty {
            let take = min(32 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            i = take
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { stripe($0.baseAddress!) }
            pending.removeAll(keepingCapacity: true)
        }
        while i + 32 <= bytes.count {
            stripe(base + i)
            i += 32
        }
        if i < bytes.count { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i...])) }
    }

    mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    @inline(__always) private mutating func stripe(_ p: UnsafeRawPointer) {
        @inline(__always) func load64(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        v1 = Checksum.round(v1, load64(0))
        v2 = Checksum.round(v2, load64(8))
        v3 = Checksum.round(v3, load64(16))
        v4 = Checksum.round(v4, load64(24))
    }

    /// The checksum of everything passed to `update`.
    func finish() -> UInt64 {
        typealias C = Checksum
        var h: UInt64
        if total >= 32 {
            h = C.rotl(v1, 1) &+ C.rotl(v2, 7) &+ C.rotl(v3, 12) &+ C.rotl(v4, 18)
            h = C.merge(h, v1)
            h = C.merge(h, v2)
            h = C.merge(h, v3)
            h = C.merge(h, v4)
        } else {
            h = C.p5
        }
        h = h &+ UInt64(total)
        pending.withUnsafeBytes { tail in
            let n = tail.count
            var i = 0
            while i + 8 <= n {
                let k = UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                h ^= C.round(0, k)
                h = C.rotl(h, 27) &* C.p1 &+ C.p4
                i += 8
            }
            if i + 4 <= n {
                let k = UInt64(UInt32(littleEndian: tail.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
                h ^= k &* C.p1
                h = C.rotl(h, 23) &* C.p2 &+ C.p3
                i += 4
            }
            while i < n {
                h ^= UInt64(tail[i]) &* C.p5
                h = C.rotl(h, 11) &* C.p1
                i += 1
            }
        }
        h ^= h >> 33
        h = h &* C.p2
        h ^= h >> 29
        h = h &* C.p3
        h ^= h >> 32
        return h
    }
}
