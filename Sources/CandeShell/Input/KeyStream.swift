#if canImport(Glibc)
    import Glibc
#endif

/// What the line editor reads next from the terminal.
enum Key: Equatable {
    /// A typed character (a Unicode scalar value), for libedit's key bindings.
    case character(UInt32)
    /// Text for the line as it is, newlines included: a bracketed paste (at the cursor), or a
    /// line joined to a free-text command (`FastLines`, at the end of the line).
    case insert(String, atEnd: Bool)
    /// The terminal's input ended.
    case end
    /// A read failed (errno; EINTR: a signal such as Ctrl-C ended the wait).
    case failed(Int32)
    /// Not a key: lines to show above the prompt (`LiveWatch`), which came while waiting for one.
    case live([String])
}

/// The terminal's bytes as libedit's `EL_GETCFN` reads them: typed characters one at a time
/// (decoded from UTF-8), a bracketed paste (`ESC[200~` … `ESC[201~`) as one text to insert,
/// and the lines that arrive right after a free-text command's line end (`FastLines`). While it
/// waits for a key it also watches `live`, if set.
///
/// Like libedit's own reader it reads one byte at a time while keys are typed, so that what the
/// user types ahead stays in the terminal for whoever reads next (a pager, an editor); a paste
/// and the lines after a line end are read in blocks.
final class KeyStream {
    private let fd: Int32
    /// Bytes read but not yet handed out are `buffer[start...]`.
    private var buffer: [UInt8] = []
    private var start = 0
    /// The text of a paste whose start was read but not yet its end (a signal may come between).
    private var paste: [UInt8]?
    /// Drop the paste being read when it ends (Ctrl-C came during it).
    private var dropPaste = false
    /// The last line end joined a line: an unfinished line of the same burst is joined too.
    private var inBurst = false
    /// Watched while waiting for a key: lines to show come back as `.live`.
    var live: LiveWatch?
    /// `live` just woke the wait (see `LiveWatch.gap`).
    private var liveWoke = false

    static let pasteStart: [UInt8] = Array("\u{1B}[200~".utf8)
    static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    init(fd: Int32) { self.fd = fd }

    private var available: Int { buffer.count - start }

    /// The next key. `lineTakesText` says whether the line being edited is a free-text command;
    /// it is asked at a line end.
    func next(lineTakesText: () -> Bool) -> Key {
        while true {
            if paste != nil {
                switch readPaste() {
                case .insert(let text, _) where text.isEmpty: continue
                case let key: return key
                }
            }
            if available == 0, let live {
                switch live.wait(for: fd, handledWakeJustNow: &liveWoke) {
                case .input: break
                case .lines(let lines): return .live(lines)
                case .interrupted: return .failed(EINTR)
                }
            }
            if available == 0, let failure = fill(blocking: true, block: 1) { return failure }
            let first = buffer[start]
            if first == 0x1B, startsPaste() {
                start += Self.pasteStart.count
                paste = []
                inBurst = false
                continue
            }
            if first == 0x0A || first == 0x0D {
                if let key = lineEnd(first, takesText: lineTakesText) { return key }
                continue
            }
            inBurst = false
            return character()
        }
    }

    /// The paste being read is dropped when it ends (the line it was for was abandoned).
    func abandonPaste() {
        if paste != nil { dropPaste = true }
    }

