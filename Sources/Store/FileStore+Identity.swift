#if canImport(Glibc)
    import Glibc
#endif

extension FileStore {
    /// The id in `IDENTITY`; a store made before ids were kept and not written since has none
    /// yet, and is named by `StoreIdentity.legacy` until its next write fixes that one in the file.
    public func identity() throws(StoreError) -> String {
        if let knownIdentity { return knownIdentity }
        guard let file = try directory.openIfExists(StoreIdentity.fileName, flags: O_RDONLY) else {
            return StoreIdentity.legacy(path: path)
        }
        let id = try StoreIdentity.decode(try file.readAll())
        knownIdentity = id
        return id
    }

    /// Gives an older store its id, durably, before its first write (under the write lock).
    func settleIdentity() throws(StoreError) {
        precondition(lock.mode == .exclusive)
        guard !identitySettled else { return }
        if !directory.exists(StoreIdentity.fileName) {
            try directory.replace(StoreIdentity.fileName, with: StoreIdentity.encoded(StoreIdentity.legacy(path: path)))
        }
        identitySettled = true
    }
}
