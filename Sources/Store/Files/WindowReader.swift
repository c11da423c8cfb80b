/// Reads byte ranges at increasing offsets of one file through a large window, so that copying a
/// million record lines in file order costs a few hundred reads, not a million.
struct WindowReader {
    let file: FileDescriptor
    var windowSize = 8 << 20
    private var window: [UInt8] = []
    private var windowStart: Int64 = 0

    init(file: FileDescriptor) { self.file = file }

    mutating func bytes(at offset: Int64, count: Int) throws(StoreError) -> ArraySlice<UInt8> {
        if offset < windowStart || offset + Int64(count) > windowStart + Int64(window.count) {
            window = try file.read(at: offset, count: max(windowSize, count))
            windowStart = offset
            guard window.count >= count else {
                throw .corrupt(file: file.path, line: 0, byte: Int(offset), reason: "the file ends inside a record")
            }
        }
        let start = Int(offset - windowStart)
        return window[start..<(start + count)]
    }
}
