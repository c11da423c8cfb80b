import Foundation
import TestSupport
import Testing

/// The tour `JSONSchemaTests` validates: the demo store restored with `import json`, then every
/// verb (and every shape of `export` and `import`, and errors, warnings and notes), with the
/// store's files collected after the journal writes, after `compact`, after more writes and after
/// `forget`.
enum SchemaTour {
    static func run() throws -> SchemaSamples {
        let root = SchemaSamples.repository
        let scratch = TemporaryDirectory("cande-schema-stores")
        let demo = scratch.file("demo")
        var demoEnv = Cande.environment(store: demo)
        demoEnv["CANDE"] = Cande.binary
        demoEnv["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let built = Cande.run(executable: "/bin/bash", [root + "/scripts/demo", demo], environment: demoEnv)
        try #require(built.status == 0, "scripts/demo: \(built.stderr)")

        let store = scratch.file("store")
        let s = SchemaSamples(store: store)
        s.collectStore(demo, "demo store")
        let backup = s.directory.file("backup.json")
        s.run(
            ["export json \(backup)"], shape: "output/export-file.schema.json",
            environment: Cande.environment(store: demo))
        s.add("backup.schema.json", "the demo store's backup", String(decoding: fileBytes(backup), as: UTF8.self))
        // A new store (its note on standard error), restored from the backup.
        s.run(["import json \(backup)"], shape: "output/import-json.schema.json")
        try writes(s)
        s.collectStore(store, "after the journal writes")
        s.run(["compact"])
        s.collectStore(store, "after compact")
        try laterWrites(s, scratch: scratch)
        s.collectStore(store, "after more writes")
        s.run(["forget zoe-schema"])
        s.collectStore(store, "after forget")
        s.run(["init", "quit"])
        return s
    }

    private static func id(_ answers: [Any], _ k: Int = 0) throws -> Int {
        try #require((answers[k] as? [String: Any])?["id"] as? Int, "\(answers)")
    }

    /// Every verb that changes the store, and the reading ones, before the compaction.
    private static func writes(_ s: SchemaSamples) throws {
        s.run([
            #"add "Zoë Schema" email:zoe.schema@example.org phone:"+49 30 1234567" role:"QA Engineer" source:referral owner:rita tags:a,b tz:Europe/Berlin"#,
            #"edit zoe-schema tags:+urgent role:"QA Lead""#,
        ])
        s.run(["open zoe-schema", "< via:email Hello, any news?", "> Yes, soon."])
        let message = try id(s.run(["log zoe-schema in via:phone Called back"]))
        let note = try id(s.run(["note zoe-schema Strong candidate"]))
        s.run([#"edit #\#(note) text:"Strong, calm candidate""#, "edit #\(message) via:sms text:\"Called back twice\""])
        s.run(["stage zoe-schema phone-screen"])
        let talk = try id(
            s.run([#"talk zoe-schema with:"Quinn Schema" as:peer at:"tomorrow 15:00" for:45m where:video"#]))
        let checkin = try id(s.run([#"checkin zoe-schema at:"thu 10:00" with:"Kim Schema""#]))
        // Refused: the same colleague at the same time.
        s.run([#"talk ada-lovelace with:"Quinn Schema" as:peer at:"tomorrow 15:00""#], fails: true)
        s.run([#"move #\#(talk) at:"fri 11:00""#, #"cancel #\#(checkin) reason:"ill""#])
        let agenda = s.run(["agenda", "agenda today"])
        let overdue = try #require((agenda[0] as? [[String: Any]])?.first { $0["overdue"] as? Bool == true }?["id"])
        s.run(["done #\(overdue) mood:+ Went well"])
        s.run([
            "list", "list stage:offer", "show zoe-schema", "show ada-lovelace", "history zoe-schema",
            "history ada-lovelace last:5", "waiting", "find offer", "find kind:note since:60d", "today", "report",
            "report since:30d", "report by:week", "report by:week since:30d owner:rita",
        ])
        s.run(["export json"], shape: "backup.schema.json")
        s.run(["export csv", "export ics"], shape: "output/export-stream.schema.json")
        s.run(
            ["export csv \(s.directory.file("c.csv"))", "export ics \(s.directory.file("m.ics"))"],
            shape: "output/export-file.schema.json")
        s.run(["ask zoe-schema via:email", "feedback zoe-schema rating:4 recommend:yes Clear process"])
        s.run([#"reject zoe-schema reason:"Went with another""#, #"withdraw amara-okafor reason:"Took another offer""#])
        s.run(["hire anita-borg start:2026-12-07"])
        s.run(["undo"])
        let csv = s.file("people.csv", "name,email,role,colour\nGrace Schema,grace.schema@example.org,Compiler,blue\n")
        s.run(["import csv \(csv)"], shape: "output/import-csv.schema.json")
        // Another system's export (issue 14.2), and one with bad cells: the error lists them all.
        let greenhouse = s.file(
            "greenhouse.csv",
            "First Name,Last Name,Email,Current Stage,Source,Applied On\n"
                + "Hedy Schema,Lamarr,hedy.schema@example.org,Phone Screen,LinkedIn,2026-10-05\n")
        s.run(["import csv \(greenhouse)"], shape: "output/import-csv.schema.json")
        let badCells = s.file(
            "bad.csv", "name;email;stage\nBad One;not-an-email;Phone Screen\n;x@example.org;nowhere\n")
        s.run(["import csv \(badCells)"], fails: true)
        let mail = s.file(
            "olu.eml",
            "Message-ID: <schema-1@example.org>\nDate: Mon, 30 Nov 2026 16:02:00 +0100\n"
                + "From: Olu Adeyemi <olu.adeyemi@example.org>\nTo: rita@example.com\nSubject: Hi\n\nHello there\n")
        let stranger = s.file(
            "stranger.eml",
            "Message-ID: <schema-2@example.org>\nDate: Mon, 30 Nov 2026 17:00:00 +0100\n"
                + "From: Pat Stranger <pat@example.net>\nTo: rita@example.com\nSubject: Job\n\nAny openings?\n")
        s.run(
            ["import mail \(mail)", "import mail \(mail)", "import mail \(stranger)"],
            shape: "output/import-mail.schema.json")
        s.run(["import mail \(stranger) add:yes"], shape: "output/import-mail.schema.json")
        s.run(["help", "help talk", "close"])
        // Errors: an unknown verb, an unknown candidate, a bad option, a bad invocation, bad CANDE_NOW.
        s.run(["frobnicate"], fails: true)
        s.run(["show nobody", "list bogus:1"], fails: true)
        let bad = Cande.run(executable: Cande.binary, ["--json", "--frobnicate"], environment: s.env)
        #expect(bad.status == 2)
        var badNow = s.env
        badNow["CANDE_NOW"] = "garbage"
        let now = Cande.run(executable: Cande.binary, ["--json", "-c", "list"], environment: badNow)
        for line in bad.stderrLines + now.stderrLines { s.add("output/diagnostic.schema.json", "invocation", line) }
    }

    /// Writes after the compaction (journal-N of the new generation), a merge, erasing an entry.
    private static func laterWrites(_ s: SchemaSamples, scratch: TemporaryDirectory) throws {
        s.run(["note zoe-schema After the compaction", "log ada-lovelace out via:email Welcome aboard"])
        let message = try id(s.run(["log ada-lovelace in via:email Thanks! See you Monday"]))
        s.run(["edit #\(message) at:-1h"])
        // A backup of another store merged in: new ids.
        let other = scratch.file("other")
        let otherEnv = Cande.environment(store: other)
        Cande.run(
            ["-c", #"add "Mira Merge" email:mira@example.org"#, "-c", "note mira-merge Met at a meetup"],
            environment: otherEnv)
        let backup = s.directory.file("other.json")
        Cande.run(["-c", "export json \(backup)"], environment: otherEnv)
        s.run(["import json \(backup) merge:yes"], shape: "output/import-json.schema.json")
        let forget = try id(s.run(["log zoe-schema in via:chat A line to erase"]))
        s.run(["forget #\(forget)"])
    }
}
