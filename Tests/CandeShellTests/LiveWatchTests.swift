import Testing

@testable import CandeShell

#if canImport(Glibc)
    import Glibc
#endif

/// `KeyStream` watching a descriptor besides the keys (`LiveWatch`), on pipes.
@Suite("Live watch")
struct LiveWatchTests {
    @Test func keysTypedAroundWakeUpsComeThroughInOrder() {
        let pipes = TestPipes()
        let (keys, wake) = (pipes.keys, pipes.another())
        let stream = KeyStream(fd: keys.read)
        var calls = 0
        stream.live = LiveWatch(
            descriptor: { wake.read },
            lines: {
                TestPipes.drain(wake.read)
                calls += 1
                return ["news \(calls)"]
            })
        // Typed and woken in turns, faster than the 50 ms gap and slower.
        TestPipes.write("h", to: keys.write, after: 0.02)
        TestPipes.write("!", to: wake.write, after: 0.1)
        TestPipes.write("ej", to: keys.write, after: 0.12)
        TestPipes.write("!", to: wake.write, after: 0.2)
        TestPipes.write("ü\r", to: keys.write, after: 0.3)
        var got: [Key] = []
        while true {
            let key = stream.next(lineTakesText: { false })
            got.append(key)
            if key == .character(0x0D) || key == .character(0x04) || key == .end { break }
            if case .failed = key { break }
        }
        let typed = got.filter { if case .live = $0 { false } else { true } }
        #expect(typed == "hejü\r".unicodeScalars.map { .character($0.value) })
        #expect(got.filter { if case .live = $0 { true } else { false } } == [.live(["news 1"]), .live(["news 2"])])
        #expect(calls == 2)
    }

    @Test func aDescriptorThatStaysReadableDoesNotSpin() {
        let pipes = TestPipes()
        let (keys, wake) = (pipes.keys, pipes.another())
        _ = Output.writeAll(wake.write, [0x21])  // never drained
        let stream = KeyStream(fd: keys.read)
        var calls = 0
        stream.live = LiveWatch(
            descriptor: { wake.read },
            lines: {
                calls += 1
                return []
            })
        TestPipes.write("k", to: keys.write, after: 0.5)
        #expect(stream.next(lineTakesText: { false }) == .character(0x6B))
        // At most one call per `LiveWatch.gap` (50 ms) in the half second.
        #expect(calls >= 2 && calls <= 12, "\(calls) calls")
    }

    @Test func theDescriptorIsAskedForOnEveryWait() {
        let pipes = TestPipes()
        let (keys, first, second) = (pipes.keys, pipes.another(), pipes.another())
        let stream = KeyStream(fd: keys.read)
        var current = first.read
        stream.live = LiveWatch(
            descriptor: { current },
            lines: {
                TestPipes.drain(current)
                // A reconnect: another descriptor from now on.
                let was = current
                current = second.read
                return ["from \(was == first.read ? "first" : "second")"]
            })
        _ = Output.writeAll(first.write, [0x21])
        #expect(stream.next(lineTakesText: { false }) == .live(["from first"]))
        _ = Output.writeAll(first.write, [0x21])  // the old one is no longer watched
        TestPipes.write("!", to: second.write, after: 0.1)
        #expect(stream.next(lineTakesText: { false }) == .live(["from second"]))
        TestPipes.write("x", to: keys.write, after: 0.05)
        #expect(stream.next(lineTakesText: { false }) == .character(0x78))
    }

    @Test func withoutADescriptorTheRetryTimeWakesTheWait() {
        let keys = TestPipes().keys
        let stream = KeyStream(fd: keys.read)
        var calls = 0
        stream.live = LiveWatch(
            descriptor: { nil }, retryIn: { calls == 0 ? 30 : nil },
            lines: {
                calls += 1
                return ["tried again"]
            })
        #expect(stream.next(lineTakesText: { false }) == .live(["tried again"]))
        // Neither a descriptor nor a retry time: the keys alone, as without live lines.
        _ = Output.writeAll(keys.write, Array("q".utf8))
        #expect(stream.next(lineTakesText: { false }) == .character(0x71))
        #expect(calls == 1)
    }

    @Test func aBracketedPasteIsNotCutByAWakeUp() {
        let pipes = TestPipes()
        let (keys, wake) = (pipes.keys, pipes.another())
        let stream = KeyStream(fd: keys.read)
        stream.live = LiveWatch(
            descriptor: { wake.read },
            lines: {
                TestPipes.drain(wake.read)
                return ["news"]
            })
        _ = Output.writeAll(keys.write, Array("\u{1B}[200~one\r".utf8))
        TestPipes.write("!", to: wake.write, after: 0.05)
        TestPipes.write("two\u{1B}[201~", to: keys.write, after: 0.15)
        #expect(stream.next(lineTakesText: { false }) == .insert("one\ntwo", atEnd: false))
        #expect(stream.next(lineTakesText: { false }) == .live(["news"]))
    }

    @Test func theCursorRowCountsWrappedRowsAndNewlines() {
        #expect(EditLineReader.row(of: "cande> list", width: 80) == 0)
        #expect(EditLineReader.row(of: String(repeating: "x", count: 79), width: 80) == 0)
        #expect(EditLineReader.row(of: String(repeating: "x", count: 80), width: 80) == 1)
        #expect(EditLineReader.row(of: String(repeating: "x", count: 170), width: 80) == 2)
        #expect(EditLineReader.row(of: "ada> < Hi\nthere\nyou", width: 80) == 2)
        // A wide character that does not fit at the end of a row starts the next.
        #expect(EditLineReader.row(of: String(repeating: "x", count: 79) + "漢", width: 80) == 1)
    }
}
