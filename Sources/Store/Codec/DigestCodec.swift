import Conversation

/// The snapshot's digest line (README "Store layout"), the `DigestColumns` of its candidates in
/// their order: `"digest":{"n":N,"handle":[…],"email":[…],"name":[…],"role":[…],"owner":[…],
/// "stage":"aab…","status":"ahrw…","asked":"01…","created":[…],…}` — one letter per candidate for
/// the stage (a: applied … k: onboarding) and the status (active, hired, rejected, withdrawn),
/// one digit for asked, times as seconds since 1970, null for none.
enum DigestCodec {
    static let statusLetters: [Status: UInt8] = [.active: 0x61, .hired: 0x68, .rejected: 0x72, .withdrawn: 0x77]
    /// One letter per stage, in their order: `a` applied … `k` onboarding.
    static let stageLetters: [UInt8] = Stage.allCases.indices.map { UInt8(0x61 + $0) }

    /// The keys of the time and number columns, in the order they are written.
    private static let numberKeys: [StaticString] = [
        "created", "updated", "waiting", "openAsk", "last", "lastInAt", "lastOutAt", "lastIn", "lastInLine",
        "statusSince", "onboarded",
    ]

    private static func numbers(_ d: DigestColumns) -> [[Int64?]] {
        [
            d.created.map { $0 }, d.updated.map { $0 }, d.waitingSince, d.openAskSince, d.lastContact,
            d.lastInboundAt, d.lastOutboundAt, d.lastInbound, d.lastInboundLine, d.statusSince, d.onboarded,
        ]
    }

    /// `lineStarts`: where each candidate's line starts in the snapshot's candidates section
    /// (from the section's first byte), so that one candidate is read without the others.
    static func write(_ d: DigestColumns, lineStarts: [Int] = [], into w: inout JSONWriter) {
        w.key("n")
        w.int(d.count)
        func strings(_ key: StaticString, _ values: [String?]) {
            w.key(key)
            w.beginArray()
            for value in values {
                if let value { w.string(value) } else { w.null() }
            }
            w.endArray()
        }
        strings("handle", d.handle)
        strings("email", d.email)
        // What opening reads stops here (`readFront`); the rest is read when a view needs it.
        if !lineStarts.isEmpty {
            w.key("lines")
            w.beginArray()
            for start in lineStarts { w.int(start) }
            w.endArray()
        }
        strings("name", d.name)
        // `role` and `owner` are free text: `forget` redacts them here as in the candidate lines.
        strings("role", d.role)
        strings("owner", d.owner)
        w.key("stage")
        w.string(String(decoding: d.stage.map { stageLetters[Int($0.rawValue)] }, as: UTF8.self))
        w.key("status")
        w.string(String(decoding: d.status.map { statusLetters[$0]! }, as: UTF8.self))
        w.key("asked")
        w.string(String(decoding: d.asked.map { $0 ? 0x31 : 0x30 }, as: UTF8.self))
        for (key, values) in zip(numberKeys, numbers(d)) {
            w.key(key)
            w.beginArray()
            for value in values {
                if let value { w.int(value) } else { w.null() }
            }
            w.endArray()
        }
    }

    private static let keys = KeyTable(
        ["n", "name", "role", "owner", "stage", "status", "asked", "sum"] + numberKeys.map { "\($0)" }
            + ["handle", "email", "lines"])

    /// What opening a store needs of the digest line, which cande writes first: how many
    /// candidates, their handles and emails, and where each one's line starts. The rest is read
    /// by `read` when a view needs it.
    static func readFront(
        _ r: inout JSONReader
    ) throws(JSONSyntaxError) -> (handles: [String], emails: [String?], lineStarts: [Int]?) {
        try r.beginObject()
        var first = true
        var n = -1
        var handles: [String]?
        var emails: [String?]?
        var lineStarts: [Int]?
        func strings() throws(JSONSyntaxError) -> [String?] { try Self.strings(&r, reserving: n) }
        // The order cande writes; a digest line written otherwise is read by `read` instead.
        guard let key = try r.nextKey(&first), key.elementsEqual("n".utf8) else { throw r.error("expected n first") }
        n = Int(try r.int(in: StoreLimits.count, "n"))
        while let key = try r.nextKey(&first) {
            if key.elementsEqual("handle".utf8), handles == nil {
                let values = try strings()
                guard !values.contains(nil) else { throw r.error("a candidate without a handle in the digest") }
                handles = values.map { $0! }
            } else if key.elementsEqual("email".utf8), emails == nil {
                emails = try strings()
            } else if key.elementsEqual("lines".utf8), lineStarts == nil {
                lineStarts = try Self.lineStarts(&r, n)
                break
            } else {
                break
            }
        }
        guard let handles, let emails, handles.count == n, emails.count == n, lineStarts.map({ $0.count == n }) ?? true
        else { throw r.error("the digest line does not start with every candidate's handle and email") }
        return (handles, emails, lineStarts)
    }

