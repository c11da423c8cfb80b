import Foundation
import TestSupport
import Testing

@testable import CandeShell

/// `cande --generate-completion-script bash|zsh|fish` and `cande --complete-command TEXT`
/// (README "Man page and completion"): the shells complete flags, SCRIPT file names, and inside
/// `-c '…'` the command language, with the handles of the store the command line names. What
/// is expected comes from the command table and the store, not from the scripts.
@Suite("Completion scripts")
struct CompletionScriptTests {
    let dir = TemporaryDirectory("cande-compl")
    var store: String { dir.file("store") }

    /// The environment the shells run in: the built cande first on PATH, the store in CANDE_STORE.
    var env: [String: String] {
        var env = Cande.environment(store: store)
        env["PATH"] = URL(fileURLWithPath: Cande.binary).deletingLastPathComponent().path + ":/usr/bin:/bin"
        env["HOME"] = dir.path
        env["XDG_CONFIG_HOME"] = dir.file("config")
        return env
    }

    func makeStore() {
        let made = Cande.run(
            ["-c", #"add "Ada Lovelace""#, "-c", #"add "Grace Hopper""#], environment: Cande.environment(store: store))
        #expect(made.status == 0, "\(made.stderr)")
    }

    func script(_ shell: String) -> String {
        let path = dir.file("cande." + shell)
        let result = Cande.run(["--generate-completion-script", shell], environment: env)
        #expect(result.status == 0 && !result.stdout.isEmpty, "\(result.stderr)")
        _ = FileManager.default.createFile(atPath: path, contents: Data(result.stdout.utf8))
        return path
    }

    // MARK: - bash

    /// What bash's completion function offers for `words` (the last being typed), as readline
    /// would call it: COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT set, then `_cande`.
    func bash(_ words: [String]) throws -> [String] {
        let bash = try #require(RequiredTool.path("bash", package: "bash"))
        let program = """
            source "$1"; shift
            COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
            _cande
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = Cande.run(executable: bash, ["-c", program, "bash", script("bash")] + words, environment: env)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test("bash: handles, verbs, option keys and values inside -c '…'")
    func bashCompletesTheLanguage() throws {
        makeStore()
        #expect(try bash(["cande", "-c", "'note ad"]) == ["note ada-lovelace"])
        #expect(try bash(["cande", "-c", "'open "]).sorted() == ["open ada-lovelace", "open grace-hopper"])
        let verbs = CommandTable.verbs.filter { $0.hasPrefix("sta") }
        #expect(try bash(["cande", "-c", "'sta"]) == verbs)
        #expect(try bash(["cande", "-c", "'list sta"]).contains("list stage:"))
        #expect(try bash(["cande", "-c", "'list stage:off"]) == ["list stage:offer"])
        // A double quote works the same; a lone key offers its values at once.
        #expect(try bash(["cande", "-c", "\"note gr"]) == ["note grace-hopper"])
        let stages = try bash(["cande", "-c", "'list stag"])
        #expect(stages.contains("list stage:offer") && stages.contains("list stage:applied"))
    }

    @Test("bash: the store of --store, not CANDE_STORE")
    func bashUsesTheCommandLinesStore() throws {
        makeStore()
        let other = dir.file("other")
        #expect(Cande.run(["-c", "add Linus"], environment: Cande.environment(store: other)).status == 0)
        #expect(try bash(["cande", "--store", other, "-c", "'note "]).contains("note linus"))
        #expect(!(try bash(["cande", "--store", other, "-c", "'note "]).contains("note ada-lovelace")))
        #expect(try bash(["cande", "--store=" + other, "-c", "'note li"]) == ["note linus"])
    }

    @Test("bash: flags, --store's directories, SCRIPT file names")
    func bashCompletesFlagsAndFiles() throws {
        #expect(try bash(["cande", "--st"]) == ["--store"])
        #expect(try bash(["cande", "--help-"]) == ["--help-man"])
        #expect(try bash(["cande", "--generate-completion-script", "z"]) == ["zsh"])
        let scriptFile = dir.file("nightly-import.cande")
        _ = FileManager.default.createFile(atPath: scriptFile, contents: Data("list\n".utf8))
        try FileManager.default.createDirectory(atPath: dir.file("nightly-dir"), withIntermediateDirectories: true)
        #expect(try bash(["cande", "--json", dir.file("nightly-i")]) == [scriptFile])
        #expect(try bash(["cande", "--store", dir.file("nightly")]) == [dir.file("nightly-dir")])
    }

    // MARK: - zsh

    @Test("zsh: the script parses, and Tab completes a handle inside -c '…'")
    func zshCompletes() throws {
        makeStore()
        let zsh = try #require(RequiredTool.path("zsh", package: "zsh"))
        let functions = dir.file("zfunc")
        try FileManager.default.createDirectory(atPath: functions, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: script("zsh"), toPath: functions + "/_cande")
        let parsed = Cande.run(executable: zsh, ["-n", functions + "/_cande"], environment: env)
        #expect(parsed.status == 0 && parsed.stderr == "", "\(parsed.stderr)")
        var zenv = env
        zenv["ZDOTDIR"] = dir.path
        zenv["TERM"] = "xterm"
        let terminal = try PseudoTerminal(zsh, arguments: ["-f", "-i"], environment: zenv)
        defer { _ = terminal.wait(timeout: 1) }
        terminal.send(
            "PS1='zsh> '; fpath=(\(functions) $fpath); autoload -U compinit; compinit -u -d \(dir.file("zcomp"))"
                + "; print -r READY$((1+1))\n", waitingForRawMode: true)
        terminal.expect("READY2")
        // Tab, then the line run as print's arguments: the completed -c word shows as cande gets it.
        terminal.send("cande -c 'note gra\t")
        terminal.expect("grace-hopper")
        terminal.send("\u{1}print -r -- \u{5}\n")
        terminal.expect("cande -c note grace-hopper")
        terminal.send("exit\n")
    }

    // MARK: - fish

    /// What fish offers for the command line `line` (`complete -C`), without descriptions.
    func fish(_ line: String) throws -> [String] {
        let fish = try #require(RequiredTool.path("fish", package: "fish"))
        let result = Cande.run(
            executable: fish, ["--no-config", "-c", "source $argv[1]; complete -C $argv[2]", script("fish"), line],
            environment: env)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        return result.stdout.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
    }

    @Test("fish: the script parses, and completes flags, handles, keys and values")
    func fishCompletes() throws {
        makeStore()
        let fishPath = try #require(RequiredTool.path("fish", package: "fish"))
        let parsed = Cande.run(executable: fishPath, ["--no-execute", script("fish")], environment: env)
        #expect(parsed.status == 0 && parsed.stderr == "", "\(parsed.stderr)")
        #expect(try fish("cande -c 'note ad") == ["note ada-lovelace"])
        #expect(try fish("cande -c 'list stage:off") == ["list stage:offer"])
        #expect(Set(try fish("cande -c 'list sta")).isSuperset(of: ["list stage:", "list status:"]))
        #expect(try fish("cande --st") == ["--store"])
    }

    // MARK: - the question the scripts ask

    @Test("--complete-command on a missing store creates nothing and says nothing")
    func missingStore() throws {
        let missing = dir.file("no/such/store")
        var env = self.env
        env["CANDE_STORE"] = missing
        let result = Cande.run(executable: Cande.binary, ["--complete-command", "open a"], environment: env)
        #expect(result.status == 0)
        #expect(result.stdout == "" && result.stderr == "")
        #expect(!FileManager.default.fileExists(atPath: dir.file("no")))
        // Verbs need no store.
        let verbs = Cande.run(
            executable: Cande.binary, ["--store", missing, "--complete-command", "he"], environment: env)
        #expect(verbs.stdout == "help \n" && verbs.stderr == "")
        #expect(!FileManager.default.fileExists(atPath: dir.file("no")))
        // A directory that is not a store stays as it was.
        let empty = dir.file("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        _ = Cande.run(executable: Cande.binary, ["--store", empty, "--complete-command", "open "], environment: env)
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty).isEmpty)
    }

    @Test("--complete-command reads a store and writes nothing in it")
    func existingStoreUnchanged() {
        makeStore()
        let before = StoreFiles.all(store)
        let result = Cande.run(["--complete-command", "show gr"], environment: env)
        #expect(result.stdout == "show grace-hopper \n")
        #expect(StoreFiles.all(store) == before)
    }

    @Test("an unknown shell is a bad invocation")
    func unknownShell() {
        let result = Cande.run(["--generate-completion-script", "tcsh"], environment: env)
        #expect(result.status == 2)
        #expect(result.stderr.contains("tcsh") && result.stdout.isEmpty)
    }
}
