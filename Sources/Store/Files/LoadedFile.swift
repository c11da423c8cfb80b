#if canImport(Glibc)
    import Glibc
#endif

/// A whole file read into memory once, for files that never change once written (snapshots):
/// decoding reads it without system calls. It is a copy, not an `mmap`: a mapped file that
/// someone truncates under a running session kills the process with SIGBUS on the next read of
/// a page past the new end (SPEC §9: no file content or size change may kill the process).
final class LoadedFile {
    let bytes: UnsafeRawBufferPointer

    init(_ file: FileDescriptor) throws(StoreError) {
        let size = Int(try file.size())
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        let got: Int
        do {
            got = try file.read(into: buffer, at: 0)
        } catch {
            buffer.deallocate()
            throw error
        }
        // A file that shrank while it was read is read as far as it goes; its size check (the
        // pointer's byte count) and the line checks name the damage.
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<got])
    }

    /// The given bytes, as if read from a file (tests and fuzzing).
    init(copying source: [UInt8]) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 16)
        source.withUnsafeBytes { buffer.copyMemory(from: $0) }
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<source.count])
    }

    deinit {
        if let base = bytes.baseAddress { UnsafeMutableRawPointer(mutating: base).deallocate() }
    }
}
