import Conversation

/// A candidate's `CandidateFacts` in their snapshot line (README "Listening facts"):
/// `"facts":{"last":…,"waiting":…,"in":…,"out":…,"event":[AT,ID],"asks":[…],"feedback":[[AT,R,REC]…],
/// "openAsk":…,"replies":[SECONDS…],"lastIn":ID,"lastInLine":OFFSET,"statusSince":…}`, each key
/// only when it has a value. `lastInLine` is where the last inbound message's line is in the
/// entries file of the same generation.
enum FactsCodec {
    static func write(_ f: CandidateFacts, lastInboundLine: Int64?, into w: inout JSONWriter) {
        w.beginObject()
        func instant(_ key: StaticString, _ value: Instant?) {
            guard let value else { return }
            w.key(key)
            w.instant(value)
        }
        instant("last", f.contact.lastContact)
        instant("waiting", f.contact.waitingSince)
        instant("in", f.contact.lastInbound)
        instant("out", f.contact.lastOutbound)
        if let event = f.lastEvent {
            w.key("event")
            w.beginArray()
            w.int(event.at)
            w.int(event.id)
            w.endArray()
        }
        if !f.asks.isEmpty {
            w.key("asks")
            w.beginArray()
            for ask in f.asks { w.instant(ask) }
            w.endArray()
        }
        if !f.feedback.isEmpty {
            w.key("feedback")
            w.beginArray()
            for answer in f.feedback {
                w.beginArray()
                w.instant(answer.at)
                w.int(answer.rating)
                if let recommend = answer.recommend { w.bool(recommend) } else { w.null() }
                w.endArray()
            }
            w.endArray()
        }
        instant("openAsk", f.openAskSince)
        if !f.replySeconds.isEmpty {
            w.key("replies")
            w.beginArray()
            for seconds in f.replySeconds { w.int(seconds) }
            w.endArray()
        }
        if let id = f.lastInbound {
            w.key("lastIn")
            w.int(id)
        }
        if let offset = lastInboundLine {
            w.key("lastInLine")
            w.int(offset)
        }
        instant("statusSince", f.statusSince)
        w.endObject()
    }

    private static let keys = KeyTable([
        "last", "waiting", "in", "out", "event", "asks", "feedback", "openAsk", "replies", "lastIn", "lastInLine",
        "statusSince",
    ])

    static func read(_ r: inout JSONReader) throws(JSONSyntaxError) -> CandidateFacts {
        var f = CandidateFacts()
        try r.beginObject()
        var first = true
        var seen = SeenKeys()
        var hint = 0
        while let key = try r.nextKey(&first) {
            guard let k = keys.lookup(key, hint: &hint) else { throw r.error("unknown key in a candidate's facts") }
            try seen.insert(k, r, name: keys.names[k])
            switch k {
            case 0: f.contact.lastContact = try r.instant()
            case 1: f.contact.waitingSince = try r.instant()
            case 2: f.contact.lastInbound = try r.instant()
            case 3: f.contact.lastOutbound = try r.instant()
            case 4:
                try r.beginArray()
                var firstNumber = true
                guard try r.nextElement(&firstNumber) else { throw r.error("an event needs its time and id") }
                let at = try r.int()
                guard try r.nextElement(&firstNumber) else { throw r.error("an event needs its time and id") }
                let id = try r.id()
                guard try !r.nextElement(&firstNumber) else { throw r.error("an event is its time and id") }
                f.lastEvent = CandidateFacts.EventKey(at: at, id: id)
            case 5:
                try r.beginArray()
                var firstAsk = true
                while try r.nextElement(&firstAsk) { f.asks.append(try r.instant()) }
            case 6:
                try r.beginArray()
                var firstAnswer = true
                while try r.nextElement(&firstAnswer) {
                    try r.beginArray()
                    var firstField = true
                    guard try r.nextElement(&firstField) else { throw r.error("feedback needs its time") }
                    let at = try r.instant()
                    guard try r.nextElement(&firstField) else { throw r.error("feedback needs its rating") }
                    let rating = try r.int(in: 0...5, "rating")
                    guard try r.nextElement(&firstField) else { throw r.error("feedback needs its recommendation") }
                    let recommend: Bool? = r.null() ? nil : try r.bool()
                    guard try !r.nextElement(&firstField) else { throw r.error("feedback has three fields") }
                    f.feedback.append(.init(at: at, rating: UInt8(rating), recommend: recommend))
                }
            case 7: f.openAskSince = try r.instant()
            case 8:
                try r.beginArray()
                var firstReply = true
                while try r.nextElement(&firstReply) { f.replySeconds.append(try r.int(in: 0...Int64.max, "reply")) }
            case 9: f.lastInbound = try r.id()
            case 10: f.lastInboundLine = try r.int(in: 0...Int64.max, "line offset")
            default: f.statusSince = try r.instant()
            }
        }
        return f
    }
}
