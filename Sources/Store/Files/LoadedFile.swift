#if canImport(Glibc)
    import Glibc
#endif

/// A whole file read into memory once, for files that never change once written (snapshots):
/// decoding reads it without system calls. It is a copy, not a mapping of the file: a mapped file that
/// someone truncates under a running session kills the process with SIGBUS on the next read of
/// a page past the new end (SPEC §9: no file content or size change may kill the process).
final class LoadedFile {
    let bytes: UnsafeRawBufferPointer
    /// The anonymous mapping holding the bytes, when they were read from a file.
    private var mapping: (UnsafeMutableRawPointer, Int)?

    /// The file's bytes from `start` on, or the first `count` of them.
    init(_ file: FileDescriptor, at start: Int64 = 0, count: Int? = nil) throws(StoreError) {
        var size = 0
        if let count { size = count } else { size = max(0, Int(try file.size() - start)) }
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        // Memory of our own. From 2 MiB up it is asked for in huge pages (aligned, MADV_HUGEPAGE,
        // a no-op where the kernel has them off): a few faults instead of one per 4 KiB page,
        // which is most of the cost of reading a large snapshot (4.5 MB: 3.1 ms → 0.5 ms here).
        let huge = 2 << 20
        let length = size >= huge ? (size + huge - 1) / huge * huge + huge : size
        guard
            let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            mapped != MAP_FAILED
        else {
            throw .io(path: file.path, operation: "read (out of memory)", errno: errno)
        }
        var address = mapped
        if size >= huge {
            let misaligned = Int(bitPattern: mapped) % huge
            if misaligned != 0 { address = mapped + (huge - misaligned) }
            _ = madvise(address, length - huge, MADV_HUGEPAGE)
        }
        let got: Int
        do {
            got = try file.read(into: UnsafeMutableRawBufferPointer(start: address, count: size), at: start)
        } catch {
            munmap(mapped, length)
            throw error
        }
        mapping = (mapped, length)
        // A file that shrank while it was read is read as far as it goes; its size check (the
        // pointer's byte count) and the line checks name the damage.
        bytes = UnsafeRawBufferPointer(start: address, count: got)
    }

    /// The given bytes, as if read from a file (tests and fuzzing).
    init(copying source: [UInt8]) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 16)
        source.withUnsafeBytes { buffer.copyMemory(from: $0) }
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<source.count])
    }

    deinit {
        if let (address, size) = mapping {
            munmap(address, size)
        } else if let base = bytes.baseAddress {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }
}
