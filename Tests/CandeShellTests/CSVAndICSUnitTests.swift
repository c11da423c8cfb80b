import Conversation
import TestSupport
import Testing

@testable import CandeShell

@Suite("CSV reader, formula guard and iCalendar lines")
struct CSVAndICSUnitTests {
    @Test("quoted cells hold commas, doubled quotes and every kind of line break; rows know their first line")
    func quotedCells() throws {
        let text = "a,b\r\n\"1,2\",\"say \"\"hi\"\"\"\n\"x\r\ny\rz\nw\",\n\nlast,\"\"\r"
        let rows = try CSVReader.rows(Array(text.utf8))
        #expect(
            rows == [
                CSVReader.Row(line: 1, cells: ["a", "b"]),
                CSVReader.Row(line: 2, cells: ["1,2", "say \"hi\""]),
                CSVReader.Row(line: 3, cells: ["x\r\ny\rz\nw", ""]),
                CSVReader.Row(line: 8, cells: ["last", ""]),
            ])
    }

    @Test("what the reader refuses, by line")
    func refused() {
        func failure(_ bytes: [UInt8]) -> CSVReader.Failure? {
            do {
                _ = try CSVReader.rows(bytes)
                return nil
            } catch {
                return error
            }
        }
        #expect(failure(Array("a\n\"open\nstill".utf8))?.line == 2)
        #expect(failure(Array("a\n\"x\"y\n".utf8))?.line == 2)
        #expect(failure(Array("a\r\rb\u{0}".utf8))?.line == 3)
        #expect(failure(Array("a\nb\n".utf8) + [0xED, 0xA0, 0x80])?.line == 3, "a UTF-16 surrogate is not UTF-8")
        #expect(failure([0xFF, 0xFE, 0x61, 0x00]) != nil)
        #expect(failure([0xEF, 0xBB, 0xBF] + Array("a\n".utf8)) == nil)
    }

    @Test("the formula guard adds one quote where a spreadsheet would see a formula and takes exactly it off")
    func formulaGuard() {
        let cases: [(String, String)] = [
            ("=1+1", "'=1+1"), ("+1 555", "'+1 555"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
            ("\rx", "'\rx"), ("'=x", "''=x"), ("''@x", "'''@x"), ("'plain", "'plain"), ("a=b", "a=b"), ("", ""),
            ("'", "'"),
        ]
        for (value, written) in cases {
            #expect(FormulaGuard.neutralised(value) == written)
            #expect(FormulaGuard.restored(written) == value)
        }
    }

    @Test("TEXT escaping and folding at 75 octets on UTF-8 boundaries")
    func icsLines() {
        #expect(ICSWriter.escape("a\\b;c,d\ne\r\nf\rg\u{1B}h") == "a\\\\b\\;c\\,d\\ne\\nf\\ng" + "h")
        var w = ICSWriter()
        let value = "x" + String(repeating: "é", count: 100)  // 201 octets
        w.property("LOCATION", text: value)
        let lines = String(decoding: w.bytes, as: UTF8.self).components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(lines.first.map { $0.utf8.count } == 74, "LOCATION:x is 10 octets; 32 é fit, the 33rd would be split")
        #expect(
            lines.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined()
                == "LOCATION:" + value)
        #expect(ICSWriter.utc(Instant(seconds: 1_796_220_000)) == "20261202T140000Z")
    }
}
