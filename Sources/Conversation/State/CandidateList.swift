/// Decodes one candidate of a snapshot on demand.
public protocol CandidateDecoding: AnyObject {
    func candidate(at index: Int) -> Candidate
    /// Candidate `index`'s handle, without decoding them.
    func handle(at index: Int) -> String
}

extension CandidateDecoding {
    public func handle(at index: Int) -> String { candidate(at: index).handle }
}

/// The candidates of a `State`: an array in all but storage. Candidates restored from a snapshot
/// are decoded only when first read, so a one-shot `note` on a store of ten thousand candidates
/// decodes one of them. Copy-on-write like an array.
public struct CandidateList: RandomAccessCollection, MutableCollection, @unchecked Sendable {
    private final class Storage {
        /// Decoded or changed candidates by number; nil: still in the snapshot.
        var slots: [Candidate?]
        let decoder: CandidateDecoding?

        init(slots: [Candidate?], decoder: CandidateDecoding?) {
            self.slots = slots
            self.decoder = decoder
        }

        var count: Int { slots.count }

        func candidate(_ index: Int) -> Candidate {
            precondition(index >= 0 && index < slots.count, "candidate number out of range")
            if let candidate = slots[index] { return candidate }
            let candidate = decoder!.candidate(at: index)
            slots[index] = candidate
            return candidate
        }
    }

    private var storage: Storage

    public init() { storage = Storage(slots: [], decoder: nil) }

    public init(_ candidates: [Candidate]) { storage = Storage(slots: candidates, decoder: nil) }

    /// `count` candidates that `decoder` decodes when first read.
    public init(count: Int, decoder: CandidateDecoding) {
        storage = Storage(slots: [Candidate?](repeating: nil, count: count), decoder: decoder)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }

    public subscript(index: Int) -> Candidate {
        get { storage.candidate(index) }
        set {
            makeUnique()
            storage.slots[index] = newValue
        }
        // Changed in place (`candidates[k].touches += 1`), without copying the candidate.
        _modify {
            makeUnique()
            if storage.slots[index] == nil { storage.slots[index] = storage.candidate(index) }
            yield &storage.slots[index]!
        }
    }

    /// Calls `body` with every candidate (removed ones too) in number order, decoding those
    /// still in the snapshot, without copying them (a candidate copied is a dozen retains, and
    /// `today` looks at ten thousand).
    public func forEach(_ body: (Int, borrowing Candidate) -> Void) {
        for i in 0..<storage.slots.count {
            if case .none = storage.slots[i] { _ = storage.candidate(i) }
        }
        storage.slots.withUnsafeBufferPointer { buffer in
            for i in buffer.indices { body(i, buffer[i]!) }
        }
    }

    /// Whether candidate `index` was decoded (read, or changed) since the snapshot.
    public func isDecoded(_ index: Int) -> Bool {
        // Looked at in place: a pattern match on the element copied the whole candidate.
        storage.slots.withUnsafeBufferPointer { $0[index] != nil }
    }

    /// Calls `body` with candidate `index`, decoding them if need be, without copying them.
    public func withCandidate<T>(at index: Int, _ body: (borrowing Candidate) -> T) -> T {
        if case .none = storage.slots[index] { _ = storage.candidate(index) }
        return storage.slots.withUnsafeBufferPointer { body($0[index]!) }
    }

    /// Candidate `index`'s handle, without copying the rest of them.
    public func handle(at index: Int) -> String {
        if let handle = storage.slots[index]?.handle { return handle }
        return storage.decoder!.handle(at: index)
    }

    public mutating func append(_ candidate: Candidate) {
        makeUnique()
        storage.slots.append(candidate)
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(slots: storage.slots, decoder: storage.decoder)
        }
    }
}
