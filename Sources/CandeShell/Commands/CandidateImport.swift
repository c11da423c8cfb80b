import Conversation

/// `import csv`: the rows of a CSV file as candidates to add, all or nothing. The header is read
/// by `ImportHeader` (cande's columns, other systems' spellings, a `map:` file), each row by
/// `ImportRow` (every bad cell listed); duplicate handles and emails, within the file or with
/// the store, are bad cells too. Rows are known by the line they start on.
struct CandidateImport {
    /// cande's own columns (`export csv` writes them; any order; a name is required).
    static let columns = [
        "handle", "name", "email", "phone", "role", "source", "owner", "stage", "status", "tags", "tz", "created",
        "updated",
    ]

    let file: UserFile
    let header: ImportHeader
    private var rows: [ImportRow] = []
    private var bad: [BadCell] = []
    /// Rows whose email or phone cell held several (the first was kept).
    private(set) var severalKept = 0

    var rowCount: Int { rows.count }
    var ignored: [String] { header.ignored }

    init(_ csv: [CSVReader.Row], file: UserFile, map: ImportMap, mapFile: UserFile?, session: Session)
        throws(ShellError)
    {
        self.file = file
        guard let first = csv.first else {
            throw .badFile(
                path: file.display, reason: "the file is empty; its first line must name the columns (name, email, …)")
        }
        header = try ImportHeader(first, map: map, file: file, mapFile: mapFile)
        let context = ImportRow.Context(header: header, map: map, session: session, now: session.now())
        let progress = ProgressLine("importing", total: csv.count - 1, session: session)
        defer { progress.clear() }
        for (i, row) in csv.dropFirst().enumerated() {
            progress.update(i + 1)
            // A spreadsheet's rows of empty cells (`;;;;`) are no candidates.
            if row.cells.allSatisfy({ $0.trimmingBlanks().isEmpty }) { continue }
            let read = ImportRow(row, context)
            if read.keptFirstOfSeveral { severalKept += 1 }
            bad += read.problems
            rows.append(read)
        }
    }

    /// The candidates to add to `state`, with handles for the rows without one (the slug of the
    /// name, unique among the store, the handles the file gives and those generated before);
    /// throws listing every bad cell if there is one.
    func drafts(in state: State) throws(ShellError) -> [CandidateDraft] {
        var bad = self.bad
        var handles: [String: Int] = [:]
        var emails: [String: Int] = [:]
        let handleColumn = header.header(of: .handle)
        let emailColumn = header.header(of: .email)
        for row in rows {
            let d = row.draft
            func problem(_ column: String?, _ value: String, _ problem: ImportProblem) {
                bad.append(BadCell(line: row.line, column: column, value: value, problem: problem))
            }
            if !d.handle.isEmpty {
                if state.candidateIndex(handle: d.handle) != nil {
                    problem(handleColumn, d.handle, .handleTaken)
                } else if let first = handles[d.handle] {
                    problem(handleColumn, d.handle, .handleRepeated(line: first))
                } else {
                    handles[d.handle] = row.line
                }
            }
            if let email = d.email {
                let key = State.emailKey(email)
                if let k = state.candidateIndex(email: email) {
                    problem(emailColumn, email, .emailTaken(handle: state.candidates[Int(k)].handle))
                } else if let first = emails[key] {
                    problem(emailColumn, email, .emailRepeated(line: first))
                } else {
                    emails[key] = row.line
                }
            }
        }
        guard bad.isEmpty else {
            // In line order; a row's own problems in column order, the store's after them.
            let ordered = bad.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            throw .importRejected(path: file.display, cells: ordered.map(\.element))
        }
        var good = rows.map(\.draft)
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
