import Conversation
import Store

/// `edit REF key:value…` — `tags:+x` and `tags:-y` add and remove; an empty value clears.
enum EditCommand {
    static let spec = CommandSpec(
        verb: "edit",
        usage: "edit REF key:value… (name email phone role source owner tz tags; tags:+x tags:-y)",
        summary: "change a candidate's fields",
        examples: ["edit ada role:\"Staff Engineer\" tags:+urgent", "edit ada phone:", "edit ada tags:-berlin"],
        options: [
            OptionSpec(key: "name", kind: .text), OptionSpec(key: "email", kind: .text),
            OptionSpec(key: "phone", kind: .text), OptionSpec(key: "role", kind: .text),
            OptionSpec(key: "source", kind: .source), OptionSpec(key: "owner", kind: .user),
            OptionSpec(key: "tz", kind: .tz), OptionSpec(key: "tags", kind: .tags, repeatable: true),
            OptionSpec(key: "handle", kind: .handle),
        ],
        arguments: [.handle],
        run: run)

    static func run(_ input: inout CommandInput) throws(ShellError) -> Flow {
        let (words, options) = try input.read(words: 1)
        if options.has("handle") { throw .refused("handles are stable and cannot be edited") }
        guard !options.isEmpty else { throw .missingArgument(what: "a field to change", usage: spec.usage) }
        let session = input.session
        // Check what can be checked before taking the lock.
        for field in CandidateField.allCases where field != .tags {
            guard let value = options.value(field.name), !value.isEmpty else { continue }
            if field == .source { continue }
            if field == .tz {
                guard session.zone(named: value) != nil else { throw .unknownZone(value) }
                continue
            }
            try CandidateDraftReader.check(field, value)
        }
        if options.value("name")?.trimmingBlanks().isEmpty == true {
            throw .badValue(key: "name", value: "", expected: "a name cannot be cleared")
        }
        let (record, handle) = try input.commit(about: words.first) { state, k, _ in
            let candidate = state.candidates[Int(k)]
            var fields: [FieldChange] = []
            var summary: [String] = []
            for field in CandidateField.allCases {
                guard options.has(field.name) else { continue }
                let old = candidate.value(of: field)
                var new: String?
                if field == .tags {
                    new = try tags(options.all("tags"), current: candidate.tags)
                } else {
                    let value = options.value(field.name)!.trimmingBlanks()
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
        if session.json {
            session.emitJSON { JSONShapes.ok(record, handle: handle, into: &$0) }
        } else if case .edit(_, _, _, let summary) = record.change, case .ref(let ref) = summary {
            let state = try session.state()
            session.emit("edited \(handle) · " + SafeText.line(state.text(ref, from: try session.store().texts)))
        }
        return .next
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
