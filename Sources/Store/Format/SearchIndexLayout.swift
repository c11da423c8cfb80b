/// The layout of `search-N.idx`, the search index of generation N (`SearchIndexWriter` writes
/// it with the generation, `SearchIndexFile` reads it for `find`). Binary, little-endian:
///
/// | bytes | what |
/// |---|---|
/// | 0–7 | magic `CANDEIDX` |
/// | 8–11 | version, 1 (u32) |
/// | 12–15 | bytes per row, 24 (u32) |
/// | 16–23 | the generation N (u64) |
/// | 24–31 | the size of `entries-N.jsonl` it indexes (u64) |
/// | 32–39 | texts: how many rows (u64) |
/// | 40–47 | folded bytes: the size of the texts region (u64) |
/// | 48–55 | XXH64 of every byte from 64 to the end (u64) |
/// | 56–63 | XXH64 of bytes 0–55 (u64) |
/// | 64… | texts: each searchable entry's text, folded as `find` folds (`CaseFolding`), then a NUL; a corrected entry's text as logged and each of its corrections' texts |
/// | then | zero bytes up to a multiple of 8 |
/// | then | rows, one per text in the same order: the text's offset in the texts region (u64), the byte offset of the entry's line in `entries-N.jsonl` (u64), that line's length without its newline (u32), the entry's id (i32) |
/// | then | flags, one byte per row: bit 0 set when the entry has corrections (`edit #ID`): which of its rows' texts it shows, and its time and channel, are known only from its timeline |
///
/// Rows are in file order, so a text's row is found by binary search of the offsets; an entry
/// without corrections has exactly one row. The file is derived data: when it is missing or does
/// not check out, `find` reads the whole timeline instead.
enum SearchIndexLayout {
    static let magic: [UInt8] = Array("CANDEIDX".utf8)
    static let version: UInt32 = 1
    static let headerSize = 64
    static let rowSize = 24
    /// Flag bit 0: the row's entry has corrections.
    static let corrected: UInt8 = 1

    struct Header: Equatable {
        var generation: Int64
        var entriesBytes: Int64
        var texts: Int64
        var foldedBytes: Int64
        var checksum: UInt64

        /// Where the rows start (the texts region padded to 8 bytes).
        var rowsStart: Int64 { Int64(headerSize) + (foldedBytes + 7) / 8 * 8 }
        var flagsStart: Int64 { rowsStart + texts * Int64(rowSize) }
        var fileSize: Int64 { flagsStart + texts }

        func encoded() -> [UInt8] {
            var bytes = magic
            func put<T: FixedWidthInteger>(_ value: T) {
                withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
            }
            put(version)
            put(UInt32(rowSize))
            put(generation)
            put(entriesBytes)
            put(texts)
            put(foldedBytes)
            put(checksum)
            put(Checksum.xxh64(bytes))
            return bytes
        }

        /// The header at the start of `bytes`, or why it is not one this cande reads.
        static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<Header, HeaderProblem> {
            guard bytes.count >= headerSize else { return .failure(.init("the file is shorter than its header")) }
            func get<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
                T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
            }
            guard bytes.prefix(8).elementsEqual(magic) else { return .failure(.init("not a cande search index")) }
            guard get(56, UInt64.self) == Checksum.xxh64(UnsafeRawBufferPointer(rebasing: bytes[0..<56])) else {
                return .failure(.init("header checksum mismatch"))
            }
            guard get(8, UInt32.self) == version, get(12, UInt32.self) == UInt32(rowSize) else {
                return .failure(.init("version \(get(8, UInt32.self)) (this cande reads \(version))"))
            }
            let header = Header(
                generation: get(16, Int64.self), entriesBytes: get(24, Int64.self), texts: get(32, Int64.self),
                foldedBytes: get(40, Int64.self), checksum: get(48, UInt64.self))
            // Counts are claims: bounded so that the sizes computed from them cannot overflow.
            let limit = Int64(1) << 48
            guard (0..<limit).contains(header.texts), (0..<limit).contains(header.foldedBytes),
                header.texts <= header.foldedBytes
            else {
                return .failure(.init("impossible counts"))
            }
            return .success(header)
        }
    }

    struct HeaderProblem: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
