import Conversation
import Foundation
import TestSupport
import Testing

@testable import CandeShell

/// The report's charts (README "The report"): the stage funnel's bars on one scale, fitting the
/// width, and `by:week`'s sparklines, the same series as `--json`; plain ASCII with `LANG=C`.
@Suite("Report charts")
struct ReportChartTests {
    /// Columns a bar covers, in eighths: full blocks count 8, the partial block its eighths.
    static func eighths(_ bar: Substring) -> Int {
        bar.reduce(0) { sum, c in
            if c == "█" { return sum + 8 }
            if let n = BarChart.eighths.firstIndex(of: String(c)), n > 0 { return sum + n }
            return sum
        }
    }

    /// The bars of one funnel line: each run of block characters.
    static func bars(_ line: String) -> [Substring] {
        let blocks = Set("█▉▊▋▌▍▎▏")
        return line.split(whereSeparator: { !blocks.contains($0) })
    }

    @Test("the locale decides: UTF-8 draws blocks, C / POSIX / other character sets ASCII; LC_ALL first")
    func charset() {
        for locale in ["C.UTF-8", "en_US.UTF-8", "de_DE.utf8", "C.utf-8", "sr_RS.UTF-8@latin"] {
            #expect(Charset.from(locale: locale) == .unicode, "\(locale)")
        }
        for locale in ["C", "POSIX", "en_US", "de_DE.ISO-8859-1", "ja_JP.eucJP"] {
            #expect(Charset.from(locale: locale) == .ascii, "\(locale)")
        }
        func resolved(_ env: [String: String]) -> Charset { Charset.fromEnvironment { env[$0] } }
        #expect(resolved(["LC_ALL": "C", "LANG": "en_US.UTF-8"]) == .ascii)
        #expect(resolved(["LC_ALL": "", "LC_CTYPE": "C.UTF-8", "LANG": "C"]) == .unicode)
        #expect(resolved(["LANG": "C"]) == .ascii)
        #expect(resolved([:]) == .unicode)
        let ascii = Charset.ascii("8 held · 3 scheduled — “quoted” … → ≤ é")
        #expect(ascii == "8 held, 3 scheduled - \"quoted\" ... -> <= ?")
        #expect(ascii.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test("a bar is as long as its count on the scale, to the eighth; any count above zero shows")
    func barLengths() {
        for scale in [0.05, 0.7, 1.0, 2.3] {
            let chart = BarChart(scale: scale, charset: .unicode)
            let ascii = BarChart(scale: scale, charset: .ascii)
            #expect(chart.bar(0).isEmpty && ascii.bar(0).isEmpty)
            for count in 1...60 {
                let bar = chart.bar(count)
                let exact = Double(count) * scale * 8
                let drawn = Self.eighths(bar[...])
                #expect(drawn >= 1, "\(count) at \(scale)")
                #expect(Double(drawn) >= exact - 0.5 || drawn == 1, "\(count) at \(scale): \(drawn) vs \(exact)")
                #expect(Double(drawn) <= max(exact + 0.5, 1), "\(count) at \(scale): \(drawn) vs \(exact)")
                #expect(DisplayWidth.of(bar) == chart.width(count))
                let hashes = ascii.bar(count)
                #expect(hashes.allSatisfy { $0 == "#" })
                #expect(abs(Double(hashes.count) - Double(count) * scale) <= 0.5 || hashes.count == 1)
            }
        }
    }

    @Test("sparklines: the scale's ends are the lowest and highest marks, no value is a blank")
    func sparkline() {
        let line = Sparkline(low: 0, high: 10, charset: .unicode)
        #expect(line.draw([0, 10, nil, 5, -3, 99]) == "▁█ ▅▁█")
        #expect(Sparkline(low: 1, high: 5, charset: .ascii).draw([1, 5, nil, 3]) == "_# =")  // 3.5 of 7: up
        #expect(Sparkline(low: 0, high: 0, charset: .unicode).draw([0, 0]) == "▁▁")
        let ramp = (0...7).map { Double($0) as Double? }
        #expect(Sparkline(low: 0, high: 7, charset: .unicode).draw(ramp) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline(low: 0, high: 7, charset: .ascii).draw(ramp) == "_.-:=+*#")
    }

    static func figures(_ counts: [(Int, Int, Int)]) -> [Report.StageFigures] {
        zip(Stage.allCases, counts).map { stage, c in
            var f = Report.StageFigures(stage: stage)
            (f.reached, f.rejected, f.asked) = c
            return f
        }
    }

    @Test("the funnel fits every width, one scale for the three columns, longer bars when wider")
    func funnelFits() {
        let counts = [(32, 0, 0), (32, 0, 0), (32, 2, 0), (30, 2, 1), (24, 1, 0), (0, 0, 0), (17, 0, 0), (13, 1, 1)]
        let chart = FunnelChart(
            stages: Self.figures(counts), now: [.applied: 3], charset: .unicode, style: Style(enabled: false))
        var previous = 0
        for width in [50, 60, 72, 80, 100, 132, 200] {
            let lines = chart.lines(width: width)
            for line in lines { #expect(DisplayWidth.of(line) <= width, "\(width): \(line)") }
            guard let scale = chart.scale(width: width) else {
                // Too narrow for bars: the numbers alone, every stage.
                #expect(!lines.joined().contains("█"), "\(width)")
                #expect(lines.count == counts.count + 1)
                continue
            }
            let rows = lines.dropFirst(2)
            #expect(rows.count == counts.count)
            for (row, (reached, rejected, asked)) in zip(rows, counts) {
                let drawn = Self.bars(row).map { Self.eighths($0) }
                let expected = [reached, rejected, asked].filter { $0 > 0 }
                #expect(drawn.count == expected.count, "\(row)")
                for (bar, count) in zip(drawn, expected) {
                    #expect(abs(Double(bar) - Double(count) * scale * 8) <= 0.5, "\(width): \(row)")
                }
            }
            let longest = Self.eighths(Self.bars(Array(rows)[0])[0])
            #expect(longest > previous, "\(width)")
            previous = longest
            // The longest bar takes most of what the other columns leave.
            #expect(longest / 8 >= (width - 1 - 56) * 8 / 10, "\(width): \(longest / 8) columns")
        }
        #expect(chart.scale(width: 80) != nil)
    }

    /// Two candidates over four weeks: Ada wrote Tue 10 Nov and got an answer 3 h later, wrote
    /// again Thu 26 Nov and waits; Bob wrote Tue 17 Nov, got one 48 h later, was rejected, asked
    /// and rated 4 this week.
    static func store(_ shell: ShellHarness) {
        shell.ok("add Ada Lovelace")
        shell.ok("add Bob Kahn")
        shell.ok("log ada-lovelace in at:2026-11-10T09:00 Hello")
        shell.ok("log ada-lovelace out at:2026-11-10T12:00 Hi Ada")
        shell.ok("log bob-kahn in at:2026-11-17T09:00 Hello")
        shell.ok("log bob-kahn out at:2026-11-19T09:00 Hi Bob")
        shell.ok("log ada-lovelace in at:2026-11-26T09:00 Any news?")
        shell.ok("reject bob-kahn")
        shell.ok("ask bob-kahn")
        shell.ok("feedback bob-kahn rating:4 recommend:yes Fair process")
    }

    @Test("report by:week --json: the weekly series, worked out by hand")
    func weeklyJSON() throws {
        let text = ShellHarness()
        Self.store(text)
        let json = ShellHarness(json: true, sharing: text)
        let plain = try #require(parseJSON(json.ok("report").joined()) as? [String: Any])
        #expect(plain["weeks"] == nil)
        let r = try #require(parseJSON(json.ok("report by:week").joined()) as? [String: Any])
        let weeks = try #require(r["weeks"] as? [[String: Any]])
        #expect(weeks.map { $0["monday"] as? String } == ["2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"])
        #expect(weeks.map { $0["week"] as? String } == ["2026-W46", "2026-W47", "2026-W48", "2026-W49"])
        #expect(weeks.map { $0["medianReplyHours"] as? Double } == [3, 48, nil, nil])
        #expect(weeks.map { $0["replies"] as? Int } == [1, 1, 0, 0])
        #expect(weeks.map { $0["waiting"] as? Int } == [0, 0, 1, 1])
        #expect(weeks.map { $0["rejectedOrWithdrawn"] as? Int } == [0, 0, 0, 1])
        #expect(weeks.map { $0["feedbackAskedShare"] as? Double } == [nil, nil, nil, 1])
        #expect(weeks.map { $0["averageRating"] as? Double } == [nil, nil, nil, 4])
        #expect(weeks.first?["start"] as? String == "2026-11-08T23:00:00Z")  // Monday 00:00 in Berlin
        #expect(weeks.last?["end"] as? String == "2026-12-06T23:00:00Z")  // next Monday
        #expect(weeks.last?["waiting"] as? Int == r["waitingNow"] as? Int)
        // by:week is not an author filter: the figures are those of the plain report.
        #expect(r["medianReplyHours"] as? Double == plain["medianReplyHours"] as? Double)
        #expect(r["replies"] as? Int == 2)
        // Another by: still chooses authors: nobody called maria wrote anything.
        let maria = try #require(parseJSON(json.ok("report by:week by:maria").joined()) as? [String: Any])
        #expect(maria["replies"] as? Int == 0)
        #expect((maria["weeks"] as? [[String: Any]])?.allSatisfy { $0["replies"] as? Int == 0 } == true)
    }

    @Test("report by:week draws the same series as sparklines, and the funnel on one scale")
    func weeklyText() throws {
        let shell = ShellHarness()
        Self.store(shell)
        let lines = shell.ok("report by:week")
        let start = try #require(lines.firstIndex { $0.hasPrefix(" Week by week") })
        #expect(lines[start].contains("4 weeks from the week of Mon 9 Nov (left) to this week (right)"))
        func row(_ label: String) -> String? {
            lines[start...].first { $0.hasPrefix(" " + label) }.map { String($0.dropFirst(20).prefix(4)) }
        }
        #expect(row("Median reply") == "▁█  ")  // 3 h and 48 h on 0–48 h; no replies after
        #expect(row("Waiting") == "▁▁██")
        #expect(row("Feedback asked") == "   █")
        #expect(row("Average rating") == "   ▆")  // 4 on 1–5
        #expect(lines[start...].contains { $0.contains("now 1 · highest 1") })
        // Ending before now, the last week's waiting is at the period's end, not now.
        let earlier = shell.ok("report by:week until:2026-11-22")
        let title = earlier.drop { !$0.hasPrefix(" Week by week") }.prefix(2).joined(separator: " ")
        #expect(title.contains("2 weeks from the week of Mon 9 Nov (left) to the week of Mon 16"), "\(title)")
        #expect(earlier.contains { $0.hasPrefix(" Waiting") && $0.contains("0 at the period's end · highest 0") })
        // The funnel: both reached applied, Bob was rejected and asked there: bars 2 : 1 : 1.
        let applied = try #require(lines.first { $0.hasPrefix(" applied ") })
        let bars = Self.bars(applied).map { Self.eighths($0) }
        #expect(bars.count == 3)
        #expect(bars.count == 3 && abs(bars[0] - 2 * bars[1]) <= 1 && bars[1] == bars[2], "\(applied)")
        for line in lines { #expect(DisplayWidth.of(line) <= 80, "\(line)") }
    }

    @Test("LANG=C: the whole report in ASCII, charts included; a UTF-8 locale draws blocks")
    func asciiLocale() throws {
        let directory = TemporaryDirectory("cande-charts")
        var env = Cande.environment(store: directory.path + "/store")
        let setup = [
            "add Ada Lovelace", "log ada-lovelace in at:2026-11-10T09:00 Hello",
            "log ada-lovelace out at:2026-11-10T12:00 Hi", "add Bob Kahn", "log bob-kahn in at:2026-11-17T09:00 Hi",
            "log bob-kahn out at:2026-11-19T09:00 Hello", "reject bob-kahn",
        ]
        #expect(Cande.run(setup.flatMap { ["-c", $0] }, environment: env).status == 0)
        env["COLUMNS"] = "100"
        for locale in [["LANG": "C"], ["LANG": "POSIX"], ["LC_ALL": "C", "LANG": "en_US.UTF-8"]] {
            var e = env
            e["LANG"] = nil
            e.merge(locale) { $1 }
            let run = Cande.run(["-c", "report by:week"], environment: e)
            #expect(run.status == 0)
            #expect(run.stdout.utf8.allSatisfy { $0 < 0x80 }, "\(locale): \(run.stdout)")
            #expect(run.stdout.contains(" Week by week, 4 weeks"))
            #expect(run.stdout.contains(" applied              2  2 #"), "\(run.stdout)")
            #expect(run.stdout.contains(" Median reply       _# "), "\(run.stdout)")
        }
        let unicode = Cande.run(["-c", "report by:week"], environment: env).stdout
        #expect(unicode.contains(" Median reply       ▁█ "), "\(unicode)")
        #expect(unicode.contains("██"))
        #expect(unicode.contains(" · "))
        // JSON is the same whatever the locale.
        var c = env
        c["LANG"] = "C"
        #expect(
            Cande.run(["--json", "-c", "report by:week"], environment: c).stdout
                == Cande.run(["--json", "-c", "report by:week"], environment: env).stdout)
    }
}
