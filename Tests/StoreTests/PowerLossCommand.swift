/// One command line of a workload and what its acknowledgment promises.
struct PowerLossCommand {
    var line: String
    var expectation: Expectation

    /// What a crash state must show once cande acknowledged the command (the replayer's terms).
    enum Expectation {
        /// A candidate with this handle exists.
        case add(handle: String)
        /// A note whose first word is `marker` exists (the rest may be redacted by a `forget`).
        case note(marker: String, handle: String)
        /// The candidate is gone, and no file holds any of `secrets` (any case).
        case forget(handle: String, secrets: [String])
        /// Nothing to check (`compact`).
        case other

        var json: [String: Any] {
            switch self {
            case .add(let handle): ["kind": "add", "handle": handle]
            case .note(let marker, let handle): ["kind": "note", "marker": marker, "handle": handle]
            case .forget(let handle, let secrets): ["kind": "forget", "handle": handle, "secrets": secrets]
            case .other: ["kind": "other"]
            }
        }
    }

    static func note(_ handle: String, _ marker: String, _ text: String = "") -> PowerLossCommand {
        PowerLossCommand(
            line: "note \(handle) \(marker)\(text.isEmpty ? "" : " " + text)",
            expectation: .note(marker: marker, handle: handle))
    }

    static func add(_ handle: String, _ arguments: String) -> PowerLossCommand {
        PowerLossCommand(line: "add \(arguments) handle:\(handle)", expectation: .add(handle: handle))
    }

    static func forget(_ handle: String, secrets: [String]) -> PowerLossCommand {
        PowerLossCommand(line: "forget \(handle)", expectation: .forget(handle: handle, secrets: secrets))
    }

    static let compact = PowerLossCommand(line: "compact", expectation: .other)
}
