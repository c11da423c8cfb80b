import CLibPQ
import Conversation

#if canImport(Glibc)
    import Glibc
#endif

/// One connection to a team store's PostgreSQL server through libpq, loaded on first use
/// (README "Team store"). Blocking and single-threaded, as a shell loop wants: each call sends
/// one statement and waits for its result. Text parameters and results only.
public final class PGConnection {
    private let connection: OpaquePointer
    /// libpq's functions, as loaded. Kept here rather than read from `cpq_library()` at each call:
    /// that `static inline` function's static table exists once per object file, and a release
    /// build (one object per source file) that inlines a member of this class into another file
    /// would read that file's table, never loaded (a trap on a nil function pointer).
    private let lib: cpq_library

    /// Connects with a libpq connection string (`postgres://…`, `postgresql://…` or
    /// `key=value …`); the session commits synchronously (acknowledged = committed).
    public init(_ conninfo: String) throws(StoreError) {
        let lib = try Self.load()
        self.lib = lib
        guard let connection = lib.PQconnectdb!(conninfo) else {
            throw .serverUnavailable("out of memory")
        }
        guard lib.PQstatus!(connection) == Int32(CPQ_CONNECTION_OK) else {
            let message = Self.trimmed(lib.PQerrorMessage!(connection))
            lib.PQfinish!(connection)
            throw .serverUnavailable(message)
        }
        self.connection = connection
        // The server's notices (a shutdown, a vacuum skipped) are not printed on the user's
        // terminal by libpq: cande says what matters itself.
        _ = lib.PQsetNoticeProcessor!(connection, { _, _ in }, nil)
        try simple(
            "set synchronous_commit = on; set client_min_messages = warning; set standard_conforming_strings = on")
    }

    deinit { lib.PQfinish!(connection) }

    /// Loads libpq once per process; its functions (loading and reading the table in one
    /// function, so both are the same object file's table).
    static func load() throws(StoreError) -> cpq_library {
        var error: UnsafePointer<CChar>?
        guard cpq_load(&error) == 0 else {
            throw .clientLibrary(error.map { String(cString: $0) } ?? "unknown reason")
        }
        return cpq_library().pointee
    }

    /// A statement's parameter: text, or bytes sent as they are (for `bytea`).
    public enum Parameter: Sendable {
        case text(String)
        case bytes([UInt8])
    }

