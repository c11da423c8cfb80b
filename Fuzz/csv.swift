/// Fuzz target `csv`: a CSV file for `import`. Rows must come out in file order, each starting on
/// a line of the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let rows = try? CSVReader.rows(input) else { return 0 }
    var previous = 0
    for row in rows {
        precondition(row.line > previous, "rows out of order")
        precondition(!row.cells.isEmpty, "a row without cells")
        previous = row.line
    }
    return 0
}
