import Conversation

/// `import csv`: the rows of a CSV file as candidates to add, all or nothing. Each row is checked
/// like `add` (`CandidateDraftReader`, vocabularies of source and stage); duplicate handles and
/// emails, within the file or with the store, are bad rows too. Rows are known by the line they
/// start on.
struct CandidateImport {
    /// The columns import reads (any order; `name` is required). Cells of other columns (an
    /// export's `status`, `created`, `updated`, or anything else) are ignored with one warning.
    static let columns = ["handle", "name", "email", "phone", "role", "source", "owner", "stage", "tags", "tz"]

    private struct Row {
        var line: Int
        var draft: CandidateDraft
    }

    let file: UserFile
    /// Header cells that are not columns import reads, as written.
    private(set) var ignored: [String] = []
    private var rows: [Row] = []
    private var bad: [BadRow] = []

    var rowCount: Int { rows.count + bad.count }

    init(_ csv: [CSVReader.Row], file: UserFile, session: Session) throws(ShellError) {
        self.file = file
        guard let header = csv.first else {
            throw .badFile(
                path: file.display, reason: "the file is empty; its first line must name the columns (name, email, …)")
        }
        var keys: [String?] = []
        for cell in header.cells {
            let key = cell.trimmingBlanks().lowercased()
            if Self.columns.contains(key) {
                guard !keys.contains(key) else {
                    throw .badFile(
                        path: file.display,
                        reason: "the column \(key) appears twice in the header (line \(header.line))")
                }
                keys.append(key)
            } else {
                keys.append(nil)
                ignored.append(cell.isEmpty ? "(blank)" : SafeText.line(cell))
            }
        }
        guard keys.contains("name") else {
            throw .badFile(
                path: file.display,
                reason: "the header (line \(header.line)) has no name column; import reads "
                    + Self.columns.joined(separator: ", "))
        }
        let progress = ProgressLine("importing", total: csv.count - 1, session: session)
        defer { progress.clear() }
        for (i, row) in csv.dropFirst().enumerated() {
            progress.update(i + 1)
            do throws(ShellError) {
                rows.append(Row(line: row.line, draft: try Self.draft(row, keys: keys, session: session)))
            } catch {
                bad.append(BadRow(line: row.line, problem: error.description))
            }
        }
    }

    /// One row as `add` would take it.
    private static func draft(_ row: CSVReader.Row, keys: [String?], session: Session) throws(ShellError)
        -> CandidateDraft
    {
        guard row.cells.count == keys.count else {
            throw .failed(
                "it has \(row.cells.count) cell\(row.cells.count == 1 ? "" : "s"); the header has \(keys.count)")
        }
        var name = ""
        var options = Options(declared: AddCommand.spec.options)
        for (key, cell) in zip(keys, row.cells) {
            guard let key else { continue }
            let value = FormulaGuard.restored(cell)
            if key == "name" {
                name = value
                continue
            }
            let trimmed = value.trimmingBlanks()
            guard !trimmed.isEmpty else { continue }
            let kind = AddCommand.spec.option(key)?.kind ?? .text
            options.add(key, Options.Value(raw: try kind.check(trimmed, key: key)))
        }
        return try CandidateDraftReader.draft(name: name, options: options, session: session)
    }

    /// The candidates to add to `state`, with handles for the rows without one (the slug of the
    /// name, unique among the store, the handles the file gives and those generated before);
    /// throws listing every bad row if there is one.
    func drafts(in state: State) throws(ShellError) -> [CandidateDraft] {
        var bad = self.bad
        var handles: [String: Int] = [:]
        var emails: [String: Int] = [:]
        var good: [CandidateDraft] = []
        for row in rows {
            let d = row.draft
            var problem: String?
            if !d.handle.isEmpty {
                if state.candidateIndex(handle: d.handle) != nil {
                    problem = "the handle \(d.handle) is taken"
                } else if let first = handles[d.handle] {
                    problem = "the handle \(d.handle) is also on line \(first)"
                } else {
                    handles[d.handle] = row.line
                }
            }
            if let email = d.email {
                let key = State.emailKey(email)
                if let k = state.candidateIndex(email: email) {
                    problem =
                        problem ?? "\(SafeText.line(email)) is already the email of \(state.candidates[Int(k)].handle)"
                } else if let first = emails[key] {
                    problem = problem ?? "the email \(SafeText.line(email)) is also on line \(first)"
                } else {
                    emails[key] = row.line
                }
            }
            if let problem {
                bad.append(BadRow(line: row.line, problem: problem))
            } else {
                good.append(d)
            }
        }
        guard bad.isEmpty else { throw .importRejected(path: file.display, rows: bad.sorted { $0.line < $1.line }) }
        var generated = Set<String>()
        for i in good.indices where good[i].handle.isEmpty {
            let handle = Handle.unique(for: good[i].name) {
                state.candidateIndex(handle: $0) != nil || handles[$0] != nil || generated.contains($0)
            }
            generated.insert(handle)
            good[i].handle = handle
        }
        return good
    }
}
