import Conversation
import Foundation
import Store
import TestSupport
import Testing

/// Random stores in which the forgotten candidate's name, email, phone and handle also occur
/// inside other handles, words, user names, numbers and timestamps, in other cases and normal
/// forms. After `forget`: every other candidate's handles, times, ids, authors and entry counts
/// are exactly as before, the store opens and verifies, and a case-insensitive search of every
/// file — Foundation's, independent of cande's own folding — finds none of the secrets as a word.
@Suite("Erasure, as a property")
struct ErasurePropertyTests {
    static let cases = 120

    typealias Seeded = SeededGenerator

    struct Person {
        var handle: String
        var name: String
        var email: String
        var phone: String
    }

    static let firsts = ["Zoë", "Ann", "Love", "Mark", "Jürgen", "Chloé", "Ines", "Ada", "Sam"]
    static let lasts = ["Müller", "Lee", "Stone", "Strauß", "Ng", "Dubois", "García", "Lovelace"]

    /// The forgotten candidate and the spellings of their data a text may use.
    static func spellings(of p: Person, _ rng: inout Seeded) -> [String] {
        let nfd = String(
            p.name.unicodeScalars.flatMap { scalar -> [Unicode.Scalar] in
                switch scalar {
                case "ë": return ["e", "\u{0308}"]
                case "ü": return ["u", "\u{0308}"]
                case "é": return ["e", "\u{0301}"]
                case "í": return ["i", "\u{0301}"]
                default: return [scalar]
                }
            }.map(Character.init))
        let digits = p.phone.filter(\.isNumber)
        let regrouped = String(digits.prefix(3)) + "-" + String(digits.dropFirst(3))
        return [
            p.name, p.name.uppercased(), p.name.lowercased(), nfd, p.name.replacingOccurrences(of: " ", with: "\n"),
            p.handle, p.handle.uppercased(), p.email, p.email.uppercased(), p.phone, regrouped, digits,
        ]
    }

    /// Words that contain a secret without being it.
    static func lookalikes(of p: Person) -> [String] {
        let first = p.name.split(separator: " ").first.map(String.init) ?? p.name
        return [
            "Re\(p.name.lowercased().replacingOccurrences(of: " ", with: ""))able", p.handle + "-2",
            "x" + p.handle, "old." + p.email, p.email + ".uk", first + "son", String(p.phone.filter(\.isNumber)) + "9",
        ]
    }

    @Test("forget keeps everyone else byte-for-byte and leaves no secret as a word in any file")
    func property() throws {
        var checkedFiles = 0
        var redactedTexts = 0
        for seed in 0..<UInt64(Self.cases) {
            var rng = Seeded(state: seed &* 7919 &+ 17)
            let (checked, redacted) = try runCase(seed: seed, &rng)
            checkedFiles += checked
            redactedTexts += redacted
        }
        print(
            "erasure-property: \(Self.cases) random stores, \(checkedFiles) files searched, \(redactedTexts) texts redacted, 0 secrets left"
        )
        #expect(redactedTexts > Self.cases)
    }

