import Conversation
import Store

/// `edit #ID [text:] [at:] [via:]`: corrects a logged message, note, ask or feedback. The
/// correction is a record of its own (history shows "edited", JSON the old and new values) and
/// `undo` takes it back (README "Correcting what was logged"). Without any of the three,
/// interactively, the entry's text opens in `$EDITOR`.
enum EntryCorrection {
    /// `#41` or `41`.
    static func isEntryID(_ word: String) -> Bool {
        let digits = word.hasPrefix("#") ? word.dropFirst() : Substring(word)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The live entry `id`; a meeting's id is refused with `meeting` as the advice.
    static func loggedEntry(_ id: Int32, in state: State, meeting advice: String) throws(ShellError) -> Entry {
        guard let position = state.entryPosition(id: id), !state.entries[position].removed else {
            if state.meeting(id: id) != nil { throw .refused("#\(id) is a meeting: \(advice)") }
            throw .store(.rejected(.unknownEntry(id)))
        }
        return state.entries[position]
    }

    static func run(_ id: Int32, options: Options, input: CommandInput) throws(ShellError) -> any CommandResult {
        let session = input.session
        let state = try session.state(timeline: true)
        let entry = try loggedEntry(id, in: state, meeting: "use move, cancel or done to change it")
        guard entry.isCorrectable else { throw .store(.rejected(.notCorrectable(id, entry.kind))) }
        let handle = state.candidates[Int(entry.candidate)].handle
        let texts = try session.store().texts
        let current = state.text(entry.text, from: texts)

        var text = options.value(.text)
        let at = try MessageCommands.loggedTime(options, input: input)
        let channel = options.value(.via).flatMap { Channel(name: $0) }
        if channel != nil, entry.kind != .message, entry.kind != .ask {
            throw .badValue(key: "via", value: channel!.name, expected: "only a message or an ask has a channel")
        }
        if text == nil, at == nil, channel == nil {
            guard session.canCompose else {
                throw .missingArgument(what: "text:, at: or via:", usage: "edit #ID [text:] [at:] [via:]")
            }
            let comments = [
                "Correct \(entry.kind.name) #\(id) on \(handle).",
                "Lines starting with # are left out; an unchanged or empty text changes nothing.",
            ]
            guard let edited = try session.composeText(initial: current, comments: comments), edited != current else {
                return Done(lines: ["nothing changed"], fields: [("changed", .bool(false))])
            }
            text = edited
        }
        if let text, text.trimmingBlanks().isEmpty {
            throw .badValue(
                key: "text", value: "", expected: "a text cannot be emptied; forget #\(id) erases the entry")
        }
        let newText = text == current ? nil : text
        let newAt = at == entry.at ? nil : at
        let newChannel = channel == entry.channel ? nil : channel
        guard newText != nil || newAt != nil || newChannel != nil else {
            throw .refused("nothing to change: #\(id) already says that")
        }
        let record = try session.commit { state in
            .correct(
                Correction(
                    handle: handle, id: state.nextID, target: id, at: newAt, channel: newChannel,
                    text: newText.map { .string($0) }))
        }
        var changed: [String] = []
        if newText != nil { changed.append("text") }
        if newAt != nil { changed.append("time") }
        if newChannel != nil { changed.append("channel") }
        let line =
            "edited #\(id) · \(entry.kind.name) on \(handle): "
            + changed.joined(separator: ", ") + " (correction #\(record.change.id ?? 0); undo takes it back)"
        return Changed(record, handle: handle, [line]) { w in w.field("of", id) }
    }
}
