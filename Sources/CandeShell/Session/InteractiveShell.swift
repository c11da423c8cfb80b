import Conversation
import Store

/// The interactive loop (SPEC §5): prompt with the focus, one command per line, errors as
/// `error: message`, long output through the pager. Bracketed paste is on while it reads lines
/// (off on the way out, and while `$PAGER` or `$EDITOR` has the terminal). With a team store,
/// others' changes appear above the prompt as they are committed (`LiveUpdates`).
struct InteractiveShell {
    let session: Session
    let runner: Runner
    let reader: InteractiveReader

    func run() {
        reader.completer = Completer(
            handles: { [session] in
                guard let state = try? session.state() else { return [] }
                return state.handles.sorted()
            },
            meetingIDs: { [session] in
                guard let state = try? session.state() else { return [] }
                return state.meetings.filter { $0.status == .scheduled }.map(\.id)
            },
            users: { [session] in
                guard let state = try? session.state() else { return [] }
                // Authors of entries (the users the state interned) and owners of candidates.
                var users = Set(state.users)
                for k in state.liveCandidates {
                    if let owner = state.candidates[Int(k)].owner { users.insert(owner) }
                }
                return users.sorted()
            })
        session.ask = { [reader, session] question in
            // What the command said so far comes before its question.
            Output.writeAll(1, session.out.take())
            return reader.confirm(question)
        }
        session.terminal = reader.handOver
        // Others' changes above the prompt, once the store is open and is a team store.
        reader.live = LiveUpdates(session: session).watch
        Greeting.show(session: session)
        reader.bracketedPaste(true)
        defer { reader.bracketedPaste(false) }
        while true {
            let prompt = session.style.bold(session.focus ?? "cande") + "> "
            switch reader.read(prompt: prompt) {
            case .end:
                session.out.line()
                session.out.drain()
                return
            case .interrupted:
                session.out.line()
                session.out.drain()
            case .invalid(let error):
                runner.report(error, at: nil)
            case .line(let line):
                reader.remember(line)
                if Dispatcher.isSilent(line) { continue }
                session.width = Terminal.width()
                session.out.holding = true
                var flow = Flow.next
                do {
                    flow = try Dispatcher.execute(line, session: session)
                } catch .nothingLogged {
                    // An empty text in the editor: said plainly, no error.
                    let json = session.settings.json || session.diagnostics.commandJSON
                    Renderer.render(
                        Done(lines: ["nothing logged"], fields: [("logged", .bool(false))]), json: json,
                        session: session)
                } catch {
                    runner.report(error, at: nil)
                }
                Pager.show(session.out.take(), command: session.settings.pager, handOver: reader.handOver)
                session.out.holding = false
                if flow == .quit { return }
            }
        }
    }
}
