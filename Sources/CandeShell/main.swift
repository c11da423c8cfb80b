import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    let options = try CandeOptions.parse(arguments)
    exit(Main.run(options, arguments: arguments))
} catch {
    if CandeOptions.exitCode(for: error) == .success {
        print(CandeOptions.fullMessage(for: error))
        exit(0)
    }
    let message = "error: " + CandeOptions.message(for: error) + "\n" + CandeOptions.usageString() + "\n"
    Output.writeAll(2, Array(message.utf8))
    exit(2)
}
