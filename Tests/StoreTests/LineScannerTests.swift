import Foundation
import TestSupport
import Testing

@testable import Store

/// A line longer than any record is reported without its bytes and skipped, so that a file of
/// gigabytes without a newline never has to fit in memory.
@Suite("Reading lines")
struct LineScannerTests {
    func scan(_ text: String, maxLine: Int) throws -> [(String, Int, Bool)] {
        let dir = TemporaryDirectory()
        let path = dir.file("lines")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        let file = FileDescriptor(fd: open(path, O_RDONLY), path: path)
        var scanner = LineScanner(file: file)
        scanner.chunkSize = 64
        scanner.maxLineLength = maxLine
        var lines: [(String, Int, Bool)] = []
        let end = try scanner.scan(from: 0, to: Int64(text.utf8.count), firstLine: 1) { line in
            lines.append((String(decoding: line.bytes, as: UTF8.self), line.number, line.oversized))
            return true
        }
        #expect(end.tailBytes == (text.hasSuffix("\n") ? 0 : Int64(text.split(separator: "\n").last!.utf8.count)))
        return lines
    }

    @Test("an oversized line is one line, without its bytes; the lines around it are whole")
    func oversized() throws {
        let long = String(repeating: "x", count: 5000)
        let lines = try scan("short\n\(long)\nafter\n\(long)\nlast\n", maxLine: 1024)
        #expect(lines.map(\.0) == ["short", "", "after", "", "last"])
        #expect(lines.map(\.1) == [1, 2, 3, 4, 5])
        #expect(lines.map(\.2) == [false, true, false, true, false])
    }

    @Test("an oversized tail without a newline is a tail, not a line")
    func oversizedTail() throws {
        let lines = try scan("short\n" + String(repeating: "y", count: 3000), maxLine: 512)
        #expect(lines.map(\.0) == ["short", ""])
        #expect(lines.map(\.2) == [false, true])
    }
}
