import Conversation
import Store

/// A candidate of `export json` (`JSONShapes.candidateFields` and `stages`) read back.
enum CandidateShape {
    private static let keys = KeyTable([
        "handle", "name", "email", "phone", "role", "source", "owner", "stage", "status", "tags", "tz", "created",
        "updated", "stages",
    ])

    static func read(_ r: inout JSONReader) throws(JSONSyntaxError) -> Candidate {
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var hint = 0
        var handle: String?
        var name: String?
        var email: String?
        var phone: String?
        var role: String?
        var source: Source?
        var owner: String?
        var stage: Stage?
        var status: Status?
        var tags: [String]?
        var tz: String?
        var created: Instant?
        var updated: Instant?
        var stages: [StageVisit]?
        while let key = try r.nextKey(&first) {
            guard let k = keys.lookup(key, hint: &hint) else {
                throw r.error("unknown key \"\(String(decoding: key, as: UTF8.self))\" in a candidate")
            }
            try seen.insert(k, r, name: keys.names[k])
            switch k {
            case 0:
                let at = r.position
                let value = try r.string()
                guard Handle.isValid(value) else { throw r.error("\"\(value)\" cannot be a handle", at: at) }
                handle = value
            case 1: name = try r.string()
            case 2: email = try r.optionalString()
            case 3: phone = try r.optionalString()
            case 4: role = try r.optionalString()
            case 5: source = r.null() ? nil : try r.word(Source.self)
            case 6: owner = try r.optionalString()
            case 7: stage = try r.word(Stage.self)
            case 8: status = try r.word(Status.self)
            case 9: tags = try r.strings()
            case 10: tz = try r.optionalString()
            case 11: created = try r.instant()
            case 12: updated = try r.instant()
            default: stages = try visits(&r)
            }
        }
        guard let handle, let name, let stage, let status, let tags, let created, let updated, let stages else {
            let missing = zip(0..., keys.names).filter { ![2, 3, 4, 5, 6, 10].contains($0.0) && !seen.contains($0.0) }
            throw r.error("a candidate without \"\(missing.first?.1 ?? "handle")\"")
        }
        guard !stages.isEmpty else { throw r.error("candidate \(handle) has no stages") }
        return Candidate(
            handle: handle, name: name, email: email, phone: phone, role: role, source: source, owner: owner,
            stage: stage, status: status, tags: tags, tz: tz, created: created, updated: updated, stages: stages)
    }

    private static func visits(_ r: inout JSONReader) throws(JSONSyntaxError) -> [StageVisit] {
        var visits: [StageVisit] = []
        try r.beginArray()
        var first = true
        while try r.nextElement(&first) {
            try r.beginObject()
            var firstKey = true
            var stage: Stage?
            var at: Instant?
            while let key = try r.nextKey(&firstKey) {
                switch String(decoding: key, as: UTF8.self) {
                case "stage" where stage == nil: stage = try r.word(Stage.self)
                case "at" where at == nil: at = try r.instant()
                case let other: throw r.error("unexpected key \"\(other)\" in a stage")
                }
            }
            guard let stage, let at else { throw r.error("a stage without \"stage\" or \"at\"") }
            visits.append(StageVisit(stage: stage, at: at, seq: 0))
        }
        return visits
    }
}
