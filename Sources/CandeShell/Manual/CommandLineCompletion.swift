import Conversation
import Store

/// `cande --complete-command TEXT`: the completion scripts' question. TEXT is a `-c` command
/// typed so far (its opening quote taken off); the answer is every way `Completer`, the
/// interactive shell's Tab, completes its last word, one a line, each the whole TEXT completed
/// (a blank after a finished word, none after an option key's `:`). Handles, meeting ids and
/// users come from the store the command line names, opened to read only: a missing store is
/// not created, a team store is not asked (no handles), and nothing is ever written or said.
enum CommandLineCompletion {
    static func answers(for text: String, store address: String) -> [String] {
        let store = ReadOnlyState(address: address)
        let completer = Completer(
            handles: { store.state?.handles.sorted() ?? [] },
            meetingIDs: { store.state?.meetings.filter { $0.status == .scheduled }.map(\.id) ?? [] },
            users: {
                guard let state = store.state else { return [] }
                var users = Set(state.users)
                for k in state.liveCandidates {
                    if let owner = state.candidates[Int(k)].owner { users.insert(owner) }
                }
                return users.sorted()
            })
        // The completer reads one line: complete the last line of a multi-line -c.
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let (word, matches) = completer.candidates(for: line)
        let before = String(text.dropLast(word.count))
        return matches.map { before + $0 + ($0.hasSuffix(":") ? "" : " ") }
    }

    /// The store's state, read on first use; nil when there is none to read.
    private final class ReadOnlyState {
        let address: String
        private var opened = false
        private var cached: State?

        init(address: String) { self.address = address }

        var state: State? {
            if !opened {
                opened = true
                if !StoreOpener.isTeamStore(address) { cached = try? FileStore(path: address, readingOnly: true).state }
            }
            return cached
        }
    }

    /// The store the command line names: `--store`, else `CANDE_STORE`, else the default.
    static func storeAddress(_ options: Invocation) -> String {
        options.store ?? SettingsBuilder.nonEmpty(environment("CANDE_STORE")) ?? SettingsBuilder.defaultStore()
    }
}
