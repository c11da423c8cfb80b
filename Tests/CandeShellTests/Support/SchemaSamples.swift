import Foundation
import TestSupport
import Testing

/// Real documents for `JSONSchemaTests`: every `--json` answer and standard-error line of a tour
/// of every verb on a store restored from the demo store (`scripts/demo`), and every line of every
/// file of that store as the journal grows, after `compact` and after `forget`. Each sample names
/// the schema (a path under `schemas/`) it must match.
final class SchemaSamples {
    struct Sample: Encodable {
        let schema: String
        let label: String
        let text: String
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The schema of a verb's answer: `schemas/output/VERB.schema.json` (`<`, `>`: inbound, outbound).
    static func schema(verb: String) -> String {
        "output/" + (["<": "inbound", ">": "outbound"][verb] ?? verb) + ".schema.json"
    }

    private(set) var samples: [Sample] = []
    /// The verbs whose answers were sampled.
    private(set) var verbs: Set<String> = []
    /// Files of a store that no schema covers (a new kind of file the store writes).
    private(set) var unknownFiles: [String] = []
    let directory = TemporaryDirectory("cande-schema")
    var env: [String: String]

    init(store: String) {
        env = Cande.environment(store: store)
    }

    func add(_ schema: String, _ label: String, _ text: String) {
        samples.append(Sample(schema: schema, label: label, text: text))
    }

    /// Runs `cande --json --yes` with `commands` (one `-c` each) and files each answer under its
    /// verb's schema (and `shape`, a more precise one, if given), and each line of standard error
    /// under the diagnostics schema. Returns the answers.
    @discardableResult
    func run(
        _ commands: [String], shape: String? = nil, fails: Bool = false, environment: [String: String]? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [Any] {
        let result = Cande.run(
            executable: Cande.binary, ["--json", "--yes"] + commands.flatMap { ["-c", $0] },
            environment: environment ?? env)
        let label = commands.joined(separator: " ; ")
        #expect((result.status != 0) == fails, "\(label): \(result.stderr)", sourceLocation: sourceLocation)
        for line in result.stderrLines { add("output/diagnostic.schema.json", "stderr of \(label)", line) }
        let answers = result.stdoutLines
        if !fails {
            #expect(answers.count == commands.count, "\(label): \(result.stdout)", sourceLocation: sourceLocation)
        }
        for (command, answer) in zip(commands, answers) {
            let verb = String(command.prefix { $0 != " " })
            verbs.insert(verb)
            add(Self.schema(verb: verb), command, answer)
            if let shape { add(shape, command, answer) }
        }
        return answers.compactMap(parseJSON)
    }

    /// Every line of every file of the store at `path`, under the schema of its kind.
    func collectStore(_ path: String, _ moment: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names.sorted() {
            let text = String(decoding: fileBytes(path + "/" + name), as: UTF8.self)
            let label = "\(moment): \(name)"
            let lines = text.split(separator: "\n").map(String.init)
            if name == "CURRENT" {
                add("store/current.schema.json", label, text)
            } else if name == "IDENTITY" {
                add("store/identity.schema.json", label, text)
            } else if name.hasPrefix("snapshot-") && name.hasSuffix(".json") {
                add("store/snapshot.schema.json", label, text)
            } else if name.hasPrefix("journal-") && name.hasSuffix(".jsonl") {
                for (n, line) in lines.enumerated() {
                    add("store/journal-line.schema.json", "\(label):\(n + 1)", line)
                    let kind = line.hasPrefix(#"{"commit":"#) ? "commit" : "record"
                    add("store/\(kind).schema.json", "\(label):\(n + 1)", line)
                }
            } else if name.hasPrefix("entries-") && name.hasSuffix(".jsonl") {
                for (n, line) in lines.enumerated() {
                    add("store/entries-line.schema.json", "\(label):\(n + 1)", line)
                    add("store/record.schema.json", "\(label):\(n + 1)", line)
                }
            } else if !(name.hasPrefix("search-") && name.hasSuffix(".idx")) {
                // search-N.idx is binary (README "The store"); anything else needs a schema.
                unknownFiles.append(label)
            }
        }
    }

    /// A file in the samples' directory.
    func file(_ name: String, _ content: String) -> String {
        let path = directory.file(name)
        FileManager.default.createFile(atPath: path, contents: Data(content.utf8))
        return path
    }

    /// The samples as the validator's manifest file.
    func manifest() throws -> String {
        let path = directory.file("manifest.json")
        try JSONEncoder().encode(samples).write(to: URL(fileURLWithPath: path))
        return path
    }
}
