/// A hash map from short byte strings (handles, user names) to numbers, looked up straight from
/// the bytes of a record, without making a `String` for each of a million lines.
struct ByteMap {
    private struct Slot {
        var hash: UInt32 = 0
        var start: Int32 = 0
        var length: Int32 = 0
        var value: Int32 = -1  // -1: empty
    }

    private var keys: [UInt8] = []
    private var slots: [Slot]
    private var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
    }

    @inline(__always)
    private static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01B3
        }
        return h
    }

    func find(_ key: UnsafeRawBufferPointer) -> Int32? {
        let h = Self.hash(key)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        let short = UInt32(truncatingIfNeeded: h >> 32)
        return keys.withUnsafeBytes { stored in
            while true {
                let slot = slots[i]
                if slot.value < 0 { return nil }
                if slot.hash == short, Int(slot.length) == key.count,
                    key.count == 0 || memcmp(stored.baseAddress! + Int(slot.start), key.baseAddress!, key.count) == 0
                {
                    return slot.value
                }
                i = (i + 1) & mask
            }
        }
    }

    mutating func insert(_ key: UnsafeRawBufferPointer, value: Int32) {
        if (count + 1) * 2 > slots.count { grow() }
        let h = Self.hash(key)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i].value >= 0 { i = (i + 1) & mask }
        slots[i] = Slot(
            hash: UInt32(truncatingIfNeeded: h >> 32), start: Int32(keys.count), length: Int32(key.count), value: value)
        keys.append(contentsOf: key)
        count += 1
    }

    mutating func insert(_ key: String, value: Int32) {
        var key = key
        key.withUTF8 { insert(UnsafeRawBufferPointer($0), value: value) }
    }

    private mutating func grow() {
        let old = slots
        let oldKeys = keys
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        keys = []
        count = 0
        oldKeys.withUnsafeBytes { raw in
            for slot in old where slot.value >= 0 {
                insert(
                    UnsafeRawBufferPointer(rebasing: raw[Int(slot.start)..<Int(slot.start + slot.length)]),
                    value: slot.value)
            }
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif
