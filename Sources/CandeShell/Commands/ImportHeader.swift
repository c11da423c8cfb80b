/// The header row of an imported CSV file read as fields: the `map:` file's columns first, then
/// `ImportField`'s spellings. The first column naming a field fills it; later ones naming the
/// same field are ignored with the others no field names (one warning). Two columns with the
/// same header, a map naming a column the file lacks, and no name at all (neither a name column
/// nor a first or last name) are errors.
struct ImportHeader {
    /// Per column, the field it fills (nil: ignored).
    private(set) var fields: [ImportField?] = []
    /// The headers as written.
    let headers: [String]
    /// Ignored columns as written, with why when another column fills their field.
    private(set) var ignored: [String] = []

    init(_ row: CSVReader.Row, map: ImportMap, file: UserFile, mapFile: UserFile?) throws(ShellError) {
        headers = row.cells.map { $0.trimmingBlanks() }
        var seen: [String: Int] = [:]
        var filled: [ImportField: String] = [:]
        for (i, header) in headers.enumerated() {
            let key = ImportField.key(header)
            if !key.isEmpty, let first = seen[key] {
                throw .badFile(
                    path: file.display,
                    reason: "the columns \(first + 1) and \(i + 1) of the header (line \(row.line)) are both "
                        + "\(SafeText.line(header)); rename one, or name them in a map: file")
            }
            seen[key] = i
            let mapped = map.columns[key]
            let field = mapped.map(\.field) ?? ImportField(header: header)
            guard let field else {
                if mapped == nil { ignored.append(header.isEmpty ? "(blank)" : SafeText.line(header)) }
                fields.append(nil)
                continue
            }
            if let other = filled[field] {
                ignored.append(SafeText.line(header) + " (\(field.rawValue) is read from \(SafeText.line(other)))")
                fields.append(nil)
                continue
            }
            filled[field] = header
            fields.append(field)
        }
        if let mapFile {
            for column in map.columns.values.sorted(by: { $0.line < $1.line })
            where seen[ImportField.key(column.header)] == nil {
                throw .badMap(path: mapFile.display, line: column.line, .missingColumn(SafeText.line(column.header)))
            }
        }
        guard fields.contains(.name) || fields.contains(.firstName) || fields.contains(.lastName) else {
            throw .badFile(
                path: file.display,
                reason: "the header (line \(row.line)) has no name column (name, full name, or first name and "
                    + "last name; help import lists the columns it reads, a map: file names others)")
        }
        // A name column wins over first and last names.
        if fields.contains(.name) {
            for i in fields.indices where fields[i] == .firstName || fields[i] == .lastName {
                ignored.append(
                    SafeText.line(headers[i])
                        + " (name is read from \(SafeText.line(headers[fields.firstIndex(of: .name)!])))")
                fields[i] = nil
            }
        }
    }

    /// The header of the column that fills `field`, if one does.
    func header(of field: ImportField) -> String? { fields.firstIndex(of: field).map { headers[$0] } }
}
