import Conversation
import Store

/// The interactive loop (SPEC §5): prompt with the focus, one command per line, errors as
/// `error: message`, long output through the pager.
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
            })
        session.ask = { [reader, session] question in
            // What the command said so far comes before its question.
            Output.writeAll(1, session.out.take())
            return reader.confirm(question)
        }
        Greeting.show(session: session)
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
                } catch {
                    runner.report(error, at: nil)
                }
                Pager.show(session.out.take(), command: session.settings.pager)
                session.out.holding = false
                if flow == .quit { return }
            }
        }
    }
}

/// The one line the assistant says at start when something needs attention (SPEC §5).
enum Greeting {
    static func show(session: Session) {
        let state: State
        do {
            state = try session.state(timeline: true)
            try session.checkReads()
        } catch {
            // A store that cannot be read says so at once, not at the first command.
            if case .store = error { session.warn(error.description) }
            return
        }
        let digest = Digest(state: state, now: session.now(), zone: session.zone)
        guard let line = DigestRenderer(session: session, state: state).greeting(digest) else { return }
        // One line: cut to the terminal's width (`today` has it all).
        session.out.line(session.style.dim(DisplayWidth.truncate(line, to: max(20, session.width - 1))))
        session.out.drain()
    }
}
