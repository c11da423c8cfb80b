import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// Everything that can go wrong in the store, with the user-facing text in one place.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed on `path`.
    case io(path: String, operation: String, errno: Int32)
    /// A file's content is damaged: where, and what was expected.
    case corrupt(file: String, line: Int, byte: Int, reason: String)
    /// The store was written by a newer cande.
    case newerSchema(found: Int, supported: Int)
    /// Writes are refused because the store is damaged or newer; the reason says which.
    case readOnly(String)
    /// The path cannot be a store at all.
    case notAStore(path: String, reason: String)
    /// The change does not fit the current state.
    case rejected(ChangeError)
    /// A write may or may not be in the store (it failed, and so did undoing it); this process
    /// writes nothing more, and the next open decides from the journal.
    case outcomeUnknown(String)
    /// A team store's server cannot be reached or refused the login (`what` says which, in
    /// libpq's words).
    case serverUnavailable(String)
    /// The server refused a statement: its SQLSTATE and message.
    case server(sqlstate: String, message: String)
    /// The team store's client library (libpq) cannot be loaded.
    case clientLibrary(String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            return "\(operation) \(path): \(Self.errnoText(code))"
        case .corrupt(let file, let line, let byte, let reason):
            return "\(file) is damaged at line \(line), byte \(byte): \(reason)"
        case .newerSchema(let found, let supported):
            return "this store was written by a newer cande (schema \(found); this cande knows \(supported)); "
                + "upgrade cande to change it"
        case .readOnly(let why):
            return "the store is read-only: \(why)"
        case .notAStore(let path, let reason):
            return "\(path) is not a usable cande store: \(reason)"
        case .rejected(let error):
            return error.description
        case .outcomeUnknown(let why):
            return "the change may or may not have been saved (\(why)); this cande writes nothing more: "
                + "start it again and check with history (a complete write counts, a torn one is set aside)"
        case .serverUnavailable(let what):
            return "cannot reach the team store: \(what)"
        case .server(let sqlstate, let message):
            return "the team store refused: \(message) (SQLSTATE \(sqlstate))"
        case .clientLibrary(let why):
            return "cannot load libpq, which a team store needs (\(why)); scripts/setup --team installs it"
        }
    }

    /// True for damage and version problems that make the store read-only (not I/O hiccups).
    public var makesReadOnly: Bool {
        switch self {
        case .corrupt, .newerSchema: return true
        default: return false
        }
    }

    static func errnoText(_ code: Int32) -> String {
        let name: String
        switch code {
        case ENOSPC: name = "no space left on device (ENOSPC)"
        case EIO: name = "input/output error (EIO)"
        case EACCES: name = "permission denied (EACCES)"
        case EROFS: name = "read-only file system (EROFS)"
        case EDQUOT: name = "disk quota exceeded (EDQUOT)"
        case ENOENT: name = "no such file or directory (ENOENT)"
        case EEXIST: name = "file exists (EEXIST)"
        case ELOOP: name = "is a symbolic link (ELOOP)"
        default: name = "error \(code)"
        }
        return name
    }
}
