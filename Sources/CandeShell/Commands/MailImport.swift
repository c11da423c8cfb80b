import Conversation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// `import mail FILE|-`: an RFC 5322 message (`.eml`, or piped by a mail client) or an mbox,
/// logged as email messages of the candidates their addresses name (README "Importing mail").
/// An mbox is all or nothing; the changes are committed in one group (one fsync).
enum MailImport {
    /// The most `import mail -` reads from a pipe.
    static let inputLimit = 1 << 30

    static func run(
        path: String, addUnknown: Bool, session: Session, bytes given: (String, [UInt8])? = nil, attempt: Int = 1
    ) throws(ShellError) -> any CommandResult {
        let (display, bytes): (String, [UInt8])
        if let given { (display, bytes) = given } else { (display, bytes) = try read(path, session: session) }
        let inputs: [MailImportPlan.Input]
        if Mbox.looksLikeMbox(bytes) {
            inputs = Mbox.split(bytes).map { part in
                MailImportPlan.Input(
                    position: part.position, line: part.line, message: parse(Array(part.bytes)),
                    fallbackID: fallbackID(part.bytes))
            }
        } else {
            inputs = [
                MailImportPlan.Input(position: 1, line: 1, message: parse(bytes), fallbackID: fallbackID(bytes[...]))
            ]
        }
        guard !inputs.isEmpty else { throw .badFile(path: display, reason: "it holds no message") }

        let store = try session.store()
        let progress = ProgressLine("importing mail", total: inputs.count, session: session)
        defer { progress.clear() }
        var plan: MailImportPlan?
        do throws(ShellError) {
            // Duplicates are found by the Message-IDs of the entries in memory: the whole timeline.
            try loadTimeline(store)
            _ = try session.commitGroup(progress: progress) { (state) throws -> [Change] in
                // Another process compacted the store in between: read it again.
                guard state.timelineComplete else { throw TimelineNotLoaded() }
                let made = try MailImportPlan(
                    inputs, state: state, addUnknown: addUnknown, now: session.now(), user: session.user)
                plan = made
                guard made.bad.isEmpty else {
                    throw ShellError.mailRejected(path: display, count: inputs.count, bad: made.bad)
                }
                // Nothing to write (every message skipped or unmatched) is not a failure.
                return made.changes
            }
        } catch .failed(let why) where why == TimelineNotLoaded.text && attempt < 3 {
            return try run(
                path: path, addUnknown: addUnknown, session: session, bytes: (display, bytes), attempt: attempt + 1)
        }
        guard let plan else { throw .failed("no message was read") }
        return MailImported(plan: plan)
    }

    /// Thrown from the first commit's build when the store's timeline is not all in memory.
    struct TimelineNotLoaded: Error, CustomStringConvertible {
        static let text = "the store was compacted while it was read; run import mail again"
        var description: String { Self.text }
    }

    static func loadTimeline(_ store: ConversationStore) throws(ShellError) {
        do {
            try store.load(.everyone)
        } catch {
            throw .store(error)
        }
    }

    static func parse(_ bytes: [UInt8]) -> Result<MailMessage, MailError> {
        Result { () throws(MailError) -> MailMessage in try MailParser.parse(bytes) }
    }

    /// A stand-in `Message-ID` for a message without one: FNV-1a of its bytes, so that importing
    /// the same file again still skips it.
    static func fallbackID(_ bytes: ArraySlice<UInt8>) -> String {
        "fnv1a-" + FNV1a.hex(bytes) + "@cande"
    }

    /// The file, or standard input for `-` (a pipe or a file, not the terminal and not the
    /// commands being run).
    static func read(_ path: String, session: Session) throws(ShellError) -> (display: String, bytes: [UInt8]) {
        guard path == "-" else {
            let file = UserFile(path)
            return (file.display, try file.read())
        }
        if session.standardInputIsCommands || session.settings.interactive {
            throw .refused(
                "standard input holds the commands; pipe the message in and give the command with -c: "
                    + "cande -c 'import mail -' < message.eml")
        }
        if isatty(0) == 1 {
            throw .refused("standard input is a terminal: pipe a message in (… | cande -c 'import mail -')")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .file(path: "standard input", operation: "read", errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > inputLimit { throw .badFile(path: "standard input", reason: "more than 1 GiB") }
        }
        guard !bytes.isEmpty else { throw .badFile(path: "standard input", reason: "it is empty") }
        return ("standard input", bytes)
    }
}
