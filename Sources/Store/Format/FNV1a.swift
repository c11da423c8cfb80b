/// FNV-1a, 64 bits, as 16 hex digits: the short stable names cande makes from bytes (an old
/// store's id from its path, a message's stand-in Message-ID, the agent's socket). Not for
/// anything an adversary chooses to collide.
public enum FNV1a {
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
