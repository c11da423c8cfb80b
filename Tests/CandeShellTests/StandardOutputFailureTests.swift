import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// "Trust the store", break 6: a write to standard output that fails is an error (exit status 1,
/// the run stops); a reader that went away (a closed pipe) is not, and ends the run quietly.
@Suite("Standard output failures")
struct StandardOutputFailureTests {
    let dir = TemporaryDirectory("cande-stdout")
    var store: String { dir.file("store") }
    var env: [String: String] {
        var env = Cande.environment(store: store)
        env["CANDE"] = Cande.binary
        return env
    }

    /// A store whose JSON export is about `kilobytes` long.
    func fill(kilobytes: Int) {
        let text = String(repeating: "quite a long note to make the export big ", count: 20)
        let script = ["add Ada handle:ada"] + (0..<(kilobytes + 1)).map { _ in "note ada " + text }
        let result = Cande.run([], stdin: script.joined(separator: "\n"), environment: env)
        #expect(result.status == 0, "\(result.stderr)")
    }

    func handles() throws -> [String] { try FileStore(path: store).state.handles.sorted() }

    @Test("> /dev/full: an error on standard error, exit status 1, and nothing after it runs")
    func deviceFull() throws {
        let result = Cande.shell(
            #""$CANDE" -c 'add Ada handle:ada' -c 'export json' -c 'add Bob handle:bob' > /dev/full"#,
            environment: env)
        #expect(result.status == 1)
        #expect(result.stderr == "error: cannot write to standard output: No space left on device\n")
        // Ada's change was durable before its "ada" could not be written; Bob's line never ran.
        #expect(try handles() == ["ada"])
    }

    @Test("--json: the write error is a JSON error like the others")
    func deviceFullJSON() throws {
        let result = Cande.shell(#""$CANDE" --json -c 'add Ada handle:ada' -c list > /dev/full"#, environment: env)
        #expect(result.status == 1)
        let error = parseJSON(result.stderr) as? [String: Any]
        #expect(error?["error"] as? String == "cannot write to standard output: No space left on device")
        #expect(try handles() == ["ada"])
    }

    @Test("standard input to /dev/full: the script stops at the first output")
    func scriptStops() throws {
        let result = Cande.shell(
            #"printf 'add Ada handle:ada\nadd Bob handle:bob\n' | "$CANDE" > /dev/full"#, environment: env)
        #expect(result.status == 1)
        #expect(result.stderr == "error: cannot write to standard output: No space left on device\n")
        // Both lines were one group, made durable before their output; nothing ran after it.
        #expect(try handles() == ["ada", "bob"])
    }

    @Test("a file system that fills up half-way through an export", .enabled(if: geteuid() == 0))
    func fullFileSystem() throws {
        fill(kilobytes: 200)
        let mountPoint = dir.file("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = Cande.shell("mount -t tmpfs -o size=64k tmpfs '\(mountPoint)'", environment: env)
        guard mounted.status == 0 else {
            print("fullFileSystem: mount failed (\(mounted.stderr)); /dev/full covers the case")
            return
        }
        defer { _ = Cande.shell("umount '\(mountPoint)'", environment: env) }
        let result = Cande.shell(#""$CANDE" -c 'export json' > '\#(mountPoint)/export.json'"#, environment: env)
        #expect(result.status == 1)
        #expect(result.stderr == "error: cannot write to standard output: No space left on device\n")
        let written = (try? FileManager.default.attributesOfItem(atPath: mountPoint + "/export.json")[.size]) as? Int
        #expect((written ?? 0) > 0 && (written ?? 0) <= 64 << 10, "a part was written, the rest refused")
    }

    /// SIGPIPE cannot end cande at a random point: a closed pipe is seen as EPIPE, the run stops
    /// without a word, and cande ends the way `git` and `psql` do, by SIGPIPE (status 141 in a shell).
    @Test("a closed pipe: no error message, the run stops, the store is whole")
    func closedPipe() throws {
        fill(kilobytes: 300)
        let result = Cande.run(
            executable: "/bin/bash",
            ["-c", #"set -o pipefail; "$CANDE" -c 'export json' -c 'add Bob handle:bob' | head -c1 >/dev/null"#],
            environment: env)
        #expect(result.status == 141)
        #expect(result.stderr == "")
        #expect(try handles() == ["ada"], "the line after the closed pipe did not run")
    }
}
