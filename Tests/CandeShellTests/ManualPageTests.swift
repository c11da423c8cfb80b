import Foundation
import TestSupport
import Testing

@testable import CandeShell

/// `cande --help-man` (README "Man page and completion"): a manual page that groff reads without
/// a warning, made from the program's own tables, checked here against those tables, against
/// `cande --help` and against the README (the user docs), never against copied text.
@Suite("Manual page")
struct ManualPageTests {
    static let env = Cande.environment(store: "/nonexistent/cande-manual-store")

    static var roff: String { Cande.run(["--help-man"], environment: env).stdout }

    /// The page as `groff -man -Tutf8` shows it, without emphasis (nil, with an issue, without groff).
    static func rendered(_ roff: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        guard let groff = RequiredTool.path("groff", package: "groff-base", sourceLocation: sourceLocation) else {
            return nil
        }
        let result = Cande.run(
            executable: groff, ["-man", "-Tutf8", "-P-cbou", "-rLL=200n"], stdin: Data(roff.utf8),
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// The lines of the rendered section `name` (up to the next section heading).
    static func section(_ name: String, of text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: name) else { return [] }
        let rest = lines[(start + 1)...]
        let end = rest.firstIndex { !$0.isEmpty && !$0.hasPrefix(" ") && !$0.hasPrefix("\t") } ?? lines.endIndex
        return Array(lines[(start + 1)..<end])
    }

    /// Blanks run together: what a filled paragraph keeps of a text.
    static func squeezed(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    @Test("groff -man -ww reports nothing: no warning, no unknown request")
    func groffWarnsOfNothing() throws {
        let roff = Self.roff
        #expect(roff.hasPrefix(".") && roff.contains(".TH CANDE 1"))
        let groff = try #require(RequiredTool.path("groff", package: "groff-base"))
        let result = Cande.run(
            executable: groff, ["-man", "-Tutf8", "-ww", "-z"], stdin: Data(roff.utf8),
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
    }

    @Test("has the sections of a manual page")
    func sections() throws {
        let text = try #require(Self.rendered(Self.roff))
        for name in [
            "NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "THE COMMAND LANGUAGE", "COMMANDS", "ENVIRONMENT",
            "EXIT STATUS", "FILES", "SEE ALSO",
        ] {
            #expect(!Self.section(name, of: text).isEmpty, "section \(name)")
        }
        let language = Self.squeezed(Self.section("THE COMMAND LANGUAGE", of: text).joined(separator: "\n"))
        for topic in ["Quoting", "KEY:VALUE", "Here-documents", "<<", "Comments", "#"] {
            #expect(language.contains(topic), "\(topic)")
        }
    }

    @Test("every verb and alias, with its usage, summary, option keys and examples")
    func everyCommand() throws {
        let text = try #require(Self.rendered(Self.roff))
        let lines = Self.section("COMMANDS", of: text)
        // Each command's block starts at its subsection heading (indented 3).
        var blocks: [String: [String]] = [:]
        var current: String?
        for line in lines {
            if line.hasPrefix("   "), !line.hasPrefix("    ") {
                current = line.trimmingCharacters(in: .whitespaces)
                blocks[current!] = []
            } else if let current {
                blocks[current, default: []].append(line)
            }
        }
        #expect(blocks.count == CommandTable.all.count)
        for spec in CommandTable.all {
            guard let block = blocks[spec.verb] else {
                Issue.record("no subsection for \(spec.verb)")
                continue
            }
            let body = Self.squeezed(block.joined(separator: "\n"))
            #expect(body.contains(Self.squeezed(spec.usage)), "\(spec.verb): usage")
            #expect(body.contains(Self.squeezed(spec.summary)), "\(spec.verb): summary")
            for alias in spec.aliases { #expect(body.contains(alias), "\(spec.verb): alias \(alias)") }
            for key in spec.optionKeys { #expect(body.contains(key + ":"), "\(spec.verb): option \(key):") }
            // Examples and details are shown as written, one a line.
            for example in spec.examples + spec.details {
                #expect(block.contains { $0.hasSuffix(example) && !example.isEmpty }, "\(spec.verb): \(example)")
            }
        }
    }

    /// The flags `cande --help` lists (OPTIONS), as written there.
    static func helpFlags() -> [String] {
        let help = Cande.run(["--help"], environment: env).stdout
        let options = help.components(separatedBy: "OPTIONS:").last ?? ""
        var flags: [String] = []
        for line in options.split(separator: "\n") where line.hasPrefix("  -") {
            for word in line.split(separator: " ").prefix(while: { $0.hasPrefix("-") }) {
                flags.append(word.trimmingCharacters(in: CharacterSet(charactersIn: ",")))
            }
        }
        return flags
    }

    @Test("every flag cande --help lists, --help-man among them")
    func everyFlag() throws {
        let flags = Self.helpFlags()
        #expect(flags.contains("--store") && flags.contains("-c") && flags.contains("--help-man"))
        let text = try #require(Self.rendered(Self.roff))
        let options = Self.section("OPTIONS", of: text).map { $0.trimmingCharacters(in: .whitespaces) }
        for flag in flags {
            // A tag line names the flag first: `--store path`, `-h, --help`.
            #expect(
                options.contains { $0.split(separator: " ").map { $0.trimmingCharacters(in: [","]) }.contains(flag) },
                "\(flag)")
        }
        let synopsis = Self.squeezed(Self.section("SYNOPSIS", of: text).joined(separator: "\n"))
        for flag in flags where flag != "-h" { #expect(synopsis.contains(flag), "synopsis: \(flag)") }
    }

    /// The variables named in the first column of README's Environment table.
    static func readmeEnvironment() throws -> [String] {
        let readme = try String(
            contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("README.md").path, encoding: .utf8)
        let after = try #require(readme.components(separatedBy: "**Environment**").dropFirst().first)
        var names: [String] = []
        for line in after.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().drop(while: \.isEmpty)
            .prefix(while: { $0.hasPrefix("|") })
        {
            let first = line.split(separator: "|").first ?? ""
            for piece in first.split(separator: "`").enumerated() where piece.offset % 2 == 1 {
                if piece.element.allSatisfy({ $0.isUppercase || $0 == "_" || $0.isNumber }) {
                    names.append(String(piece.element))
                }
            }
        }
        return names
    }

    @Test("every environment variable of README's table, and no other")
    func everyEnvironmentVariable() throws {
        let names = try Self.readmeEnvironment()
        #expect(names.count > 10 && names.contains("CANDE_STORE") && names.contains("TZDIR"))
        let text = try #require(Self.rendered(Self.roff))
        let section = Self.section("ENVIRONMENT", of: text).map { $0.trimmingCharacters(in: .whitespaces) }
        let tagged = Set(section.flatMap { $0.split(separator: " ").map { $0.trimmingCharacters(in: [","]) } })
        for name in names { #expect(tagged.contains(name), "\(name)") }
        // The list in code is README's table, name for name.
        #expect(Set(EnvironmentVariables.all.flatMap(\.names)) == Set(names))
    }

    @Test("every exit status of cande --help and the README")
    func everyExitStatus() throws {
        let help = Self.squeezed(Cande.run(["--help"], environment: Self.env).stdout)
        let sentence = try #require(help.components(separatedBy: "Exit status:").dropFirst().first)
        let statuses = sentence.split(separator: ".").first!.split(separator: ",").compactMap {
            $0.split(separator: " ").first.flatMap { Int($0) }
        }
        #expect(statuses == [0, 1, 2])
        let text = try #require(Self.rendered(Self.roff))
        let section = Self.section("EXIT STATUS", of: text).map { $0.trimmingCharacters(in: .whitespaces) }
        for status in statuses {
            #expect(section.contains { $0 == "\(status)" || $0.hasPrefix("\(status) ") }, "\(status)")
        }
    }

    @Test("names the store's files, the history, the cache and the agent's socket")
    func files() throws {
        let text = try #require(Self.rendered(Self.roff))
        let section = Self.squeezed(Self.section("FILES", of: text).joined(separator: "\n"))
        for file in ["CURRENT", "journal-N.jsonl", "snapshot-N.json", "history-USER", "XDG_CACHE_HOME", ".sock"] {
            #expect(section.contains(file), "\(file)")
        }
    }
}
