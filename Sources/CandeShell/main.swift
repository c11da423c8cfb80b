import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

// A reader that goes away is an EPIPE where cande writes (it stops there, quietly), never a
// SIGPIPE at any point of the run. A caught signal, unlike an ignored one, is back to its
// default in the programs cande starts (pager, editor).
var onClosedPipe = sigaction()
onClosedPipe.__sigaction_handler.sa_handler = { _ in }
sigemptyset(&onClosedPipe.sa_mask)
onClosedPipe.sa_flags = SA_RESTART
sigaction(SIGPIPE, &onClosedPipe, nil)

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    // The common command lines skip swift-argument-parser's reflection (QuickFlags).
    let options = try QuickFlags.parse(arguments) ?? CandeOptions.parse(arguments).invocation
    let status = Main.run(options, arguments: arguments)
    if status == Main.closedPipe {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
    }
    exit(status)
} catch {
    if CandeOptions.exitCode(for: error) == .success {
        print(CandeOptions.fullMessage(for: error))
        exit(0)
    }
    // The message quotes the arguments: shown escaped, like everything cande prints; JSON
    // when --json was among them (before any --).
    let json = arguments.prefix { $0 != "--" }.contains("--json")
    Diagnostics(errors: Output(fd: 2), json: json).invocationError(
        CandeOptions.message(for: error), usage: CandeOptions.usageString())
    exit(2)
}
