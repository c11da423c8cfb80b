import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

#if canImport(Glibc)
    import Glibc
#endif

/// A terminal with nothing on the other side but the test: what is written to `slave` is read
/// from `master`.
final class TerminalPair {
    let master: Int32
    let slave: Int32

    init() throws {
        let libc = dlopen(nil, RTLD_NOW)
        defer { if let libc { dlclose(libc) } }
        typealias Open = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
        let open_ = unsafeBitCast(try #require(dlsym(libc, "posix_openpt")), to: Open.self)
        let grant = unsafeBitCast(try #require(dlsym(libc, "grantpt")), to: Open.self)
        let unlock = unsafeBitCast(try #require(dlsym(libc, "unlockpt")), to: Open.self)
        let name = unsafeBitCast(try #require(dlsym(libc, "ptsname_r")), to: Name.self)
        master = open_(O_RDWR | O_NOCTTY | O_CLOEXEC)
        #expect(master >= 0 && grant(master) == 0 && unlock(master) == 0)
        var buffer = [CChar](repeating: 0, count: 128)
        #expect(name(master, &buffer, buffer.count) == 0)
        slave = open(String(cString: buffer), O_RDWR | O_NOCTTY | O_CLOEXEC)
        // Raw: bytes arrive as written (no \n → \r\n).
        var modes = termios()
        tcgetattr(slave, &modes)
        cfmakeraw(&modes)
        tcsetattr(slave, TCSANOW, &modes)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(master)
        close(slave)
    }

    /// What was written so far.
    func read() -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress!, $0.count) }
            guard n > 0 else { break }
            bytes += chunk[..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One line on standard error that says how far a long job is (README "Progress").
@Suite("Progress lines")
struct ProgressLineTests {
    func session(errors fd: Int32, json: Bool = false) -> (Session, TemporaryDirectory) {
        let directory = TemporaryDirectory("cande-progress")
        var settings = Settings(storePath: directory.file("store"), user: "rita")
        settings.json = json
        let path = directory.file("store")
        let session = Session(
            settings: settings, out: Output(fd: -1), diagnostics: Diagnostics(errors: Output(fd: fd), json: json),
            openStore: { () throws(StoreError) -> ConversationStore in try FileStore(path: path) })
        return (session, directory)
    }

    @Test("a store's rewrite shows its phases on a terminal, wiped at the end; nothing in JSON or for a small store")
    func phases() throws {
        let terminal = try TerminalPair()
        let (session, _) = session(errors: terminal.slave)
        let store = try session.store()
        _ = try session.commit { _ in .add([CandidateDraft(handle: "ada", name: "Ada")]) }
        try store.flush()
        _ = terminal.read()  // the note that the store was created
        try ProgressLine.phases(of: store, "compacting", session: session, minimumBytes: 0, delay: 0) {
            () throws(StoreError) in
            try (store as? CompactingStore)?.compact()
        }
        let shown = terminal.read()
        #expect(shown.hasPrefix("\r\u{1B}[K compacting 0 MB: reading"), "\(shown.debugDescription)")
        #expect(shown.hasSuffix("\r\u{1B}[K"), "not wiped: \(shown.debugDescription)")
        #expect((store as? PhaseReporting)?.onPhase == nil)

        var called = false
        try ProgressLine.phases(of: store, "compacting", session: session, delay: 0) { () throws(StoreError) in
            called = true
            #expect((store as? PhaseReporting)?.onPhase == nil, "a small store reports phases")
        }
        #expect(called && terminal.read().isEmpty)

        let (jsonSession, _) = self.session(errors: terminal.slave, json: true)
        let jsonStore = try jsonSession.store()
        _ = terminal.read()
        try ProgressLine.phases(of: jsonStore, "compacting", session: jsonSession, minimumBytes: 0, delay: 0) {
            () throws(StoreError) in
            try (jsonStore as? CompactingStore)?.compact()
        }
        #expect(terminal.read().isEmpty, "a progress line in --json")
    }

    @Test("an error meanwhile wipes the line first; counts without an end; not when standard error is no terminal")
    func wipedForErrors() throws {
        let terminal = try TerminalPair()
        let (session, _) = session(errors: terminal.slave)
        let line = ProgressLine("reading commands:", total: nil, session: session, delay: 0)
        line.update(1200)
        session.diagnostics.error("something failed", at: "-:7")
        #expect(terminal.read() == "\r\u{1B}[K reading commands: 1200\r\u{1B}[Kerror: -:7: something failed\n")
        usleep(120_000)
        line.update(1300)
        line.clear()
        #expect(terminal.read() == "\r\u{1B}[K reading commands: 1300\r\u{1B}[K")

        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        defer { pipeEnds.forEach { close($0) } }
        let (piped, _) = self.session(errors: pipeEnds[1])
        let quiet = ProgressLine("importing", total: 5000, session: piped, delay: 0)
        quiet.update(2500)
        quiet.clear()
        _ = fcntl(pipeEnds[0], F_SETFL, O_NONBLOCK)
        var byte: UInt8 = 0
        #expect(read(pipeEnds[0], &byte, 1) == -1, "a progress line went into a pipe")
        // Fewer steps than the minimum: nothing.
        let small = ProgressLine("importing", total: 999, session: session, delay: 0)
        small.update(500)
        #expect(terminal.read().isEmpty)
    }

    @Test("commands piped in, output to a file, standard error a terminal: a count on the terminal only")
    func ingest() throws {
        let work = TemporaryDirectory("cande-progress-ingest")
        let first = (["add Ada"] + (0..<300).map { "note ada n\($0)" }).joined(separator: "\n")
        let second = (0..<300).map { "note ada m\($0)" }.joined(separator: "\n")
        try first.write(toFile: work.file("a.cande"), atomically: true, encoding: .utf8)
        try (second + "\nbogus-verb here\n" + second + "\n").write(
            toFile: work.file("b.cande"), atomically: true, encoding: .utf8)
        var env = Cande.environment(store: work.file("store"))
        env["CANDE_AGENT"] = "off"
        let command =
            "(cat a.cande; echo; sleep 0.6; cat b.cande) | '\(Cande.binary)' > out.txt; echo \"status $?\""
        let tty = try PseudoTerminal("/bin/sh", arguments: ["-c", "cd '\(work.path)' && " + command], environment: env)
        let shown = PseudoTerminal.readable(tty.expect("status ") ?? [])
        _ = tty.wait()
        #expect(shown.contains("reading commands: 3"), "\(shown.debugDescription)")
        #expect(shown.contains("error: -:602:"), "\(shown.debugDescription)")
        let out = (try? String(contentsOfFile: work.file("out.txt"), encoding: .utf8)) ?? ""
        #expect(out.split(separator: "\n").count == 901 && !out.contains("reading") && !out.contains("\r"))
    }
}
