import Conversation

/// One row of an imported CSV file as a candidate to add, with every bad cell of it (not only
/// the first). Cells are checked as `add` checks its options; names of stages, statuses and
/// sources go through `ImportNames`; an unknown source is `other` with a `from-…` tag.
struct ImportRow {
    let line: Int
    private(set) var draft = CandidateDraft(handle: "", name: "")
    private(set) var problems: [BadCell] = []
    /// The email or phone cell held several; the first was kept.
    private(set) var keptFirstOfSeveral = false

    struct Context {
        let header: ImportHeader
        let map: ImportMap
        let session: Session
        let now: Instant
    }

    init(_ row: CSVReader.Row, _ context: Context) {
        line = row.line
        let header = context.header
        guard row.cells.count == header.fields.count else {
            problems.append(
                BadCell(
                    line: line, column: nil, value: nil,
                    problem: .cellCount(row.cells.count, header: header.fields.count)))
            return
        }
        var name: String?
        var first = "", last = ""
        var tags: [String] = []
        var stageStatus: Status?
        var status: Status?
        var columns: [ImportField: (header: String, value: String)] = [:]
        for (i, field) in header.fields.enumerated() {
            guard let field else { continue }
            let cell = FormulaGuard.restored(row.cells[i])
            let value = cell.trimmingBlanks()
            let column = header.headers[i]
            columns[field] = (column, cell)
            func bad(_ problem: ImportProblem) {
                problems.append(BadCell(line: line, column: column, value: cell, problem: problem))
            }
            func checked(_ rule: CandidateField, _ text: String) -> String? {
                if let problem = FieldRules.problem(rule, text) {
                    bad(.field(problem))
                    return nil
                }
                return text
            }
            if field == .name {
                name = cell
                continue
            }
            guard !value.isEmpty else { continue }
            switch field {
            case .name: break
            case .firstName: first = value
            case .lastName: last = value
            case .handle:
                if Handle.isValid(value) { draft.handle = value } else { bad(.badHandle) }
            case .email:
                let all = value.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " })
                if all.count > 1 { keptFirstOfSeveral = true }
                draft.email = checked(.email, String(all[0]))
            case .phone:
                let all = value.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "/" })
                if all.count > 1 { keptFirstOfSeveral = true }
                draft.phone = checked(.phone, all[0].trimmingBlanks())
            case .role: draft.role = checked(.role, value)
            case .owner: draft.owner = checked(.owner, value)
            case .source:
                if FieldRules.lineProblem(value) != nil {
                    _ = checked(.source, value)
                } else if let source = ImportNames.source(value, map: context.map) {
                    draft.source = source
                } else {
                    draft.source = .other
                    if let tag = ImportNames.tag(forSource: value) { tags.append(tag) }
                }
            case .stage:
                if let (stage, implied) = ImportNames.stage(value, map: context.map) {
                    draft.stage = stage
                    stageStatus = implied
                } else {
                    bad(.unknownStage)
                }
            case .status:
                if let s = ImportNames.status(value, map: context.map) { status = s } else { bad(.unknownStatus) }
            case .tags:
                // Other systems' tags may hold blanks (`Top Talent`): they become dashes.
                let words = value.split(separator: ",").map { part in
                    part.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: "-")
                }
                if let list = checked(.tags, words.joined(separator: ",")) {
                    tags = (FieldRules.tags(list) ?? []) + tags
                }
            case .tz:
                if context.session.zone(named: value) != nil { draft.tz = value } else { bad(.unknownZone) }
            case .created, .updated:
                do throws(ImportDate.Problem) {
                    let at = try ImportDate.read(value, zone: context.session.zone, now: context.now)
                    if at > context.now {
                        bad(.future)
                    } else if field == .created {
                        draft.created = at
                    } else {
                        draft.updated = at
                    }
                } catch {
                    bad(error == .ambiguous ? .ambiguousDate : .badDate)
                }
            }
        }
        draft.status = status ?? stageStatus ?? .active
        // Known since at most its last change.
        if draft.created == nil, let updated = draft.updated { draft.created = updated }
        var seen = Set<String>()
        draft.tags = tags.filter { seen.insert($0).inserted }
        if let created = draft.created, let updated = draft.updated, updated < created, let u = columns[.updated] {
            problems.append(BadCell(line: line, column: u.header, value: u.value, problem: .updatedBeforeCreated))
        }
        let full = name ?? [first, last].filter { !$0.isEmpty }.joined(separator: " ")
        draft.name = full.trimmingBlanks()
        if draft.name.isEmpty {
            problems.append(BadCell(line: line, column: nil, value: nil, problem: .noName))
        } else if let problem = FieldRules.problem(.name, draft.name) {
            let column = columns[.name] ?? columns[.firstName] ?? columns[.lastName]
            problems.append(BadCell(line: line, column: column?.header, value: full, problem: .field(problem)))
        }
    }
}
