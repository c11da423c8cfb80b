// TEMPORARY until the editor lands.
extension Session {
    func composeText(initial: String, comments: [String]) throws(ShellError) -> String? { nil }
}
