import Conversation
import Foundation
import TestSupport
import Testing

@testable import CandeShell

/// The JSON Schemas in `schemas/` (README "JSON Schemas") hold for what cande really writes:
/// every verb's `--json` answer, the diagnostics on standard error, `export json`'s document, and
/// every line of every file of a store, checked with Python's `jsonschema` (draft 2020-12, formats
/// checked). Each schema must match at least one real document and refuse a document with a
/// required key dropped or an unknown key added; every verb must have a schema; the schemas'
/// vocabularies must be the code's.
@Suite struct JSONSchemaTests {
    /// Schemas of definitions only, referred to by the others.
    static let definitions: Set<String> = ["vocabulary.schema.json", "output/common.schema.json"]

    static func schemaFiles() -> [String] {
        let root = SchemaSamples.repository + "/schemas"
        let walker = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        while let path = walker?.nextObject() as? String {
            if path.hasSuffix(".schema.json") { files.append(path) }
        }
        return files.sorted()
    }

    static func load(_ schema: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: SchemaSamples.repository + "/schemas/" + schema))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(schema)")
    }

    @Test func everyVerbHasASchema() {
        let files = Set(Self.schemaFiles())
        for spec in CommandTable.all {
            let schema = SchemaSamples.schema(verb: spec.verb)
            #expect(files.contains(schema), "\(spec.verb) has no schema: write schemas/\(schema)")
        }
    }

    @Test func vocabulariesAreTheCodes() throws {
        let definitions = try #require(try Self.load("vocabulary.schema.json")["$defs"] as? [String: Any])
        func words(_ name: String) -> [String]? { (definitions[name] as? [String: Any])?["enum"] as? [String] }
        let code: [(String, [String])] = [
            ("stage", Stage.names), ("status", Status.names), ("source", Source.names),
            ("direction", Direction.names), ("channel", Channel.names), ("meetingKind", MeetingKind.names),
            ("colleagueRole", ColleagueRole.names), ("meetingStatus", MeetingStatus.names), ("mood", Mood.names),
            ("entryKind", EntryKind.names), ("candidateField", CandidateField.names),
        ]
        for (name, names) in code { #expect(words(name) == names, "vocabulary.schema.json $defs/\(name)") }
    }

    @Test func realDocumentsMatchTheSchemas() throws {
        guard let python = PythonChecker.interpreter(importing: "jsonschema") else {
            Issue.record("no python3 that can import jsonschema; run scripts/setup --tests (apt: python3-jsonschema)")
            return
        }
        let samples = try SchemaTour.run()
        #expect(samples.unknownFiles.isEmpty, "store files no schema covers: \(samples.unknownFiles)")
        let result = Cande.run(
            executable: python,
            [SchemaSamples.repository + "/scripts/validate-json", "--manifest", try samples.manifest()],
            environment: PythonChecker.pythonEnvironment)
        try #require(result.status == 0, "validate-json: \(result.stderr)")
        let report = try #require(parseJSON(result.stdout) as? [String: Any], "\(result.stdout)")
        let counts = report["counts"] as? [String: Int] ?? [:]
        let failures = report["failures"] as? [[String: Any]] ?? []
        let negatives = report["negatives"] as? [String: Any] ?? [:]
        for failure in failures.prefix(20) { Issue.record("does not match its schema: \(failure)") }
        #expect(failures.count == 0, "\(failures.count) documents do not match their schemas")

        let version = report["jsonschema"] as? String ?? "?"
        print("JSON Schema validation (jsonschema \(version)): documents per schema")
        for schema in Self.schemaFiles() where !Self.definitions.contains(schema) {
            print("  \(schema): \(counts[schema] ?? 0)")
            #expect((counts[schema] ?? 0) > 0, "\(schema) matched no real document")
            let check = negatives[schema] as? [String: Any] ?? [:]
            let dropped = check["dropped"] as? String
            let added = check["added"] as? Bool ?? false
            #expect(dropped != nil, "\(schema) still matches with a required key dropped")
            #expect(added, "\(schema) still matches with an unknown key added")
        }
        for spec in CommandTable.all {
            #expect(samples.verbs.contains(spec.verb), "the tour does not run \(spec.verb)")
        }
        // Every op of a record occurred in the store files of the tour.
        let recordSchema = try Self.load("store/record.schema.json")
        let ops = try #require(
            ((recordSchema["properties"] as? [String: Any])?["op"] as? [String: Any])?["enum"] as? [String])
        let seen = Set(
            samples.samples.filter { $0.schema == "store/record.schema.json" }.compactMap {
                (parseJSON($0.text) as? [String: Any])?["op"] as? String
            })
        #expect(
            Set(ops).subtracting(seen).isEmpty, "ops no store file of the tour holds: \(Set(ops).subtracting(seen))")
    }
}
