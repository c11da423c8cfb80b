import CLibPQ

#if canImport(Glibc)
    import Glibc
#endif

/// One connection to a team store's PostgreSQL server through libpq, loaded on first use
/// (README "Team store"). Blocking and single-threaded, as a shell loop wants: each call sends
/// one statement and waits for its result. Text parameters and results only.
public final class PGConnection {
    private let connection: OpaquePointer

    /// Connects with a libpq connection string (`postgres://…`, `postgresql://…` or
    /// `key=value …`); the session commits synchronously (acknowledged = committed).
    public init(_ conninfo: String) throws(StoreError) {
        try Self.load()
        let lib = cpq_library().pointee
        guard let connection = lib.PQconnectdb!(conninfo) else {
            throw .serverUnavailable("out of memory")
        }
        guard lib.PQstatus!(connection) == Int32(CPQ_CONNECTION_OK) else {
            let message = Self.trimmed(lib.PQerrorMessage!(connection))
            lib.PQfinish!(connection)
            throw .serverUnavailable(message)
        }
        self.connection = connection
        try execute("set synchronous_commit = on")
    }

    deinit { cpq_library().pointee.PQfinish!(connection) }

    /// Loads libpq once per process.
    static func load() throws(StoreError) {
        var error: UnsafePointer<CChar>?
        guard cpq_load(&error) == 0 else {
            throw .clientLibrary(error.map { String(cString: $0) } ?? "unknown reason")
        }
    }

    /// The rows of one statement (`$1`, `$2`… are `parameters`; nil is SQL NULL), each a list of
    /// its columns' texts (nil for NULL).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> [[String?]] {
        let lib = cpq_library().pointee
        let result = Self.withCStrings(parameters) { values in
            lib.PQexecParams!(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard let result else { throw .serverUnavailable(Self.trimmed(lib.PQerrorMessage!(connection))) }
        defer { lib.PQclear!(result) }
        let status = lib.PQresultStatus!(result)
        guard status == Int32(CPQ_COMMAND_OK) || status == Int32(CPQ_TUPLES_OK) || status == Int32(CPQ_EMPTY_QUERY)
        else {
            let sqlstate = lib.PQresultErrorField!(result, Int32(CPQ_DIAG_SQLSTATE)).map { String(cString: $0) }
            let message =
                lib.PQresultErrorField!(result, Int32(CPQ_DIAG_MESSAGE_PRIMARY)).map { String(cString: $0) }
                ?? Self.trimmed(lib.PQerrorMessage!(connection))
            // No SQLSTATE: the connection itself failed (server gone, socket closed).
            guard let sqlstate else { throw .serverUnavailable(message) }
            throw .server(sqlstate: sqlstate, message: message)
        }
        let rows = lib.PQntuples!(result)
        let columns = lib.PQnfields!(result)
        var out: [[String?]] = []
        out.reserveCapacity(Int(rows))
        for row in 0..<rows {
            var values: [String?] = []
            values.reserveCapacity(Int(columns))
            for column in 0..<columns {
                if lib.PQgetisnull!(result, row, column) != 0 {
                    values.append(nil)
                } else {
                    let length = Int(lib.PQgetlength!(result, row, column))
                    let bytes = UnsafeRawBufferPointer(start: lib.PQgetvalue!(result, row, column), count: length)
                    values.append(String(decoding: bytes, as: UTF8.self))
                }
            }
            out.append(values)
        }
        return out
    }

    /// The first column of the first row, if any.
    public func value(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> String? {
        try execute(sql, parameters).first?.first ?? nil
    }

    private static func trimmed(_ text: UnsafeMutablePointer<CChar>?) -> String {
        guard let text else { return "unknown error" }
        var message = String(cString: text)
        while message.last?.isWhitespace == true { message.removeLast() }
        return message
    }

    /// Runs `body` with C strings of `values` (nil stays NULL) that live until it returns.
    private static func withCStrings<R>(_ values: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = values.map { $0.flatMap { strdup($0) } }
        defer { for copy in copies { free(copy) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}