    private func runCase(seed: UInt64, _ rng: inout Seeded) throws -> (files: Int, redacted: Int) {
        let dir = TemporaryDirectory("cande-erasure")
        let store = try FileStore(path: dir.path)
        var clock = Instant(seconds: 1_764_579_600 + Int64(rng.next() % 10_000))
        let first = Self.firsts.randomElement(using: &rng)!
        let last = Self.lasts.randomElement(using: &rng)!
        let name = "\(first) \(last)"
        let phoneDigits = String((0..<(6 + Int(rng.next() % 5))).map { _ in Character(String(rng.next() % 10)) })
        let forgotten = Person(
            handle: Handle.slug(name), name: name,
            email: Handle.slug(first) + "." + Handle.slug(last).replacingOccurrences(of: "-", with: "")
                + "@example.org",
            phone: "+" + phoneDigits.prefix(2) + " " + phoneDigits.dropFirst(2))
        let spellings = Self.spellings(of: forgotten, &rng)
        let lookalikes = Self.lookalikes(of: forgotten)
        // Users whose names contain the secrets; other candidates whose handles and emails do.
        let users = ["rita", forgotten.handle + "-hr", "x" + Handle.slug(first), "sam"]
        var others: [Person] = []
        for k in 0..<(2 + Int(rng.next() % 3)) {
            // Same first letters, another person: "Zoë Müllerson".
            let otherName = k == 0 ? name + "son" : "\(Self.firsts.randomElement(using: &rng)!) Other\(k)"
            others.append(
                Person(
                    handle: k == 0 ? forgotten.handle + "-2" : Handle.slug(otherName) + "-\(seed)", name: otherName,
                    email: "old.\(k).\(forgotten.email)", phone: phoneDigits + "\(k)"))
        }
        func commit(_ user: String, _ build: (State) throws -> Change) throws {
            clock = clock.adding(seconds: 60 + Int64(rng.next() % 600))
            _ = try store.commit(by: user, at: clock, build)
        }
        func text() -> String {
            var words = ["Talked", "about", lookalikes.randomElement(using: &rng)!, "and"]
            if rng.next() % 3 != 0 { words.append(spellings.randomElement(using: &rng)!) }
            words.append(contentsOf: ["at", clock.iso8601, lookalikes.randomElement(using: &rng)!])
            if rng.next() % 2 == 0 { words.append(spellings.randomElement(using: &rng)! + "'s") }
            return words.joined(separator: rng.next() % 5 == 0 ? "  " : " ")
        }
        let all = [forgotten] + others
        try commit("rita") { _ in
            .add(
                all.map {
                    CandidateDraft(
                        handle: $0.handle, name: $0.name, email: $0.email, phone: $0.phone, role: "Engineer",
                        owner: "rita")
                })
        }
        for step in 0..<40 {
            let who = all.randomElement(using: &rng)!.handle
            let user = users.randomElement(using: &rng)!
            switch rng.next() % 9 {
            case 0, 1:
                let t = text()
                try commit(user) {
                    .entry(EntryDraft(handle: who, id: $0.nextID, at: clock, kind: .note, text: .string(t)))
                }
            case 2:
                let t = text()
                try commit(user) {
                    .entry(
                        EntryDraft(
                            handle: who, id: $0.nextID, at: clock, kind: .message,
                            direction: rng.next() % 2 == 0 ? .inbound : .outbound, channel: .email, text: .string(t)))
                }
            case 3:
                let role = text()
                let tags = "\(spellings.randomElement(using: &rng)!.filter { $0 != "\n" && $0 != "," }),senior"
                try commit(user) {
                    .edit(
                        handle: who, id: $0.nextID,
                        fields: [
                            FieldChange(field: .role, value: role), FieldChange(field: .tags, value: tags),
                            FieldChange(field: .owner, value: spellings[0]),
                        ], summary: .string("role: \(role)"))
                }
            case 4:
                let with = spellings.randomElement(using: &rng)!.replacingOccurrences(of: "\n", with: " ")
                let place = text()
                let start = clock.adding(seconds: 86_400 * Int64(1 + step))
                try commit(user) {
                    .schedule(
                        MeetingDraft(
                            id: $0.nextID, handle: who, kind: .talk, with: with, role: .peer, start: start, minutes: 30,
                            place: place))
                }
            case 5:
                let open = store.state.meetings.filter { $0.status == .scheduled }.map(\.id)
                guard let id = open.randomElement(using: &rng) else { continue }
                let t = text()
                if rng.next() % 2 == 0 {
                    try commit(user) { _ in .done(meeting: id, mood: .good, outcome: t) }
                } else {
                    try commit(user) { _ in .cancel(meeting: id, reason: t) }
                }
            case 6:
                let t = text()
                try commit(user) {
                    .status(
                        handle: who, id: $0.nextID,
                        status: $0.candidate(handle: who)!.status == .active ? .rejected : .active,
                        reason: .string(t))
                }
            case 7:
                // Undo the user's latest change now and then, when it can be.
                if let item = store.state.latestUndoable(by: user), item.op != "add" {
                    _ = try? store.commit(by: user, at: clock) { _ in .undo(target: item.seq) }
                }
            default:
                if rng.next() % 2 == 0 { try store.compact() }
            }
        }
        // A torn write about the forgotten candidate at the end.
        let journal = dir.file(journalName(dir.path))
        let tail = #"{"seq":999,"op":"note","c":""# + forgotten.handle + #"","text":"torn "# + forgotten.name
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: journal))
        handle.seekToEndOfFile()
        handle.write(Data(tail.utf8))
        try handle.close()

        let before = try Self.fingerprint(FileStore(path: dir.path), except: forgotten.handle)
        let beforeTexts = try Self.texts(FileStore(path: dir.path), except: forgotten.handle)
        try FileStore(path: dir.path).forget(handle: forgotten.handle)

        let after = try FileStore(path: dir.path)
        #expect(after.readOnlyReason == nil, "seed \(seed)")
        #expect(after.state.candidate(handle: forgotten.handle) == nil, "seed \(seed)")
        let afterFingerprint = try Self.fingerprint(after, except: forgotten.handle)
        #expect(afterFingerprint == before, "seed \(seed): other candidates' structure changed")
        let afterTexts = try Self.texts(after, except: forgotten.handle)
        var redacted = 0
        for (key, old) in beforeTexts {
            let new = afterTexts[key]
            if Self.holdsSecret(old, forgotten) {
                redacted += 1
                #expect(new != old && new?.contains("[forgotten]") == true, "seed \(seed): \(key) not redacted")
            } else {
                #expect(new == old, "seed \(seed): \(key) changed: \(old.debugDescription) → \(new.debugDescription)")
            }
        }
        var s = after
        _ = try s.commit(by: "rita", at: clock.adding(seconds: 60)) {
            .entry(EntryDraft(handle: others[0].handle, id: $0.nextID, at: clock, kind: .note, text: .string("after")))
        }
        s = try FileStore(path: dir.path)
        #expect(s.readOnlyReason == nil)

        var files = 0
        for (file, data) in StoreFiles.all(dir.path) {
            files += 1
            // Escapes undone, so that a name written `Zo\u00eb` or across `\n` would be seen.
            let text = String(decoding: JSONEscaping.unescape(data), as: UTF8.self)
            #expect(!Self.holdsSecret(text, forgotten), "seed \(seed): \(file) still holds a secret")
        }
        return (files, redacted)
    }

    /// What must not change for anyone else: handles, times, ids, authors, kinds, counts.
    static func fingerprint(_ store: FileStore, except handle: String) throws -> [String] {
        try store.loadTimeline()
        let state = store.state
        var lines: [String] = []
        for k in state.liveCandidates {
            let c = state.candidates[Int(k)]
            guard c.handle != handle else { continue }
            lines.append("\(c.handle) \(c.created) \(c.updated) \(c.stages) \(c.status) \(c.touches) \(c.email ?? "")")
            for p in state.entryPositions(of: k) {
                let e = state.entries[Int(p)]
                lines.append(
                    "  #\(e.id) \(e.at) \(state.user(e.by)) \(e.kind) \(String(describing: e.direction)) \(String(describing: e.status)) \(e.extra)"
                )
            }
        }
        for m in state.meetings where state.candidates[Int(m.candidate)].handle != handle {
            lines.append(
                "meeting #\(m.id) \(state.candidates[Int(m.candidate)].handle) \(m.start) \(m.minutes) \(m.status) \(m.by) \(m.scheduled)"
            )
        }
        lines.append("seq \(state.lastSeq) next \(state.nextID)")
        return lines
    }

    /// Every free text of everyone else, by where it is.
    static func texts(_ store: FileStore, except handle: String) throws -> [String: String] {
        try store.loadTimeline()
        let state = store.state
        var texts: [String: String] = [:]
        for k in state.liveCandidates where state.candidates[Int(k)].handle != handle {
            let c = state.candidates[Int(k)]
            texts["\(c.handle) role"] = c.role ?? ""
            texts["\(c.handle) owner"] = c.owner ?? ""
            texts["\(c.handle) tags"] = c.tags.joined(separator: ",")
            for p in state.entryPositions(of: k) {
                let e = state.entries[Int(p)]
                texts["#\(e.id)"] = state.text(e.text, from: store.texts)
            }
        }
        for m in state.meetings where state.candidates[Int(m.candidate)].handle != handle {
            texts["meeting #\(m.id)"] = [m.with, m.place, m.outcome, m.reason].map { $0 ?? "" }.joined(separator: "|")
        }
        return texts
    }

    /// Foundation's case-insensitive search (canonical equivalence included), then a whole-word
    /// check: not next to a letter, digit or `_`, nor to a `-`, `.` or `@` joined to one.
    static func holdsSecret(_ text: String, _ p: Person) -> Bool {
        let words = [p.name, p.handle, p.email]
        let nsText = text as NSString
        for word in words {
            var range = NSRange(location: 0, length: nsText.length)
            while true {
                let found = nsText.range(of: word, options: [.caseInsensitive], range: range)
                if found.location == NSNotFound { break }
                if isBoundary(nsText, before: found.location)
                    && isBoundary(nsText, after: found.location + found.length)
                {
                    return true
                }
                range = NSRange(location: found.location + 1, length: nsText.length - found.location - 1)
            }
            // Names across a line break.
            if word.contains(" "), holdsSecret(text.replacingOccurrences(of: "\n", with: " "), word) { return true }
        }
        // The phone's digits as consecutive digit groups of a run of digits and separators.
        let digits = p.phone.filter(\.isNumber)
        for run in text.split(whereSeparator: { !$0.isNumber && !" .-/()".contains($0) }) {
            let groups = run.split(whereSeparator: { !$0.isNumber }).map(String.init)
            for i in groups.indices {
                var joined = ""
                for group in groups[i...] {
                    joined += group
                    if joined == digits { return true }
                    if joined.count >= digits.count { break }
                }
            }
        }
        return false
    }

    private static func holdsSecret(_ text: String, _ word: String) -> Bool {
        let nsText = text as NSString
        let found = nsText.range(of: word, options: [.caseInsensitive])
        return found.location != NSNotFound && isBoundary(nsText, before: found.location)
            && isBoundary(nsText, after: found.location + found.length)
    }

    private static func isWord(_ c: unichar) -> Bool {
        guard let scalar = Unicode.Scalar(c) else { return true }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil || c == 95
            || scalar.properties.generalCategory == .nonspacingMark
    }

    private static func isJoiner(_ c: unichar) -> Bool { c == 45 || c == 46 || c == 64 }

    private static func isBoundary(_ text: NSString, before i: Int) -> Bool {
        guard i > 0 else { return true }
        let c = text.character(at: i - 1)
        if isWord(c) { return false }
        return !(isJoiner(c) && i >= 2 && isWord(text.character(at: i - 2)))
    }

    private static func isBoundary(_ text: NSString, after i: Int) -> Bool {
        guard i < text.length else { return true }
        let c = text.character(at: i)
        if isWord(c) { return false }
        return !(isJoiner(c) && i + 1 < text.length && isWord(text.character(at: i + 1)))
    }
}
