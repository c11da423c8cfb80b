import Conversation

/// Redacts a forgotten candidate's data in one framed line of the store (a journal or entries
/// record, a snapshot line) by its structure, never its raw bytes: only the decoded string values
/// that are free text are looked at — texts, reasons, outcomes, a meeting's `with` and `where`,
/// role, owner, tags, and the old and new values of those fields in undo history. Keys, times,
/// ids, handles and authors are never touched; the line's sum is made anew.
struct RecordRedactor {
    let redactor: TextRedactor

    /// Keys whose string values (or, for `tags`, array of strings) are free text.
    static let freeText: Set<String> = ["text", "reason", "outcome", "where", "with", "role", "owner", "tags"]
    /// In an undo item's `{"field":F,"old":…,"new":…}`, the fields whose values are free text.
    static let freeTextFields: Set<String> = ["role", "owner", "tags"]
    /// The store's own lines nest a few levels at most.
    static let maximumDepth = 16

    /// The line (framed, without its newline) with its free-text values redacted and sealed
    /// again; nil when nothing in it changes.
    func rewrite(_ line: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> [UInt8]? {
        guard line.count > Framing.suffixLength else { throw JSONSyntaxError(offset: 0, reason: "not a framed line") }
        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        var r = JSONReader(line)
        try walk(&r, key: nil, field: nil, depth: 0, edits: &edits)
        try r.expectEnd()
        guard !edits.isEmpty else { return nil }
        var writer = JSONWriter(capacity: line.count + 64)
        var position = 0
        let body = line.count - Framing.suffixLength  // the old `,"sum":"…"}` goes
        for edit in edits {
            guard edit.range.upperBound <= body else { throw JSONSyntaxError(offset: position, reason: "bad frame") }
            writer.bytes.append(contentsOf: line[position..<edit.range.lowerBound])
            writer.bytes.append(contentsOf: edit.bytes)
            position = edit.range.upperBound
        }
        writer.bytes.append(contentsOf: line[position..<body])
        Framing.sealRaw(&writer)
        return writer.bytes
    }

    /// Whether a free-text value of the line still holds a secret (for verifying a new generation).
    func occurs(in line: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> Bool {
        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        var r = JSONReader(line)
        try walk(&r, key: nil, field: nil, depth: 0, edits: &edits)
        return !edits.isEmpty
    }

    private func isFreeText(_ key: String?, field: String?) -> Bool {
        guard let key else { return false }
        if Self.freeText.contains(key) { return true }
        return (key == "old" || key == "new") && field.map(Self.freeTextFields.contains) == true
    }

    private func walk(
        _ r: inout JSONReader, key: String?, field: String?, depth: Int,
        edits: inout [(range: Range<Int>, bytes: [UInt8])]
    ) throws(JSONSyntaxError) {
        guard depth <= Self.maximumDepth else { throw r.error("nested too deeply") }
        switch r.peek() {
        case 0x7B:
            try r.beginObject()
            var first = true
            var sibling: String? = nil
            while let name = try r.nextKey(&first) {
                let memberKey = String(decoding: name, as: UTF8.self)
                if memberKey == "field", r.peek() == 0x22 {
                    sibling = try r.string()
                    continue
                }
                try walk(&r, key: memberKey, field: sibling, depth: depth + 1, edits: &edits)
            }
        case 0x5B:
            try r.beginArray()
            var first = true
            while try r.nextElement(&first) {
                // Tags, and the snapshot digest's columns of roles and owners, are arrays of free
                // text; arrays of other keys hold objects (drafts, check-ins, meetings) or handles.
                let text = key == "tags" || key == "role" || key == "owner"
                try walk(&r, key: text ? key : nil, field: nil, depth: depth + 1, edits: &edits)
            }
        case 0x22:
            guard isFreeText(key, field: field) else {
                _ = try r.stringSpan()
                return
            }
            let start = r.position
            let value = try r.string()
            if let redacted = redactor.redact(value) {
                var w = JSONWriter(capacity: redacted.utf8.count + 8)
                w.string(redacted)
                edits.append((start..<r.position, w.bytes))
            }
        default:
            try r.skipValue()
        }
    }
}
