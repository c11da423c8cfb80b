/// One character per value, its height the value's place on a fixed scale: `▁▂▃▄▅▆▇█`, or
/// `_.-:=+*#` in ASCII; a blank where there is no value (a week with nothing to count).
struct Sparkline {
    let low: Double
    let high: Double
    let charset: Charset

    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiLevels: [Character] = ["_", ".", "-", ":", "=", "+", "*", "#"]

    /// 0 (lowest) … 7 (highest); values outside the scale are drawn at its ends.
    func level(_ value: Double) -> Int {
        guard high > low else { return 0 }
        let place = ((value - low) / (high - low) * 7).rounded()
        return Int(min(7, max(0, place)))
    }

    func draw(_ values: [Double?]) -> String {
        let levels = charset == .unicode ? Self.blocks : Self.asciiLevels
        return String(values.map { $0.map { levels[level($0)] } ?? " " })
    }
}
