import Conversation

#if canImport(Glibc)
    import Glibc
#endif

extension FileStore {
    /// Erases a candidate (SPEC §8.8): a new generation without them, their entries, meetings and
    /// undo history; their name, email and phone redacted from other records' texts; old
    /// generations deleted; quarantined bytes scrubbed. Only a count remains.
    public func forget(handle: String) throws(StoreError) {
        try withExclusiveLock { () throws(StoreError) in
            try writePendingChanges()
            try catchUpForWrite()
            guard let k = state.candidateIndex(handle: handle) else {
                throw .rejected(.unknownCandidate(handle))
            }
            try loadTimeline()
            let candidate = state.candidates[Int(k)]
            let secrets = Redactor(
                secrets: [candidate.name, candidate.email, candidate.phone].compactMap { $0 }.filter {
                    $0.utf8.count >= 4
                })
            var filter = GenerationWriter.Filter()
            filter.candidate = k
            filter.rewrite = { (ref, line) throws(StoreError) -> [UInt8]? in
                guard secrets.occurs(in: line) else { return nil }
                return try secrets.redact(record: Array(line))
            }
            let meetingsOfCandidate = Set(state.meetings(of: k).map(\.id))
            filter.keepUndo = { item in
                let r = item.revert
                return r.handle != handle && !r.candidates.contains(handle)
                    && !r.createdMeetings.contains { meetingsOfCandidate.contains($0.id) || $0.candidate == k }
                    && r.meeting.map { $0.new.candidate != k } ?? true
            }
            try switchGeneration(filter)
            try scrubQuarantine(Redactor(secrets: secrets.secrets + [handle]))
        }
    }

    private func catchUpForWrite() throws(StoreError) {
        if lock.mode != .exclusive { try refresh() }
        if let reason = readOnlyReason { throw .readOnly(reason) }
    }

    /// Quarantined bytes may hold a torn record about the candidate.
    private func scrubQuarantine(_ redactor: Redactor) throws(StoreError) {
        for name in try directory.names() where name.hasPrefix("quarantine-") {
            guard let file = try directory.openIfExists(name, flags: O_RDONLY) else { continue }
            let bytes = try file.readAll()
            let scrubbed = redactor.redactBytes(bytes)
            if scrubbed != bytes { try directory.replace(name, with: scrubbed) }
        }
    }
}

/// Finds and replaces a forgotten candidate's personal data in other records.
struct Redactor {
    let secrets: [String]
    /// Each secret as raw UTF-8 and as it appears inside a JSON string.
    private let patterns: [[UInt8]]
    static let replacement = "[forgotten]"

    init(secrets: [String]) {
        self.secrets = secrets
        var patterns: [[UInt8]] = []
        for secret in secrets {
            patterns.append(Array(secret.utf8))
            var w = JSONWriter()
            w.string(secret)
            let escaped = Array(w.bytes.dropFirst().dropLast())
            if escaped != patterns.last { patterns.append(escaped) }
        }
        self.patterns = patterns
    }

    func occurs(in bytes: some Collection<UInt8>) -> Bool {
        let folded = bytes.map(Self.asciiLower)
        return patterns.contains { ByteSearch.first($0.map(Self.asciiLower), in: folded) != nil }
    }

    static func asciiLower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    func redactBytes(_ bytes: [UInt8]) -> [UInt8] {
        // Case-insensitive for ASCII letters: positions in the folded copy are those of the original.
        var out = bytes
        for pattern in patterns {
            let needle = pattern.map(Self.asciiLower)
            var result: [UInt8] = []
            var position = 0
            let folded = out.map(Self.asciiLower)
            while let at = ByteSearch.first(needle, in: folded, from: position) {
                result.append(contentsOf: out[position..<at])
                result.append(contentsOf: Array(Self.replacement.utf8))
                position = at + needle.count
            }
            if position > 0 {
                result.append(contentsOf: out[position...])
                out = result
            }
        }
        return out
    }

    /// The record line with the secrets replaced wherever they occur (as JSON-escaped text), and
    /// its sum made anew.
    func redact(record line: [UInt8]) throws(StoreError) -> [UInt8] {
        guard line.count > Framing.suffixLength else { return line }
        var writer = JSONWriter()
        writer.bytes = redactBytes(Array(line.dropLast(Framing.suffixLength)))
        Framing.sealRaw(&writer)
        return writer.bytes
    }
}
