import Conversation

/// A `map:` file for `import csv`: which column is which field, and (in sections) what a
/// system's own stage, status and source names mean (README "The map: file"):
///
///     # a comment
///     Vorname = first name
///     Notizen = -
///     [stages]
///     Erstgespräch = phone-screen
///
/// A line is `HEADER = FIELD` (split at the last `=`); `-` ignores the column without a
/// warning. Sections `[stages]`, `[statuses]`, `[sources]` hold `NAME = cande's name` lines.
/// Headers and names are compared as `ImportField.key` compares them. Anything it cannot use is
/// an error naming the map's line; nothing is imported then.
struct ImportMap: Sendable {
    struct Column: Sendable {
        /// As written in the map.
        var header: String
        /// nil: ignore the column.
        var field: ImportField?
        var line: Int
    }

    /// By the header's key.
    private(set) var columns: [String: Column] = [:]
    private(set) var stages: [String: Stage] = [:]
    private(set) var statuses: [String: Status] = [:]
    private(set) var sources: [String: Source] = [:]

    static let empty = ImportMap()

    private enum Section: String, CaseIterable {
        case columns, stages, statuses, sources

        init?(heading: String) {
            let k = ImportField.key(heading)
            guard
                let s = Self.allCases.first(where: {
                    k == $0.rawValue || k + "s" == $0.rawValue || k + "es" == $0.rawValue
                })
            else {
                return nil
            }
            self = s
        }
    }

    init() {}

    init(_ bytes: [UInt8], file: UserFile) throws(ShellError) {
        guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
            throw .badMap(path: file.display, line: 0, .notText)
        }
        var section = Section.columns
        var fieldLines: [ImportField: Column] = [:]
        var valueLines: [String: Int] = [:]
        var number = 0
        for raw in text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        {
            number += 1
            var line = String(raw).trimmingBlanks()
            if number == 1, line.hasPrefix("\u{FEFF}") { line = String(line.dropFirst()).trimmingBlanks() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let heading = String(line.dropFirst().dropLast()).trimmingBlanks()
                guard let s = Section(heading: heading) else {
                    throw .badMap(path: file.display, line: number, .unknownSection(SafeText.line(heading)))
                }
                section = s
                continue
            }
            guard let equals = line.lastIndex(of: "=") else {
                throw .badMap(path: file.display, line: number, .noEquals(SafeText.line(line)))
            }
            let left = String(line[..<equals]).trimmingBlanks()
            let right = String(line[line.index(after: equals)...]).trimmingBlanks()
            let key = ImportField.key(left)
            guard !key.isEmpty else { throw .badMap(path: file.display, line: number, .emptyName) }
            if section == .columns {
                if let first = columns[key] {
                    throw .badMap(
                        path: file.display, line: number, .repeatedHeader(SafeText.line(left), line: first.line))
                }
                var column = Column(header: left, field: nil, line: number)
                if right != "-" {
                    guard let field = ImportField(mapName: right) else {
                        let names = ImportField.allCases.map(\.rawValue)
                        throw .badMap(
                            path: file.display, line: number,
                            .unknownField(
                                SafeText.line(right), suggestion: Suggestion.closest(to: right, among: names)))
                    }
                    if let other = fieldLines[field] {
                        throw .badMap(
                            path: file.display, line: number,
                            .sameField(
                                field.rawValue, header: SafeText.line(left), other: SafeText.line(other.header),
                                line: other.line))
                    }
                    column.field = field
                    fieldLines[field] = column
                }
                columns[key] = column
                continue
            }
            if let first = valueLines[section.rawValue + "/" + key] {
                throw .badMap(path: file.display, line: number, .repeatedHeader(SafeText.line(left), line: first))
            }
            valueLines[section.rawValue + "/" + key] = number
            func value<V: Vocabulary>(_ type: V.Type) throws(ShellError) -> V {
                let k = ImportField.key(right)
                guard let v = V.allCases.first(where: { ImportField.key($0.name) == k }) else {
                    throw .badMap(
                        path: file.display, line: number,
                        .unknownValue(section.rawValue, SafeText.line(right), expected: V.names))
                }
                return v
            }
            switch section {
            case .columns: break
            case .stages: stages[key] = try value(Stage.self)
            case .statuses: statuses[key] = try value(Status.self)
            case .sources: sources[key] = try value(Source.self)
            }
        }
    }
}
