/// The command lines cande is started with nearly always (`cande`, `cande --store P -c 'list'`,
/// `cande --json script.cande`), read without swift-argument-parser, whose first parse reflects
/// on every option and costs about two thirds of a one-shot `-c help` (README "Performance").
/// Anything else — help, version, completion scripts, `--`, `--opt=value`, a value that starts
/// with `-`, a flag given twice, anything unknown — is `nil`, and `CandeOptions` parses it: it
/// stays the definition and the only source of help and errors. A test holds the two to the same
/// result on every command line this one accepts.
enum QuickFlags {
    static func parse(_ arguments: [String]) -> Invocation? {
        var invocation = Invocation()
        var seen: Set<String> = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard argument.hasPrefix("-") else {
                invocation.scripts.append(argument)
                continue
            }
            switch argument {
            case "-c", "--store", "--as":
                guard i < arguments.count, !arguments[i].hasPrefix("-") else { return nil }
                let value = arguments[i]
                i += 1
                if argument == "-c" {
                    invocation.commands.append(value)
                    continue
                }
                guard seen.insert(argument).inserted else { return nil }
                if argument == "--store" { invocation.store = value } else { invocation.user = value }
            case "--json", "--bail", "--yes", "--no-color":
                guard seen.insert(argument).inserted else { return nil }
                switch argument {
                case "--json": invocation.json = true
                case "--bail": invocation.bail = true
                case "--yes": invocation.yes = true
                default: invocation.noColor = true
                }
            default:
                return nil
            }
        }
        return invocation
    }
}
