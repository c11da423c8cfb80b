import Foundation
import Store
import TestSupport
import Testing

/// Disk full and I/O errors injected with strace, without changing the program.
@Suite("Disk full and I/O errors")
struct FaultInjectionTests {
    static let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }

    func attempt(_ inject: String, command: String = "note ada must not be saved") throws -> (
        RunResult, TemporaryDirectory
    ) {
        let strace = try #require(Self.strace, "strace is missing: scripts/setup --tests installs it")
        let dir = TemporaryDirectory()
        let env = Cande.environment(store: dir.path)
        #expect(Cande.run(["-c", "add Ada handle:ada", "-c", "note ada saved before"], environment: env).status == 0)
        let journal = dir.file(journalName(dir.path))
        let before = FileManager.default.contents(atPath: journal)
        let result = Cande.run(
            executable: strace, ["-f", "-o", "/dev/null", "-e", "inject=\(inject)", Cande.binary, "-c", command],
            environment: env)
        #expect(FileManager.default.contents(atPath: journal) == before, "the journal changed")
        // The store still opens with exactly what was there, and takes new changes.
        let notes = try StoreFiles.notes(FileStore(path: dir.path))
        #expect(notes == ["saved before"])
        return (result, dir)
    }

    @Test("ENOSPC on the journal write: reported, not acknowledged, journal as before")
    func diskFull() throws {
        let (result, _) = try attempt("write:error=ENOSPC:when=1")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "acknowledged: \(result.stdout)")
        #expect(result.stderr.contains("no space left on device"), "\(result.stderr)")
    }

    @Test("EIO on fsync: reported, not acknowledged, the appended record cut back")
    func fsyncFails() throws {
        let (result, _) = try attempt("fsync:error=EIO:when=1")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "acknowledged: \(result.stdout)")
        #expect(result.stderr.contains("input/output error"), "\(result.stderr)")
    }

    @Test("a failed group commit in batch mode acknowledges none of the group")
    func groupFails() throws {
        let strace = try #require(Self.strace)
        let dir = TemporaryDirectory()
        let env = Cande.environment(store: dir.path)
        #expect(Cande.run(["-c", "add Ada handle:ada"], environment: env).status == 0)
        let journal = dir.file(journalName(dir.path))
        let before = FileManager.default.contents(atPath: journal)
        let script = dir.file("script")
        try (0..<50).map { "note ada group \($0)" }.joined(separator: "\n").write(
            toFile: script, atomically: false, encoding: .utf8)
        let result = Cande.run(
            executable: strace,
            ["-f", "-o", "/dev/null", "-e", "inject=fsync:error=EIO:when=1", Cande.binary, "--json", script],
            environment: env)
        #expect(result.status == 1)
        #expect(!result.stdout.contains(#""ok":true"#), "acknowledged: \(result.stdout)")
        #expect(result.stderrLines.filter { $0.contains("not saved") }.count == 50)
        #expect(FileManager.default.contents(atPath: journal) == before)
    }
}
