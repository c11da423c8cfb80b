/// Where an entry's record and text live, without holding them: the text of a million messages
/// stays on disk until a view needs it. `source` names a file the store registered (or the
/// in-memory arena); `line` and `lineLength` locate the whole record (compaction copies it as it
/// is); `start` and `length` locate the text inside it, as JSON string contents (`escaped` when
/// they hold backslash escapes). `hasText` is false for entries without a text (stage changes).
public struct TextRef: Sendable, Equatable {
    public var source: UInt16
    public var escaped: Bool
    public var hasText: Bool
    public var line: Int64
    public var lineLength: UInt32
    public var start: UInt32
    public var length: UInt32

    public init(
        source: UInt16, escaped: Bool, line: Int64, lineLength: UInt32, start: UInt32, length: UInt32,
        hasText: Bool = true
    ) {
        self.source = source
        self.escaped = escaped
        self.hasText = hasText
        self.line = line
        self.lineLength = lineLength
        self.start = start
        self.length = length
    }

    /// A record line that holds no text.
    public static func line(source: UInt16, at offset: Int64, length: UInt32) -> TextRef {
        TextRef(source: source, escaped: false, line: offset, lineLength: length, start: 0, length: 0, hasText: false)
    }

    /// Nothing at all: no line, no text.
    public static let none = TextRef(
        source: 0, escaped: false, line: 0, lineLength: 0, start: 0, length: 0, hasText: false)

    /// The source number of the in-memory arena; files start at 2.
    public static let arenaSource: UInt16 = 1
}

/// A text as a change carries it: typed now (`string`), or read back from the store (`ref`).
public enum TextValue: Sendable, Equatable {
    case string(String)
    case ref(TextRef)
}

/// Gives the bytes of texts that `TextRef`s point at.
public protocol TextSource: AnyObject {
    /// The UTF-8 bytes of the text in `ref`'s source (still JSON-escaped if `ref.escaped`).
    func rawBytes(_ ref: TextRef) -> [UInt8]
    /// Calls `body` with the index and raw bytes of each of `refs` (in file order for speed).
    func forEachRaw(_ refs: [TextRef], _ body: (Int, UnsafeRawBufferPointer) -> Void)
}