    /// Reads what is there: one read of at most `block` bytes, waiting for it if `blocking`.
    /// Returns a key that ends the reading (the end, an error), or nil when bytes came.
    private func fill(blocking: Bool, block: Int) -> Key? {
        if !blocking && !FastLines.inputArrives(on: fd, within: 0) { return .failed(EAGAIN) }
        compact()
        var chunk = [UInt8](repeating: 0, count: block)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, block) }
        if n > 0 {
            buffer += chunk[..<n]
            return nil
        }
        return n == 0 ? .end : .failed(errno)
    }

    private func compact() {
        guard start > 0 else { return }
        buffer.removeFirst(start)
        start = 0
    }

    /// Whether the bytes at the start are the paste's start marker; waits briefly for the rest
    /// of it (a terminal sends it in one piece; ESC typed alone is not one).
    private func startsPaste() -> Bool {
        let marker = Self.pasteStart
        while true {
            let have = min(available, marker.count)
            guard buffer[start..<(start + have)].elementsEqual(marker[..<have]) else { return false }
            if have == marker.count { return true }
            guard FastLines.inputArrives(on: fd, within: FastLines.window),
                fill(blocking: true, block: 64) == nil
            else { return false }
        }
    }

    /// Reads on to the paste's end marker; the text comes back as one insert.
    private func readPaste() -> Key {
        while true {
            let searchFrom = max(0, paste!.count - Self.pasteEnd.count + 1)
            paste! += buffer[start...]
            start = buffer.count
            if let end = Self.find(Self.pasteEnd, in: paste!, from: searchFrom) {
                let text = Array(paste![..<end])
                let after = paste![(end + Self.pasteEnd.count)...]
                buffer = Array(after)
                start = 0
                paste = nil
                let dropped = dropPaste
                dropPaste = false
                return .insert(dropped ? "" : Self.pastedText(text), atEnd: false)
            }
            if let failure = fill(blocking: true, block: 4096) {
                if failure == .end {
                    // The input ended inside the paste: what came is still the user's text.
                    let text = paste!
                    paste = nil
                    return .insert(dropPaste ? "" : Self.pastedText(text), atEnd: false)
                }
                return failure
            }
        }
    }

    /// A line end (CR or LF; CR LF and LF CR are one, as is a pair the terminal swapped).
    /// Returns the key to give libedit, or nil when the bytes were consumed otherwise.
    private func lineEnd(_ byte: UInt8, takesText: () -> Bool) -> Key? {
        guard takesText() else {
            start += 1
            skipPairedLineEnd(after: byte)
            inBurst = false
            return .character(UInt32(byte))
        }
        start += 1
        skipPairedLineEnd(after: byte)
        if available == 0, FastLines.inputArrives(on: fd, within: FastLines.window) {
            _ = fill(blocking: true, block: 64 << 10)
            skipPairedLineEnd(after: byte)
        }
        if available > 0, buffer[start] != 0x1B {
            // More came at once: read all that is there, to see whether it has a line end.
            while fill(blocking: false, block: 64 << 10) == nil {}
            let rest = buffer[start...]
            if let end = rest.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                let line = Self.pastedText(Array(buffer[start..<end]))
                start = end
                inBurst = true
                return .insert("\n" + line, atEnd: true)
            }
            let tail = Self.wholeCharacters(Array(rest))
            if inBurst, !tail.isEmpty {
                start += tail.count
                inBurst = false
                return .insert("\n" + Self.pastedText(tail), atEnd: true)
            }
        }
        inBurst = false
        return .character(UInt32(byte))
    }

    /// After a CR, an LF that is already there belongs to it (and a CR after an LF).
    private func skipPairedLineEnd(after byte: UInt8) {
        guard available > 0 else { return }
        let next = buffer[start]
        if (byte == 0x0D && next == 0x0A) || (byte == 0x0A && next == 0x0D) { start += 1 }
    }

    /// The next character, decoded from UTF-8; bytes that are not UTF-8 are dropped, as libedit
    /// drops them.
    private func character() -> Key {
        while true {
            if available == 0, let failure = fill(blocking: true, block: 1) { return failure }
            let lead = buffer[start]
            let length = Self.sequenceLength(lead)
            guard length > 0 else {
                start += 1
                continue
            }
            while available < length {
                if let failure = fill(blocking: true, block: length - available) { return failure }
            }
            let bytes = buffer[start..<(start + length)]
            guard let scalar = String(validating: bytes, as: UTF8.self)?.unicodeScalars.first else {
                start += 1
                continue
            }
            start += length
            return .character(scalar.value)
        }
    }

    /// The length of a UTF-8 sequence from its first byte; 0 for a byte that cannot start one.
    static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }

    /// `bytes` without an unfinished UTF-8 sequence at their end.
    static func wholeCharacters(_ bytes: [UInt8]) -> [UInt8] {
        var cut = bytes.count
        var k = bytes.count - 1
        while k >= 0, k >= bytes.count - 4 {
            let b = bytes[k]
            if b & 0xC0 != 0x80 {
                if k + sequenceLength(b) > bytes.count { cut = k }
                break
            }
            k -= 1
        }
        return Array(bytes[..<cut])
    }

    /// Pasted bytes as line text: CR, LF, CR LF (and LF CR) become "\n"; NUL is dropped;
    /// bytes that are not UTF-8 become U+FFFD.
    static func pastedText(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var k = 0
        while k < bytes.count {
            let b = bytes[k]
            if b == 0x0D || b == 0x0A {
                out.append(0x0A)
                if k + 1 < bytes.count, bytes[k + 1] == (b == 0x0D ? 0x0A : 0x0D) { k += 1 }
            } else if b != 0 {
                out.append(b)
            }
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where `needle` starts in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        for k in from...(haystack.count - needle.count)
        where haystack[k] == needle[0] && haystack[k..<(k + needle.count)].elementsEqual(needle) {
            return k
        }
        return nil
    }
}
