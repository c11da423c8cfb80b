import Conversation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// Puts a run together: settings, session, the right reader, the exit status (SPEC §3).
enum Main {
    /// What `run` returns when standard output was a closed pipe: `main` then ends by SIGPIPE,
    /// as `git` and `psql` do (128 + SIGPIPE should that not happen).
    static let closedPipe: Int32 = 128 + SIGPIPE

    /// The terminal's width; else `COLUMNS`; else no limit (output into a file or a pipe keeps
    /// whole names). README "Output".
    static func outputWidth() -> Int? {
        if Terminal.isTerminal(1) { return Terminal.width() }
        return environment("COLUMNS").flatMap(Int.init).map { max($0, 20) }
    }

    /// A run from its arguments: the flags read, the commands handed to the team store's agent
    /// where there is one (`AgentClient`), else run here. `store` is the agent's open store.
    static func invoke(
        _ arguments: [String], notUTF8: Set<String>,
        store agentStore: (address: String, store: ConversationStore)? = nil
    ) -> Int32 {
        // Before swift-argument-parser, whose own completion scripts know nothing of -c.
        if let shell = CompletionScripts.requested(in: arguments) {
            guard let script = shell.flatMap(CompletionScripts.script(for:)) else {
                Diagnostics(errors: Output(fd: 2), json: false).invocationError(
                    ShellError.unknownShell(shell ?? "").description, usage: CandeOptions.usageString())
                return 2
            }
            print(script, terminator: "")
            return 0
        }
        let options: Invocation
        do {
            // The common command lines skip swift-argument-parser's reflection (QuickFlags).
            options = try QuickFlags.parse(arguments) ?? CandeOptions.parse(arguments).invocation
        } catch {
            if CandeOptions.exitCode(for: error) == .success {
                print(CandeOptions.fullMessage(for: error))
                return 0
            }
            // The message quotes the arguments: shown escaped, like everything cande prints; JSON
            // when --json was among them (before any --).
            let json = arguments.prefix { $0 != "--" }.contains("--json")
            Diagnostics(errors: Output(fd: 2), json: json).invocationError(
                CandeOptions.message(for: error), usage: CandeOptions.usageString())
            return 2
        }
        if options.helpMan {
            print(ManualPage.text, terminator: "")
            return 0
        }
        if let text = options.completeCommand {
            let address = CommandLineCompletion.storeAddress(options)
            for answer in CommandLineCompletion.answers(for: text, store: address) { print(answer) }
            return 0
        }
        guard agentStore == nil,
            let address = AgentClient.address(options, arguments: arguments, notUTF8: !notUTF8.isEmpty)
        else {
            return run(options, arguments: arguments, notUTF8: notUTF8, agentStore: agentStore)
        }
        switch AgentClient.delegate(address: address, arguments: arguments) {
        case .ran(let status):
            return status
        case .lost:
            Diagnostics(errors: Output(fd: 2), json: options.json).error(ShellError.agentLost.description)
            return 2
        case .noAgent:
            let status = run(options, arguments: arguments, notUTF8: notUTF8, agentStore: nil)
            if status != 2 { AgentClient.start(address: address) }
            return status
        }
    }

    static func run(
        _ options: Invocation, arguments: [String], notUTF8: Set<String>,
        agentStore: (address: String, store: ConversationStore)?
    ) -> Int32 {
        let sources = options.batchSources(arguments: arguments)
        let interactive = sources.isEmpty && Terminal.isTerminal(0)
        let diagnostics = Diagnostics(errors: Output(fd: 2), json: options.json)
        if Terminal.isTerminal(2) { diagnostics.width = Terminal.size(2)?.columns }
        let settings: Settings
        do {
            let (built, warnings) = try SettingsBuilder.build(options, interactive: interactive)
            settings = built
            for warning in warnings { diagnostics.warning(warning) }
        } catch {
            diagnostics.error(error.description)
            return 2
        }
        // A script that cannot be read is a bad invocation: check them all before running any.
        var scriptFiles: [String: Int32] = [:]
        for case .script(let path) in sources where path != "-" {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            var info = stat()
            guard fd >= 0, fstat(fd, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else {
                var reason = fd < 0 ? String(cString: strerror(errno)) : "is a directory"
                // `cande list`, a git habit: say how to run a command.
                if fd < 0, let spec = CommandTable.lookup(path) {
                    reason += "; to run the command \(spec.verb), use cande -c '\(path)'"
                }
                diagnostics.error("cannot read script \(path): " + reason)
                return 2
            }
            scriptFiles[path] = fd
        }
        let session = Session(
            settings: settings, out: Output(fd: 1), diagnostics: diagnostics,
            openStore: { () throws(StoreError) -> ConversationStore in
                if let agentStore, agentStore.address == settings.storePath { return agentStore.store }
                return try StoreOpener.open(settings.storePath)
            })
        session.width = outputWidth()
        let runner = Runner(session: session)
        if interactive {
            let reader: InteractiveReader
            switch EditLineReader.make(historyPath: settings.historyPath, warn: { session.warn($0.description) }) {
            case .success(let editLine): reader = editLine
            case .failure(let error):
                session.warn("\(error); no line editing this time")
                reader = PlainTerminalReader()
            }
            InteractiveShell(session: session, runner: runner, reader: reader).run()
        } else if sources.isEmpty {
            session.standardInputIsCommands = true
            var reader = BatchReader(fd: 0)
            _ = runner.runBatch(&reader, label: "-")
        } else {
            var commandNumber = 0
            for source in sources where !runner.stopped {
                switch source {
                case .command(let command):
                    commandNumber += 1
                    if notUTF8.contains(command) {
                        runner.fail(.invalidUTF8, at: "-c:\(commandNumber)")
                        continue
                    }
                    var reader = BatchReader(
                        commands: command.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
                    _ = runner.runBatch(&reader, label: "-c", fixedNumber: commandNumber)
                case .script(let path):
                    if path == "-" { session.standardInputIsCommands = true }
                    var reader = BatchReader(fd: path == "-" ? 0 : scriptFiles[path]!)
                    _ = runner.runBatch(&reader, label: path)
                }
            }
        }
        if session.wrote, let store = try? session.store() {
            do {
                try store.maintain()
            } catch {
                session.warn("could not compact the store: \(error)")
            }
        }
        session.out.release()
        runner.checkOutput()
        // The process ends now: skip tearing down what it built (a large store's state).
        if agentStore == nil { _ = Unmanaged.passRetained(session) }
        if runner.outputClosed { return closedPipe }
        if runner.storeUnusable { return 2 }
        return runner.failures > 0 ? 1 : 0
    }
}
