import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import Store

/// `forget` erases one candidate and never damages anyone else (SPEC §8.8).
@Suite("forget: erasure without damage")
struct ErasureTests {
    /// A store built by the binary, so that the files are exactly what users get.
    final class Shop {
        let dir = TemporaryDirectory("cande-forget")
        var store: String { dir.path + "/store" }

        @discardableResult
        func run(_ commands: [String], user: String = "rita", sourceLocation: SourceLocation = #_sourceLocation)
            -> RunResult
        {
            let result = Cande.run(
                ["--yes"] + commands.flatMap { ["-c", $0] }, environment: Cande.environment(store: store, user: user))
            #expect(result.status == 0, "\(commands): \(result.stderr)", sourceLocation: sourceLocation)
            return result
        }

        var files: [String: Data] { StoreFiles.all(store) }

        /// Every JSON line of every file, parsed by Foundation.
        var objects: [[String: Any]] {
            var out: [[String: Any]] = []
            for (_, data) in files {
                for line in data.split(separator: 0x0A) {
                    var bytes = Data(line)
                    if bytes.last == 0x2C { bytes.removeLast() }
                    if let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] {
                        out.append(object)
                    }
                }
            }
            return out
        }
    }

    /// Every value of every object under `key`, at any depth.
    static func values(_ key: String, in objects: [[String: Any]]) -> [String] {
        var found: [String] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                for (k, v) in object {
                    if k == key, let s = v as? String { found.append(s) }
                    walk(v)
                }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        objects.forEach(walk)
        return found
    }

