import Conversation

extension FileStore {
    public func compact() throws(StoreError) {
        try refuseIfReadOnly()
        try withExclusiveLock { () throws(StoreError) in
            try writePending()
            try catchUp(canRepair: true)
            try refuseIfReadOnly()
            onPhase?("reading")
            try loadTimeline()
            try switchGeneration(GenerationWriter.Filter())
        }
    }

    public var byteSize: Int64 { pointer.snapshotBytes + pointer.entriesBytes + journalEnd }

    /// Rewrites a store of an older schema in this one (under the write lock, before its first write).
    func migrate() throws(StoreError) {
        try loadTimeline()
        try switchGeneration(GenerationWriter.Filter())
    }

    public func maintain() throws(StoreError) {
        guard readOnlyReason == nil, journalEnd >= compactionThreshold,
            journalEnd * 2 >= pointer.snapshotBytes + pointer.entriesBytes
        else { return }
        try compact()
    }

    /// Writes the next generation, reads it all back and checks it, points `CURRENT` at it,
    /// removes the old one, reloads. If the new files do not verify, they are removed and the old
    /// generation stays live, untouched.
    func switchGeneration(_ filter: GenerationWriter.Filter) throws(StoreError) {
        try settleIdentity()
        let old = pointer
        let generation = old.generation + 1
        let writer = GenerationWriter(directory: directory, texts: files)
        let next: StorePointer
        do {
            onPhase?("writing")
            next = try writer.write(generation: generation, state: state, filter: filter)
            newGenerationWritten?(next)
            onPhase?("checking")
            try GenerationVerifier(directory: directory).verify(
                next, expected: GenerationVerifier.Expectation(state: state, filter: filter))
        } catch {
            writer.abandon(generation: generation)
            throw error
        }
        try directory.replace(StorePointer.fileName, with: next.encoded())
        for name in old.fileNames where !next.fileNames.contains(name) { try directory.remove(name) }
        try directory.sync()
        try directory.makePrivate()
        try loadGeneration()
    }
}
