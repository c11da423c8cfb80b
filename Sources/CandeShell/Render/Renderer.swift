import Conversation
import Store

/// The one place output is written (README "Architecture"): a command's result becomes its one
/// JSON document (with `--json`), raw bytes (an export to standard output), or text lines
/// fitted to the width.
enum Renderer {
    /// Writes `result`; returns how many text lines it had (before fitting; 0 for JSON and raw
    /// bytes), so that a question's answer can skip what its `shown` already said.
    /// `skipping`: text lines already shown.
    @discardableResult
    static func render(_ result: any CommandResult, json: Bool, session: Session, skipping: Int = 0) -> Int {
        if json {
            var w = JSONWriter(capacity: 1024)
            result.json(&w)
            guard !w.bytes.isEmpty else { return 0 }
            w.bytes.append(0x0A)
            session.out.bytes(w.bytes)
            return 0
        }
        if let raw = result as? RawResult {
            // On a terminal, a CSV or calendar is shown with its control characters escaped;
            // into a file or a pipe it stays exact.
            if Terminal.isTerminal(1) {
                session.out.write(SafeText.keepingLineEnds(String(decoding: raw.bytes, as: UTF8.self)))
            } else {
                session.out.bytes(raw.bytes)
            }
            return 0
        }
        let lines = result.text(TextContext(session: session, width: session.width))
        for line in lines.dropFirst(skipping) {
            for piece in LineFitter.fit(line, width: session.width) { session.out.line(piece) }
        }
        return lines.count
    }
}