    /// An array of strings and nulls.
    private static func strings(_ r: inout JSONReader, reserving n: Int) throws(JSONSyntaxError) -> [String?] {
        var values: [String?] = []
        values.reserveCapacity(max(n, 0))
        try r.beginArray()
        var first = true
        while try r.nextElement(&first) { values.append(r.null() ? nil : try r.string()) }
        return values
    }

    private static func lineStarts(_ r: inout JSONReader, _ n: Int) throws(JSONSyntaxError) -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(max(n, 0))
        for value in try r.optionalInts(reserving: max(n, 0)) {
            guard let value, value >= 0, value <= Int64(Int32.max) * 1024, starts.last.map({ $0 < Int(value) }) ?? true
            else { throw r.error("the candidates' line starts are not in order") }
            starts.append(Int(value))
        }
        return starts
    }

    /// The columns, and where each candidate's line starts in the candidates section (if the
    /// line says).
    /// `front`: the handles and emails `readFront` read already (not decoded again).
    /// `names: false`: names, roles and owners are stepped over.
    static func read(
        _ r: inout JSONReader, front: (handles: [String], emails: [String?])? = nil, names: Bool = true
    ) throws(JSONSyntaxError) -> (DigestColumns, [Int]?) {
        var d = DigestColumns()
        if let front {
            d.handle = front.handles
            d.email = front.emails
        }
        var lineStarts: [Int]?
        var n = -1
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var hint = 0
        func numbers() throws(JSONSyntaxError) -> [Int64?] { try r.optionalInts(reserving: max(n, 0)) }
        func strings() throws(JSONSyntaxError) -> [String?] { try Self.strings(&r, reserving: n) }
        func required<T>(_ values: [T?], _ what: String) throws(JSONSyntaxError) -> [T] {
            var result: [T] = []
            result.reserveCapacity(values.count)
            for value in values {
                guard let value else { throw r.error("a candidate without \(what) in the digest") }
                result.append(value)
            }
            return result
        }
        while let key = try r.nextKey(&first) {
            guard let k = keys.lookup(key, hint: &hint) else { throw r.error("unknown key in the digest") }
            try seen.insert(k, r, name: keys.names[k])
            switch k {
            case 0: n = Int(try r.int(in: StoreLimits.count, "n"))
            // (A `where` binds to the last pattern of a case only: one each.)
            case 1 where !names, 2 where !names, 3 where !names: try r.skipStringArray()
            case 1: d.name = try required(try strings(), "a name")
            case 2: d.role = try strings()
            case 3: d.owner = try strings()
            case 4:
                var stages: [Stage] = []
                let all = Stage.allCases.map { $0 }
                for letter in try r.string().utf8 {
                    guard letter >= 0x61, Int(letter - 0x61) < all.count else {
                        throw r.error("unknown stage letter in the digest")
                    }
                    stages.append(all[Int(letter - 0x61)])
                }
                d.stage = stages
            case 5:
                var status: [Status] = []
                for letter in Array(try r.string().utf8) {
                    guard let s = statusLetters.first(where: { $0.value == letter })?.key else {
                        throw r.error("unknown status letter in the digest")
                    }
                    status.append(s)
                }
                d.status = status
            case 6: d.asked = try r.string().utf8.map { $0 == 0x31 }
            case 7: _ = try r.stringSpan()
            case 8: d.created = try required(try numbers(), "created")
            case 9: d.updated = try required(try numbers(), "updated")
            case 10: d.waitingSince = try numbers()
            case 11: d.openAskSince = try numbers()
            case 12: d.lastContact = try numbers()
            case 13: d.lastInboundAt = try numbers()
            case 14: d.lastOutboundAt = try numbers()
            case 15:
                d.lastInbound = try numbers()
                guard d.lastInbound.allSatisfy({ ($0 ?? 0) >= 0 && ($0 ?? 0) <= Int64(Int32.max) }) else {
                    throw r.error("an entry id out of range in the digest")
                }
            case 16: d.lastInboundLine = try numbers()
            case 17: d.statusSince = try numbers()
            case 18: d.onboarded = try numbers()
            case 19 where front != nil, 20 where front != nil: try r.skipStringArray()
            case 19: d.handle = try required(try strings(), "a handle")
            case 20: d.email = try strings()
            case 21: lineStarts = try Self.lineStarts(&r, n)
            default: try r.skipValue()
            }
        }
        guard d.isConsistent, d.count == n, lineStarts.map({ $0.count == n }) ?? true else {
            throw r.error("the digest's columns do not have one value each")
        }
        return (d, lineStarts)
    }
}
