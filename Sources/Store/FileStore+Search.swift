import Conversation

#if canImport(Glibc)
    import Glibc
#endif

extension FileStore {
    /// `find TEXT` without loading the timeline: the generation's search index (`search-N.idx`)
    /// gives the snapshot's entries whose text holds `folded`; only their lines are read. What
    /// changed since the index was written is taken from memory instead:
    /// - entries after the snapshot (the journal, in `state.entries` already) are searched there;
    /// - entries undone since are left out (`State.isRemovedBeforeLoad`);
    /// - a candidate with a correction since, or with a hit on a corrected entry (the index holds
    ///   each of its texts: as logged and every correction's, since an undo may bring any of them
    ///   back), has their timeline loaded (`loadTimeline(of:)`: a correction changes text, time
    ///   or channel) and is searched in memory, not in the index — as is every candidate whose
    ///   timeline was loaded already.
    ///
    /// nil when there is no usable index (no snapshot, an index missing or damaged: said once) or
    /// the whole timeline is loaded anyway: the caller searches the timeline itself.
    public func search(_ folded: [UInt8]) throws(StoreError) -> [Entry]? {
        if let damage { throw damage }
        guard pointer.hasSnapshot, !state.timelineComplete, let entriesFile = files.entries,
            let index = loadedSearchIndex()
        else { return nil }
        let scanned: [SearchIndexFile.Hit]?
        do {
            scanned = try index.hits(folded)
        } catch {
            unusableSearchIndex(error)
            return nil
        }
        guard let hits = scanned else { return nil }
        guard let decoded = try SearchHitReader(file: entriesFile, name: pointer.entriesName).read(hits, state: &state)
        else { return nil }
        var stale = Set<Int32>()
        for entry in state.entries where entry.kind == .correction { stale.insert(entry.candidate) }
        for (hit, entry) in zip(hits, decoded) where hit.corrected { stale.insert(entry.candidate) }
        for candidate in stale.sorted() where !state.hasTimeline(of: candidate) {
            try loadTimeline(of: candidate)
        }
        if state.timelineComplete { return nil }
        var found = decoded.filter { !state.hasTimeline(of: $0.candidate) && !state.isRemovedBeforeLoad($0.id) }
        var inMemory = SearchIndex()
        inMemory.extend(state, texts: files)
        found += inMemory.search(folded: folded).map { state.entries[Int($0)] }
        return found
    }

    /// The live generation's index, opened and its header checked once (the rest is checked by
    /// every search); nil (and a warning, once) when it is missing or does not check out.
    private func loadedSearchIndex() -> SearchIndexFile? {
        if let searchIndex, searchIndex.generation == pointer.generation { return searchIndex.file }
        let name = pointer.searchName
        var file: SearchIndexFile?
        do throws(StoreError) {
            if let handle = try directory.openIfExists(name, flags: O_RDONLY) {
                file = try SearchIndexFile(
                    handle, name: name, generation: pointer.generation, entriesBytes: pointer.entriesBytes)
            } else {
                warnings.append(
                    "the search index \(name) is missing; find reads the whole timeline (compact rebuilds it)")
            }
        } catch {
            unusableSearchIndex(error)
            return nil
        }
        searchIndex = (pointer.generation, file)
        return file
    }

    /// Says why the live generation's index is not used, and never uses it again.
    private func unusableSearchIndex(_ error: StoreError) {
        let reason: String
        if case .corrupt(_, _, _, let why) = error { reason = why } else { reason = error.description }
        warnings.append(
            "the search index \(pointer.searchName) is not usable (\(reason)); find reads the whole timeline "
                + "(compact rebuilds it)")
        searchIndex = (pointer.generation, nil)
    }
}
