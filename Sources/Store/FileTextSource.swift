import Conversation

/// Reads texts and record lines back from the files of the live generation: the snapshot's
/// entries file and the journal (including group-commit bytes not yet written).
final class FileTextSource: TextSource {
    static let entriesSource: UInt16 = 2
    static let journalSource: UInt16 = 3

    var entries: FileDescriptor?
    var journal: FileDescriptor?
    /// Journal bytes of the current group, not yet written, and the file offset they will have.
    var pending: [UInt8] = []
    var pendingStart: Int64 = 0
    /// The first read error since `takeError`, if a text could not be read in full.
    private(set) var lastError: StoreError?

    func takeError() -> StoreError? {
        defer { lastError = nil }
        return lastError
    }

    private func failed(_ error: StoreError) {
        if lastError == nil { lastError = error }
    }

    /// Records a read error found elsewhere (working out facts), for the next `takeError`.
    func record(_ error: StoreError) { failed(error) }

    func rawBytes(_ ref: TextRef) -> [UInt8] {
        bytes(source: ref.source, at: ref.line + Int64(ref.start), count: Int(ref.length))
    }

    func forEachRaw(_ refs: [TextRef], _ body: (Int, UnsafeRawBufferPointer) -> Void) {
        var readers: [UInt16: WindowReader] = [:]
        for (k, ref) in refs.enumerated() {
            let offset = ref.line + Int64(ref.start)
            let count = Int(ref.length)
            if ref.source == Self.journalSource, !pending.isEmpty, offset >= pendingStart {
                let start = Int(offset - pendingStart)
                pending.withUnsafeBytes { body(k, UnsafeRawBufferPointer(rebasing: $0[start..<(start + count)])) }
                continue
            }
            guard let file = file(ref.source) else { continue }
            if readers[ref.source] == nil { readers[ref.source] = WindowReader(file: file) }
            do {
                let slice = try readers[ref.source]!.bytes(at: offset, count: count)
                slice.withUnsafeBytes { body(k, $0) }
            } catch {
                failed(error)
            }
        }
    }

    func file(_ source: UInt16) -> FileDescriptor? {
        switch source {
        case Self.entriesSource: entries
        case Self.journalSource: journal
        default: nil
        }
    }

    private func bytes(source: UInt16, at offset: Int64, count: Int) -> [UInt8] {
        if source == Self.journalSource, !pending.isEmpty, offset >= pendingStart {
            let start = Int(offset - pendingStart)
            return Array(pending[start..<(start + count)])
        }
        guard let file = file(source) else {
            failed(.corrupt(file: "the store", line: 0, byte: Int(offset), reason: "a text's file is not open"))
            return []
        }
        do {
            let bytes = try file.read(at: offset, count: count)
            guard bytes.count == count else {
                failed(.corrupt(file: file.path, line: 0, byte: Int(offset), reason: "the file ends inside a record"))
                return bytes
            }
            return bytes
        } catch {
            failed(error)
            return []
        }
    }
}