    @Test("a phone that is a year (2026) never touches a timestamp: every time survives and the store opens")
    func phoneLikeAYear() throws {
        let shop = Shop()
        shop.run([#"add "Ann Lee" phone:2026"#, #"add "Bob Stone""#, "note bob-stone Met in 2026, great fit"])
        let before = Self.values("ts", in: shop.objects) + Self.values("at", in: shop.objects)
        #expect(before.count >= 4)
        shop.run(["forget ann-lee"])
        let after = shop.objects
        let times = Self.values("ts", in: after) + Self.values("at", in: after)
        #expect(times.allSatisfy { $0.hasPrefix("2026-12-01T") }, "\(times)")
        #expect(Self.values("text", in: after).contains("Met in 2026, great fit"))
        let list = shop.run(["list --json"])
        #expect(list.stdout.contains("bob-stone"))
        #expect(!list.stdout.contains("ann-lee"))
    }

    @Test(
        "forget love leaves ada-lovelace's handle, lovely and beloved alone; forget mark spares Remarkable and the author mark"
    )
    func partsOfWords() throws {
        let shop = Shop()
        shop.run([
            #"add "Love" handle:love"#, #"add "Ada Lovelace""#,
            "note ada-lovelace A lovely, beloved candidate; Love said hi",
            #"add "Mark""#,
        ])
        shop.run(["note ada-lovelace Remarkable; mark my words, Mark knows"], user: "mark")
        shop.run(["forget love"])
        var objects = shop.objects
        #expect(Self.values("c", in: objects).allSatisfy { $0 == "ada-lovelace" || $0 == "mark" })
        #expect(Set(Self.values("handle", in: objects)) == ["ada-lovelace", "mark"])
        #expect(Self.values("text", in: objects).contains("A lovely, beloved candidate; [forgotten] said hi"))
        shop.run(["forget mark"])
        objects = shop.objects
        #expect(Self.values("by", in: objects).contains("mark"), "the author stays")
        #expect(Self.values("text", in: objects).contains("Remarkable; [forgotten] my words, [forgotten] knows"))
        #expect(shop.run(["history ada-lovelace --json"]).stdout.contains("Remarkable"))
    }

    @Test("the snapshot is redacted too: role, owner, tags, a meeting's with/where/reason, undo values")
    func snapshotRedacted() throws {
        let shop = Shop()
        shop.run([
            #"add "Zoë Müller" email:zoe@example.org phone:"+49 170 1234567""#,
            #"add "Grace Hopper" role:"Backfill for Zoë Müller" owner:"ZOË MÜLLER" tags:zoe-muller,senior"#,
            #"talk grace with:"Zoe\#u{0308} Mu\#u{0308}ller" as:peer at:"tomorrow 10:00" where:"zoe@example.org's office""#,
            #"talk grace with:Sam as:peer at:"tomorrow 12:00" force:yes"#,
        ])
        shop.run([#"cancel 1 reason:"Zoë Müller is away""#, "compact"])
        // An undo item of another user holds old and new values naming her.
        shop.run([#"edit grace role:"Took over from zoe-muller, call +49 170 1234567""#], user: "sam")
        let secrets = [
            "Zoë Müller", "ZOË MÜLLER", "Zoe\u{0308} Mu\u{0308}ller", "zoe-muller", "zoe@example.org", "1234567",
        ]
        let before = shop.files.values.reduce(Data(), +)
        #expect(secrets.filter { before.range(of: Data($0.utf8)) != nil }.count == secrets.count)
        shop.run(["forget zoe-muller"])
        for (name, data) in shop.files {
            for secret in secrets {
                #expect(data.range(of: Data(secret.utf8)) == nil, "\(name) still holds \(secret)")
            }
        }
        let show = try #require(parseJSON(shop.run(["show grace --json"]).stdout) as? [String: Any])
        #expect(show["role"] as? String == "Took over from [forgotten], call [forgotten]")
        #expect(show["owner"] as? String == "[forgotten]")
        #expect(show["tags"] as? [String] == ["[forgotten]", "senior"])
        let agenda = shop.run(["agenda --json"]).stdout
        #expect(agenda.contains(#""with":"[forgotten]""#) && agenda.contains(#""with":"Sam""#), "\(agenda)")
        // The undo history still works and restores the redacted old value.
        shop.run(["undo"], user: "sam")
        let role = try #require(parseJSON(shop.run(["show grace --json"]).stdout) as? [String: Any])
        #expect(role["role"] as? String == "Backfill for [forgotten]")
    }

    @Test("records about the candidate are dropped from quarantine files whole; other torn bytes stay")
    func quarantineScrubbed() throws {
        let dir = TemporaryDirectory()
        var s = Script(try FileStore(path: dir.path))
        try s.add("ann-lee", name: "Ann Lee", email: "ann@example.org")
        try s.add("bob", name: "Bob")
        try s.note("bob", "fine")
        let journal = dir.file(journalName(dir.path))
        func tear(_ text: String) throws {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: journal))
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try handle.close()
            _ = try FileStore(path: dir.path)  // opening sets the torn write aside
        }
        try tear(
            #"{"seq":9,"ts":"2026-12-01T09:00:00Z","by":"rita","op":"note","id":9,"c":"ann-lee","text":"unfinished"#)
        try tear(
            #"{"seq":4,"op":"note","c":"bob","text":"about bob"}"# + "\n"
                + #"{"seq":5,"op":"note","c":"bob","text":"Bob met ANN LEE"#)
        let quarantined = { StoreFiles.all(dir.path).filter { $0.key.hasPrefix("quarantine-") } }
        #expect(quarantined().count == 2)
        try FileStore(path: dir.path).forget(handle: "ann-lee")
        let left = quarantined()
        #expect(left.count == 1, "the file holding only Ann's record is gone")
        let text = String(decoding: left.values.first ?? Data(), as: UTF8.self)
        #expect(text == #"{"seq":4,"op":"note","c":"bob","text":"about bob"}"# + "\n")
    }

    @Test("a new generation that does not verify is removed and the old one stays live, untouched")
    func verificationFailureKeepsOld() throws {
        let dir = TemporaryDirectory()
        var s = Script(try FileStore(path: dir.path))
        try s.add("ann", name: "Ann Lee")
        try s.add("bob", name: "Bob")
        try s.note("bob", "Ann Lee recommended Bob")
        let before = StoreFiles.all(dir.path)
        let store = try FileStore(path: dir.path)
        store.newGenerationWritten = { pointer in
            // Damage the new entries file after it was written, before it is verified.
            let path = dir.file(pointer.entriesName)
            var data = FileManager.default.contents(atPath: path)!
            data[10] ^= 0x01
            _ = FileManager.default.createFile(atPath: path, contents: data)
        }
        #expect(throws: StoreError.self) { try store.forget(handle: "ann") }
        #expect(StoreFiles.all(dir.path) == before, "the old generation is live and nothing new is left")
        let reopened = try FileStore(path: dir.path)
        #expect(reopened.state.candidate(handle: "ann")?.name == "Ann Lee")
        #expect(try StoreFiles.notes(reopened) == ["Ann Lee recommended Bob"])
    }
}
