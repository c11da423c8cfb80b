import Conversation
import Store

/// Reads an `export json` document (README "Backing up and restoring"): the shape is checked
/// key by key — an unknown key, a missing one or a value of the wrong kind is an error naming
/// the element and the byte where it is — and so are the references between elements
/// (duplicate handles, emails and ids; entries and meetings of candidates the file lacks;
/// corrections of entries it lacks). Nothing is looked up in the store here.
struct BackupReader {
    /// The `schema` of `export json` this cande reads.
    static let schema = 1

    /// A problem with the file: where (`entries[3] (#17)`, empty for the whole file) and what.
    struct Failure: Error {
        var place: String
        var reason: String
    }

    static func read(_ bytes: [UInt8]) throws(Failure) -> Backup {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Failure(place: "", reason: "it is not UTF-8 text (not an export json file)")
        }
        var backup = Backup()
        var place = ""
        let read = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONSyntaxError) in
                var r = JSONReader(raw)
                try readDocument(&r, into: &backup, place: &place)
            }
        }
        if case .failure(let error) = read {
            if let failure = error.failure { throw failure }
            throw Failure(
                place: place,
                reason: (place.isEmpty ? "not an export json file: " : "") + error.reason
                    + " (byte \(error.offset + 1))")
        }
        try BackupChecks.check(backup)
        return backup
    }

    private static let topKeys = KeyTable([
        "cande", "schema", "exported", "filtered", "candidates", "entries", "meetings",
    ])

    private static func readDocument(_ r: inout JSONReader, into backup: inout Backup, place: inout String)
        throws(JSONSyntaxError)
    {
        guard r.peek() == 0x7B else { throw r.error("it does not start with {") }
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var hint = 0
        while let key = try r.nextKey(&first) {
            guard let k = topKeys.lookup(key, hint: &hint) else {
                throw r.error("unknown key \"\(String(decoding: key, as: UTF8.self))\"")
            }
            try seen.insert(k, r, name: topKeys.names[k])
            switch k {
            case 0:
                guard try r.string() == "export" else { throw r.error("\"cande\" is not \"export\"") }
            case 1:
                let at = r.position
                let version = try r.int()
                guard version == schema else {
                    throw r.failure(
                        "", "it is export schema \(version); this cande restores schema \(schema) (at byte \(at + 1))")
                }
            case 2: _ = try r.instant()
            case 3: _ = try r.bool()
            case 4:
                place = "candidates"
                try array(&r, "candidates") { (r, label) throws(JSONSyntaxError) in
                    place = label
                    let c = try CandidateShape.read(&r)
                    backup.candidates.append(c)
                }
            case 5:
                place = "entries"
                try array(&r, "entries") { (r, label) throws(JSONSyntaxError) in
                    place = label
                    backup.entries.append(try EntryShape.read(&r, label: label))
                }
            default:
                place = "meetings"
                try array(&r, "meetings") { (r, label) throws(JSONSyntaxError) in
                    place = label
                    backup.meetings.append(try MeetingShape.read(&r, label: label))
                }
            }
            place = ""
        }
        try r.expectEnd()
        for (k, name) in [(0, "cande"), (1, "schema"), (4, "candidates"), (5, "entries"), (6, "meetings")]
        where !seen.contains(k) {
            throw r.failure("", "not an export json file: it has no \"\(name)\"")
        }
    }

    /// Reads `[…]`, calling `element` for each with its label (`entries[3]`).
    private static func array(
        _ r: inout JSONReader, _ name: String, _ element: (inout JSONReader, String) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        try r.beginArray()
        var first = true
        var n = 0
        while try r.nextElement(&first) {
            try element(&r, "\(name)[\(n)]")
            n += 1
        }
    }
}

extension JSONReader {
    /// A problem that is not about JSON syntax (`place` may name the element), carried through
    /// the reader's throws and taken apart again by `JSONSyntaxError.failure`.
    func failure(_ place: String, _ reason: String) -> JSONSyntaxError {
        error("\u{0}" + place + "\u{0}" + reason, at: 0)
    }
}

extension JSONSyntaxError {
    var failure: BackupReader.Failure? {
        guard reason.hasPrefix("\u{0}") else { return nil }
        let rest = reason.dropFirst()
        guard let cut = rest.firstIndex(of: "\u{0}") else { return nil }
        return BackupReader.Failure(place: String(rest[..<cut]), reason: String(rest[rest.index(after: cut)...]))
    }
}
