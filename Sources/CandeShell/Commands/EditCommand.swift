import Conversation
import Store

/// `edit REF key:value…` — `tags:+x` and `tags:-y` add and remove; an empty value clears.
/// `edit #ID text:… at:… via:…` corrects a logged entry (`EntryCorrection`).
enum EditCommand {
    static let spec = CommandSpec(
        verb: "edit",
        usage:
            "edit [REF] key:value… (name email phone role source owner tz tags; tags:+x tags:-y; a handle never changes)"
            + " · edit #ID [text:] [at:] [via:] (correct a logged entry)",
        summary: "change a candidate's fields, or correct a logged entry",
        examples: [
            "edit ada role:\"Staff Engineer\" tags:+urgent", "edit ada phone:", "edit ada tags:-berlin",
            "edit #41 text:\"Can start in April, not March.\"", "edit #41 at:\"yesterday 16:30\" via:phone",
        ],
        options: [
            OptionSpec(.name, .text), OptionSpec(.email, .text), OptionSpec(.phone, .text),
            OptionSpec(.role, .text), OptionSpec(.source, .source), OptionSpec(.owner, .user), OptionSpec(.tz, .tz),
            OptionSpec(.tags, .tags, repeatable: true), OptionSpec(.handle, .handle), OptionSpec(.text, .text),
            OptionSpec(.at, .when, when: WhenRule(direction: .past)), OptionSpec(.via, .channel),
        ],
        positionals: [ArgumentSpec(what: "a candidate or an entry id like #41", kind: .handle, optional: true)],
        run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> any CommandResult {
        let (words, options) = try input.read()
        if let word = words.first, EntryCorrection.isEntryID(word) {
            return try EntryCorrection.run(CommandInput.entryID(word), options: options, input: input)
        }
        if options.has(.text) || options.has(.at) || options.has(.via) {
            throw .refused("text:, at: and via: correct a logged entry: edit #ID text:…")
        }
        if options.has(.handle) { throw .refused("handles are stable and cannot be edited") }
        guard !options.isEmpty else { throw .missingArgument(what: "a field to change", usage: spec.usage) }
        let session = input.session
        // Check what can be checked before taking the lock.
        for field in CandidateField.allCases where field != .tags {
            guard let value = options.value(field.key), !value.isEmpty else { continue }
            if field == .source { continue }
            if field == .tz {
                guard session.zone(named: value) != nil else { throw .unknownZone(value) }
                continue
            }
            try CandidateDraftReader.check(field, value)
        }
        if options.value(.name)?.trimmingBlanks().isEmpty == true {
            throw .badValue(key: "name", value: "", expected: "a name cannot be cleared")
        }
        let (record, handle) = try input.commit(about: words.first) { state, k, _ in
            let candidate = state.candidates[Int(k)]
            var fields: [FieldChange] = []
            var summary: [String] = []
            for field in CandidateField.allCases {
                guard options.has(field.key) else { continue }
                let old = candidate.value(of: field)
                var new: String?
                if field == .tags {
                    new = try tags(options.all(.tags), current: candidate.tags)
                } else {
                    let value = options.value(field.key)!.trimmingBlanks()
                    new = value.isEmpty ? nil : value
                }
                guard new != old else { continue }
                fields.append(FieldChange(field: field, value: new))
                summary.append("\(field.name): \(old ?? "—") → \(new ?? "—")")
            }
            guard !fields.isEmpty else {
                throw ShellError.refused("nothing to change: \(candidate.handle) already has those values")
            }
            return .edit(
                handle: candidate.handle, id: state.nextID, fields: fields,
                summary: .string(summary.joined(separator: "; ")))
        }
        var line = "edited \(handle)"
        if case .edit(_, _, _, let summary) = record.change, case .ref(let ref) = summary {
            let state = try session.state()
            line += " · " + SafeText.line(state.text(ref, from: try session.store().texts))
        }
        return Changed(record, handle: handle, [line])
    }

    /// The tag list after `tags:` values: `a,b` replaces, `+x` adds, `-y` removes.
    static func tags(_ values: [String], current: [String]) throws(ShellError) -> String? {
        var tags = current
        for value in values {
            if value.hasPrefix("+") || value.hasPrefix("-") {
                guard let changed = FieldRules.tags(String(value.dropFirst())), !changed.isEmpty else {
                    throw .badValue(key: "tags", value: value, expected: "use tags:+word or tags:-word")
                }
                if value.hasPrefix("+") {
                    for tag in changed where !tags.contains(tag) { tags.append(tag) }
                } else {
                    tags.removeAll(where: changed.contains)
                }
            } else if value.isEmpty {
                tags = []
            } else {
                guard let replaced = FieldRules.tags(value) else {
                    throw .badValue(key: "tags", value: value, expected: "comma-separated words")
                }
                tags = replaced
            }
        }
        return tags.isEmpty ? nil : tags.joined(separator: ",")
    }
}

extension CandidateField {
    /// The option that sets this field.
    var key: OptionKey { OptionKey(rawValue: name)! }
}
