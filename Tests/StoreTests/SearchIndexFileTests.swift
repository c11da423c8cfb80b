import Conversation
import Foundation
import TestSupport
import Testing

@testable import Store

/// The search index of a generation (`search-N.idx`): written with it, removed with it, never
/// left by a failed one, read by `FileStore.search` without loading the timeline, and refused
/// (with one warning) when it does not check out.
@Suite("Search index file")
struct SearchIndexFileTests {
    static func run(_ dir: TemporaryDirectory, _ commands: [String]) {
        let result = Cande.run(
            [], stdin: commands.joined(separator: "\n"), environment: Cande.environment(store: dir.path))
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Ada and Bob with a few notes (#1–#4), compacted, then a note of Bob's in the journal (#5).
    static func makeStore() -> TemporaryDirectory {
        let dir = TemporaryDirectory("search-index")
        run(
            dir,
            [
                "add Ada handle:ada", "add Bob handle:bob", "note ada the first quokka", "note bob Quokka two",
                "note ada nothing here", "log bob in via:email a third QUOKKA", "compact", "note bob tail quokka",
            ])
        return dir
    }

    static func folded(_ query: String) -> [UInt8] {
        var needle: [UInt8] = []
        CaseFolding.append(Array(query.utf8), to: &needle)
        return needle
    }

    /// Ids of the live hits of the in-memory search over the whole timeline.
    static func reference(_ path: String, _ query: String) throws -> [Int32] {
        let store = try FileStore(path: path)
        try store.loadTimeline()
        var index = SearchIndex()
        index.extend(store.state, texts: store.texts)
        return index.search(query).map { store.state.entries[Int($0)] }.filter { !$0.removed }.map(\.id).sorted()
    }

    static func searched(_ store: FileStore, _ query: String) throws -> [Int32]? {
        try store.search(folded(query))?.filter { !$0.removed }.map(\.id).sorted()
    }

    @Test("a one-shot search reads the index and the hits' lines, not the timeline")
    func withoutTimeline() throws {
        let dir = Self.makeStore()
        let store = try FileStore(path: dir.path)
        let hits = try #require(try Self.searched(store, "quokka"))
        #expect(hits == [1, 2, 4, 5])
        #expect(hits == (try Self.reference(dir.path, "quokka")))
        #expect(!store.state.timelineComplete, "the timeline was not loaded")
        #expect(store.takeWarnings().isEmpty)
        // Texts of the hits come from the entries file, as the in-memory search shows them.
        let texts = try #require(try store.search(Self.folded("third"))).map {
            store.state.text($0.text, from: store.texts)
        }
        #expect(texts == ["a third QUOKKA"])
        #expect(try Self.searched(store, "absent") == [])
    }

    @Test("a correction since the index loads only that candidate's timeline")
    func correctionSince() throws {
        let dir = Self.makeStore()
        Self.run(dir, [#"edit #2 text:"Wombat two""#])
        let store = try FileStore(path: dir.path)
        #expect(try Self.searched(store, "quokka") == [1, 4, 5])
        #expect(try Self.searched(store, "wombat") == [2])
        #expect(try Self.searched(store, "quokka") == (try Self.reference(dir.path, "quokka")))
        let bob = try #require(store.state.candidateIndex(handle: "bob"))
        let ada = try #require(store.state.candidateIndex(handle: "ada"))
        #expect(store.state.hasTimeline(of: bob) && !store.state.hasTimeline(of: ada))
        #expect(!store.state.timelineComplete)
    }

    @Test("an entry undone since the index is not found")
    func undoneSince() throws {
        let dir = Self.makeStore()
        Self.run(dir, ["undo", "undo"])  // the tail note, then the QUOKKA message
        let store = try FileStore(path: dir.path)
        #expect(try Self.searched(store, "quokka") == [1, 2])
        #expect(try Self.searched(store, "quokka") == (try Self.reference(dir.path, "quokka")))
        #expect(!store.state.timelineComplete)
    }

    @Test("after forget, the index holds the redacted texts: the forgotten name is not found")
    func redacted() throws {
        let dir = TemporaryDirectory("search-index")
        Self.run(dir, [#"add "Ann Lee" handle:ann"#, "add Bob handle:bob", "note bob Ann Lee recommended Bob, quokka"])
        try FileStore(path: dir.path).forget(handle: "ann")
        let store = try FileStore(path: dir.path)
        #expect(try Self.searched(store, "ann lee") == [])
        let hits = try #require(try store.search(Self.folded("quokka")))
        #expect(hits.map { store.state.text($0.text, from: store.texts) } == ["[forgotten] recommended Bob, quokka"])
        #expect(try Self.searched(store, "forgotten] rec") == (try Self.reference(dir.path, "forgotten] rec")))
    }

    @Test("no index without a snapshot; nothing to say about it")
    func generationZero() throws {
        let dir = TemporaryDirectory("search-index")
        Self.run(dir, ["add Ada handle:ada", "note ada quokka"])
        let store = try FileStore(path: dir.path)
        #expect(try store.search(Self.folded("quokka")) == nil)
        #expect(store.takeWarnings().isEmpty)
        #expect(!StoreFiles.all(dir.path).keys.contains { $0.hasPrefix("search-") })
    }

    @Test("a damaged index is not used, and said once")
    func damagedOnce() throws {
        let dir = Self.makeStore()
        let path = dir.file("search-1.idx")
        var data = try #require(FileManager.default.contents(atPath: path))
        data[70] ^= 0x01
        #expect(FileManager.default.createFile(atPath: path, contents: data))
        let store = try FileStore(path: dir.path)
        #expect(try store.search(Self.folded("quokka")) == nil)
        let warnings = store.takeWarnings()
        #expect(warnings.count == 1 && warnings[0].contains("checksum mismatch"), "\(warnings)")
        #expect(try store.search(Self.folded("quokka")) == nil)
        #expect(store.takeWarnings().isEmpty)
    }

    @Test("compaction writes the new generation's index (0600) and removes the old one's")
    func oldGenerationRemoved() throws {
        let dir = Self.makeStore()
        #expect(StoreFiles.mode(dir.file("search-1.idx")) == 0o600)
        Self.run(dir, ["compact"])
        let names = Set(StoreFiles.all(dir.path).keys)
        #expect(names.contains("search-2.idx") && !names.contains("search-1.idx"), "\(names)")
        let store = try FileStore(path: dir.path)
        #expect(try Self.searched(store, "quokka") == [1, 2, 4, 5])
    }

    @Test("a new generation that fails to verify leaves no index behind", arguments: [false, true])
    func failedGeneration(forget: Bool) throws {
        let dir = Self.makeStore()
        let before = StoreFiles.all(dir.path)
        let store = try FileStore(path: dir.path)
        store.newGenerationWritten = { pointer in
            #expect(FileManager.default.fileExists(atPath: dir.file(pointer.searchName)))
            let path = dir.file(pointer.entriesName)
            var data = FileManager.default.contents(atPath: path)!
            data[10] ^= 0x01
            _ = FileManager.default.createFile(atPath: path, contents: data)
        }
        #expect(throws: StoreError.self) {
            if forget { try store.forget(handle: "ada") } else { try store.compact() }
        }
        #expect(StoreFiles.all(dir.path) == before, "the old generation is live and nothing new is left")
    }

    @Test("an index a crash left is removed by the next writer; look-alike names stay")
    func leftovers() throws {
        let dir = Self.makeStore()
        let leftovers = ["search-7.idx", "search-1.idx.tmp", "search-2.idx.tmp"]
        let kept = ["search-01.idx", "search-1.idx.bak", "search.idx"]
        for name in leftovers + kept {
            #expect(FileManager.default.createFile(atPath: dir.file(name), contents: Data()))
        }
        _ = try FileStore(path: dir.path)
        let names = Set(StoreFiles.all(dir.path).keys)
        for name in leftovers { #expect(!names.contains(name), "\(name) was left") }
        for name in kept + ["search-1.idx"] { #expect(names.contains(name), "\(name) was removed") }
    }

    @Test("texts streamed in chunks of any size give the hits of one whole read, matches across chunks too")
    func chunkBoundaries() throws {
        let dir = TemporaryDirectory("search-index")
        let words = ["quokka", "wombat", "Straße", "numbat", "ΣΟΦΟΣ", "bilby"]
        var commands = ["add Ada handle:ada", "add Bob handle:bob"]
        for k in 0..<120 {
            let text = (0..<(k % 7 + 1)).map { words[($0 * 5 + k) % words.count] }.joined(separator: " ")
            commands.append("note \(k % 2 == 0 ? "ada" : "bob") \(k) \(text)")
        }
        Self.run(dir, commands + ["compact"])
        let directory = try StoreDirectory(path: dir.path, create: false)
        func hits(_ query: String, chunk: Int) throws -> [SearchIndexFile.Hit] {
            let file = try directory.open("search-1.idx", flags: O_RDONLY)
            let size = try #require(FileManager.default.contents(atPath: dir.file("entries-1.jsonl"))).count
            let index = try SearchIndexFile(
                file, name: "search-1.idx", generation: 1, entriesBytes: Int64(size), chunk: chunk)
            return try #require(try index.hits(Self.folded(query)))
        }
        for query in ["quokka", "strasse numbat", "σοφος bilby", "t q", "a", "7 wombat", "absent"] {
            let whole = try hits(query, chunk: 1 << 20)
            #expect(Set(whole.map(\.id)).count == whole.count, "each entry once")
            for chunk in [1, 2, 3, 7, 64, 1000] {
                #expect(try hits(query, chunk: chunk) == whole, "\(query), chunks of \(chunk)")
            }
        }
        #expect(try hits("quokka", chunk: 1 << 20).count == (try Self.reference(dir.path, "quokka")).count)
    }

    @Test("the checksum of a file written in pieces is XXH64 of it whole")
    func streamingChecksum() {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 31, 32, 33, 64, 100, 1000, 4099] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for _ in 0..<5 {
                var stream = ChecksumStream()
                var position = 0
                while position < size {
                    let n = Int.random(in: 0...min(70, size - position), using: &generator)
                    stream.update(Array(bytes[position..<(position + n)]))
                    position += n
                }
                #expect(stream.finish() == Checksum.xxh64(bytes), "\(size) bytes")
            }
        }
    }
}