    /// The rows of one statement (`$1`, `$2`… are `parameters`; nil is SQL NULL), each a list of
    /// its columns' texts (nil for NULL).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> [[String?]] {
        try run(sql, parameters.map { $0.map(Parameter.text) }, binary: false) { bytes in
            String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Like `execute`, with bytes parameters, and every column's value as the server's binary
    /// form (for `bytea`: the bytes themselves).
    @discardableResult
    public func executeBinary(_ sql: String, _ parameters: [Parameter?] = []) throws(StoreError) -> [[[UInt8]?]] {
        try run(sql, parameters, binary: true) { Array($0) }
    }

    /// Several statements in one round trip (no parameters: values must be literals, see
    /// `literal`); the rows of the last one. The statements run in one transaction unless they
    /// say `begin`/`commit` themselves.
    @discardableResult
    public func simple(_ sql: String) throws(StoreError) -> [[String?]] {
        try rows(of: lib.PQexec!(connection, sql)) { String(decoding: $0, as: UTF8.self) }
    }

    /// `text` as an SQL string literal (`standard_conforming_strings` is on for every session:
    /// only `'` is doubled). Text with a NUL byte cannot be one.
    public static func literal(_ text: String) -> String {
        "'" + text.replacing("'", with: "''") + "'"
    }

    private func run<T>(
        _ sql: String, _ parameters: [Parameter?], binary: Bool, _ convert: (UnsafeRawBufferPointer) -> T
    ) throws(StoreError) -> [[T?]] {
        let result = Self.withValues(parameters) { values, lengths, formats in
            lib.PQexecParams!(connection, sql, Int32(parameters.count), nil, values, lengths, formats, binary ? 1 : 0)
        }
        return try rows(of: result, convert)
    }

    private func rows<T>(of result: OpaquePointer?, _ convert: (UnsafeRawBufferPointer) -> T) throws(StoreError)
        -> [[T?]]
    {
        guard let result else { throw .serverUnavailable(Self.trimmed(lib.PQerrorMessage!(connection))) }
        defer { lib.PQclear!(result) }
        let status = lib.PQresultStatus!(result)
        guard status == Int32(CPQ_COMMAND_OK) || status == Int32(CPQ_TUPLES_OK) || status == Int32(CPQ_EMPTY_QUERY)
        else {
            let sqlstate = lib.PQresultErrorField!(result, Int32(CPQ_DIAG_SQLSTATE)).map { String(cString: $0) }
            let message =
                lib.PQresultErrorField!(result, Int32(CPQ_DIAG_MESSAGE_PRIMARY)).map { String(cString: $0) }
                ?? Self.trimmed(lib.PQerrorMessage!(connection))
            // No SQLSTATE, or a server shutting down: the connection itself failed.
            guard let sqlstate, !sqlstate.hasPrefix("57P"), !sqlstate.hasPrefix("08") else {
                throw .serverUnavailable(message)
            }
            throw .server(sqlstate: sqlstate, message: message)
        }
        let rows = lib.PQntuples!(result)
        let columns = lib.PQnfields!(result)
        var out: [[T?]] = []
        out.reserveCapacity(Int(rows))
        for row in 0..<rows {
            var values: [T?] = []
            values.reserveCapacity(Int(columns))
            for column in 0..<columns {
                if lib.PQgetisnull!(result, row, column) != 0 {
                    values.append(nil)
                } else {
                    let length = Int(lib.PQgetlength!(result, row, column))
                    values.append(
                        convert(UnsafeRawBufferPointer(start: lib.PQgetvalue!(result, row, column), count: length)))
                }
            }
            out.append(values)
        }
        return out
    }

    /// The connection's socket, readable when the server sent something (a notification).
    public var socket: Int32 { lib.PQsocket!(connection) }

    /// Reads what the server sent and returns how many notifications came (`LISTEN`); throws
    /// when the connection is gone.
    public func takeNotifications() throws(StoreError) -> Int {
        guard lib.PQconsumeInput!(connection) == 1 else {
            throw .serverUnavailable(Self.trimmed(lib.PQerrorMessage!(connection)))
        }
        var count = 0
        while let notification = lib.PQnotifies!(connection) {
            count += 1
            lib.PQfreemem!(UnsafeMutableRawPointer(notification))
        }
        return count
    }

    /// The first column of the first row, if any.
    public func value(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> String? {
        try execute(sql, parameters).first?.first ?? nil
    }

    private static func trimmed(_ text: UnsafeMutablePointer<CChar>?) -> String {
        guard let text else { return "unknown error" }
        // libpq's messages come in lines ("…failed: …\n\tIs the server running…"): one line here.
        return String(cString: text).split(whereSeparator: \.isNewline).map { $0.trimmingBlanks() }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }

    /// Runs `body` with the C values of `parameters` (nil stays NULL), their lengths and formats
    /// (bytes are binary), alive until it returns.
    private static func withValues<R>(
        _ parameters: [Parameter?], _ body: ([UnsafePointer<CChar>?], [Int32], [Int32]) -> R
    ) -> R {
        var copies: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for parameter in parameters {
            switch parameter {
            case nil:
                copies.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text)?:
                copies.append(strdup(text))
                lengths.append(0)
                formats.append(0)
            case .bytes(let bytes)?:
                let copy = malloc(max(1, bytes.count))?.assumingMemoryBound(to: CChar.self)
                bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress, let copy { memcpy(copy, base, bytes.count) }
                }
                copies.append(copy)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        defer { for copy in copies { free(copy) } }
        return body(copies.map { $0.map { UnsafePointer($0) } }, lengths, formats)
    }
}
