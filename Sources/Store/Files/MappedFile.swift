#if canImport(Glibc)
    import Glibc
#endif

/// A file mapped read-only into memory, for files that never change once written (snapshots):
/// reading one costs no copy, and only the pages touched are read.
final class MappedFile {
    let bytes: UnsafeRawBufferPointer

    init(_ file: FileDescriptor) throws(StoreError) {
        let size = Int(try file.size())
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, file.fd, 0), address != MAP_FAILED else {
            throw .io(path: file.path, operation: "map", errno: errno)
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
