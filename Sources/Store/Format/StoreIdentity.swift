#if canImport(Glibc)
    import Glibc
#endif

/// The `IDENTITY` file: the store's id, `{"id":"<hex>","sum":"…"}`, written once (temporary
/// file, fsync, rename, fsync of the directory) and never changed, so that every copy of the
/// directory (`cp -a`, a backup restored, a bind mount) names the same store: calendar UIDs are
/// made of it (README "Export and import"). A file of its own rather than a key of `CURRENT`:
/// an older cande refuses unknown keys there as damage, but leaves a file it does not know alone.
enum StoreIdentity {
    static let fileName = "IDENTITY"

    /// 128 random bits as 32 hex digits: a new store's id.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex(generator.next() as UInt64) + hex(generator.next() as UInt64)
    }

    /// The id of a store made before ids were kept: the FNV-1a 64 hash of its real path, which
    /// is what its calendar UIDs were made of until then, so that events already in calendars
    /// are updated rather than duplicated. Fixed in `IDENTITY` by the store's next write.
    static func legacy(path: String) -> String {
        var real = path
        if let resolved = realpath(path, nil) {
            real = String(cString: resolved)
            free(resolved)
        }
        return FNV1a.hex(real.utf8)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// 16 to 64 lowercase hex digits (it goes into UIDs as it is).
    static func isValid(_ id: String) -> Bool {
        (16...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    static func encoded(_ id: String) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("id")
        w.string(id)
        Framing.seal(&w, objectStart: 0)
        w.bytes.append(0x0A)
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(StoreError) -> String {
        var trimmed = bytes
        if trimmed.last == 0x0A { trimmed.removeLast() }
        let result = trimmed.withUnsafeBytes { raw -> Result<String, StoreError> in
            func damaged(_ byte: Int, _ reason: String) -> Result<String, StoreError> {
                .failure(.corrupt(file: fileName, line: 1, byte: byte, reason: reason))
            }
            switch Framing.verify(raw) {
            case .valid: break
            case .unframed: return damaged(0, "not a cande identity file")
            case .mismatch: return damaged(0, "checksum mismatch")
            }
            var r = JSONReader(raw)
            do throws(JSONSyntaxError) {
                try r.beginObject()
                var first = true
                var id: String?
                while let key = try r.nextKey(&first) {
                    switch String(decoding: key, as: UTF8.self) {
                    case "id" where id == nil: id = try r.string()
                    case "sum": _ = try r.stringSpan()
                    default: throw r.error("unknown or repeated key")
                    }
                }
                try r.expectEnd()
                guard let id, isValid(id) else { throw r.error("no id of 16 to 64 hex digits") }
                return .success(id)
            } catch {
                return damaged(error.offset, error.reason)
            }
        }
        return try result.get()
    }
}
