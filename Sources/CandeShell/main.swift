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
if arguments.count == 2, arguments[0] == "--agent" { exit(AgentServer.run(address: arguments[1])) }
// CommandLine.arguments turned bytes that are not UTF-8 into U+FFFD: find those -c commands.
let notUTF8 = Set(
    (1..<Int(CommandLine.argc)).compactMap { k -> String? in
        guard let raw = CommandLine.unsafeArgv[k] else { return nil }
        let bytes = UnsafeRawBufferPointer(start: raw, count: strlen(raw))
        return String(validating: bytes, as: UTF8.self) == nil ? String(decoding: bytes, as: UTF8.self) : nil
    })
let status = Main.invoke(arguments, notUTF8: notUTF8)
if status == Main.closedPipe {
    signal(SIGPIPE, SIG_DFL)
    raise(SIGPIPE)
}
exit(status)
