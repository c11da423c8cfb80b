/// One message cut out of an mbox file by `Mbox.split`.
public struct MboxMessage: Sendable {
    /// 1 for the first message of the file.
    public var position: Int
    /// The 1-based line of the `From ` separator that opens it.
    public var line: Int
    /// The message, separator dropped and `>From ` lines unescaped.
    public var bytes: ArraySlice<UInt8>

    public init(position: Int, line: Int, bytes: ArraySlice<UInt8>) {
        self.position = position
        self.line = line
        self.bytes = bytes
    }
}
