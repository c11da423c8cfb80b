import Foundation
import TestSupport
import Testing

@Suite("export never harms an existing file")
struct ExportFileSafetyTests {
    static func store(_ dir: TemporaryDirectory) -> [String: String] {
        let env = Cande.environment(store: dir.file("store"))
        Cande.run(["-c", "add \"Ada Lovelace\" email:ada@example.org"], environment: env)
        return env
    }

    static let header = "handle,name,email,phone,role,source,owner,stage,status,tags,tz,created,updated\r\n"

    /// The directory's entries: no temporary file may be left behind.
    static func names(_ dir: TemporaryDirectory) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
    }

    @Test("an existing file is kept without force:yes and replaced with it")
    func existingFile() throws {
        let dir = TemporaryDirectory("cande-export")
        let env = Self.store(dir)
        let file = dir.file("people.csv")
        let original = Data("precious bytes\n".utf8)
        try original.write(to: URL(fileURLWithPath: file))

        for format in ["csv", "json", "ics"] {
            let refused = Cande.run(["-c", "export \(format) \(file)"], environment: env)
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains("already exists") && refused.stderr.contains("force:yes"), "\(refused.stderr)")
            #expect(FileManager.default.contents(atPath: file) == original)
        }
        #expect(Self.names(dir) == ["store", "people.csv"])

        let forced = Cande.run(["-c", "export csv \(file) force:yes"], environment: env)
        #expect(forced.status == 0, "\(forced.stderr)")
        let written = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
        #expect(written.hasPrefix(Self.header))
        #expect(written.contains("ada-lovelace,Ada Lovelace,ada@example.org"))
        #expect(StoreFiles.mode(file) == 0o600)
        #expect(Self.names(dir) == ["store", "people.csv"], "no temporary file left")

        // A new file is created private, whatever the umask.
        let fresh = dir.file("new.json")
        let shell = Cande.shell("umask 000 && '\(Cande.binary)' -c 'export json \(fresh)'", environment: env)
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(StoreFiles.mode(fresh) == 0o600)
    }

    @Test("a symbolic link planted at the target is refused, with and without force:yes")
    func plantedSymlink() throws {
        let dir = TemporaryDirectory("cande-export")
        let env = Self.store(dir)
        let victim = dir.file("victim.txt")
        let original = Data("do not touch\n".utf8)
        try original.write(to: URL(fileURLWithPath: victim))
        let link = dir.file("out.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        let dangling = dir.file("dangling.ics")
        let nowhere = dir.file("nowhere.ics")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: nowhere)

        for force in ["", " force:yes"] {
            let result = Cande.run(["-c", "export csv \(link)\(force)"], environment: env)
            #expect(result.status == 1, "force:\(force)")
            #expect(result.stderr.contains("symbolic link"), "\(result.stderr)")
            #expect(FileManager.default.contents(atPath: victim) == original)
            #expect(
                (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == victim, "the link is still there")

            let hanging = Cande.run(["-c", "export ics \(dangling)\(force)"], environment: env)
            #expect(hanging.status == 1)
            #expect(!FileManager.default.fileExists(atPath: nowhere), "nothing created through a dangling link")
        }
        #expect(Self.names(dir) == ["store", "victim.txt", "out.csv", "dangling.ics"], "no temporary file left")
    }
}
