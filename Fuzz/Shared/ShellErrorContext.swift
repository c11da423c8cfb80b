// The few names the messages in Sources/CandeShell/ShellError.swift take from the rest of the
// shell, for the tokenizer target, which compiles ShellError.swift without the shell. A build
// error here means a message gained a dependency: name it here too.
enum CompletionScripts { static let shells = ["bash", "zsh", "fish"] }
enum SafeText { static func line(_ text: String) -> String { text } }
enum ImportNames { static let stageNames = "" }
enum ImportField: String, CaseIterable { case name }
