/// Decodes one candidate of a snapshot on demand.
public protocol CandidateDecoding: AnyObject {
    func candidate(at index: Int) -> Candidate
}

/// The candidates of a `State`: an array in all but storage. Candidates restored from a snapshot
/// are decoded only when first read, so a one-shot `note` on a store of ten thousand candidates
/// decodes one of them. Copy-on-write like an array.
public struct CandidateList: RandomAccessCollection, MutableCollection, @unchecked Sendable {
    private final class Storage {
        var count: Int
        /// Decoded or changed candidates by number; the rest are still in the snapshot.
        var decoded: [Int: Candidate]
        let decoder: CandidateDecoding?

        init(count: Int, decoded: [Int: Candidate], decoder: CandidateDecoding?) {
            self.count = count
            self.decoded = decoded
            self.decoder = decoder
        }

        func candidate(_ index: Int) -> Candidate {
            precondition(index >= 0 && index < count, "candidate number out of range")
            if let candidate = decoded[index] { return candidate }
            let candidate = decoder!.candidate(at: index)
            decoded[index] = candidate
            return candidate
        }
    }

    private var storage: Storage

    public init() { storage = Storage(count: 0, decoded: [:], decoder: nil) }

    public init(_ candidates: [Candidate]) {
        storage = Storage(
            count: candidates.count,
            decoded: Dictionary(uniqueKeysWithValues: candidates.enumerated().map { ($0, $1) }),
            decoder: nil)
    }

    /// `count` candidates that `decoder` decodes when first read.
    public init(count: Int, decoder: CandidateDecoding) {
        storage = Storage(count: count, decoded: [:], decoder: decoder)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }

    public subscript(index: Int) -> Candidate {
        get { storage.candidate(index) }
        set {
            makeUnique()
            storage.decoded[index] = newValue
        }
        // Changed in place (`candidates[k].touches += 1`), without copying the candidate.
        _modify {
            makeUnique()
            if storage.decoded.index(forKey: index) == nil { storage.decoded[index] = storage.candidate(index) }
            yield &storage.decoded[index]!
        }
    }

    public mutating func append(_ candidate: Candidate) {
        makeUnique()
        storage.decoded[storage.count] = candidate
        storage.count += 1
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(count: storage.count, decoded: storage.decoded, decoder: storage.decoder)
        }
    }
}
