import Conversation
import Foundation
import Store
import TestSupport
import Testing

@testable import CandeShell

/// Periods, meetings that have not happened, undo past a refusal, and report figures that say
/// what they count — through the command line, as users meet them.
@Suite struct ScheduleAndUndoTests {
    /// Monday 30 Nov to Sunday 6 Dec 2026, 09:00 in Berlin.
    static let week = (30...36).map { day in
        day <= 30 ? "2026-11-30T08:00:00Z" : "2026-12-0\(day - 30)T08:00:00Z"
    }

    /// `help agenda`'s own examples work on every day of the week (`agenda mon..fri` failed
    /// Monday to Friday), and so do the words Tab offers.
    @Test(arguments: week)
    func agendaExamplesWorkEveryDay(now: String) {
        let shell = ShellHarness(now: now)
        for example in AgendaCommand.spec.examples + ["agenda tomorrow", "agenda fri", "agenda next week"] {
            shell.ok(example)
        }
    }

    /// A period's ends resolve together: on Wednesday, `mon..fri` is this Monday to Friday, and
    /// `agenda fri` is that one day.
    @Test func periodsAreRanges() {
        let shell = ShellHarness(now: "2026-12-02T08:00:00Z")  // Wednesday
        #expect(shell.ok("agenda mon..fri").first == "Agenda Mon 30 Nov – Fri 4 Dec")
        #expect(shell.ok("agenda fri").first == "Agenda Fri 4 Dec")
        #expect(shell.ok("agenda tomorrow").first == "Agenda Thu 3 Dec")
        #expect(shell.ok("agenda next week").first == "Agenda Mon 7 Dec – Sun 13 Dec")
        shell.ok(#"add "Ada Lovelace""#)
        shell.ok(#"talk ada with:Sam as:peer at:"fri 15:00""#)
        #expect(shell.ok("agenda fri").contains { $0.contains("#1 ada-lovelace") })
        #expect(!shell.ok("agenda tomorrow").contains { $0.contains("#1 ada-lovelace") })
    }

    /// `done` of a meeting that has not started is refused (a check-in two months ahead was
    /// counted as held); `force:yes` is for one that was held early today.
    @Test func doneNeedsAMeetingThatStarted() throws {
        let shell = ShellHarness()
        shell.ok(#"add "Ada Lovelace""#)
        shell.ok(#"checkin ada at:"2027-02-01 10:00""#)
        shell.ok(#"talk ada with:Sam as:peer at:"today 16:00""#)
        let ahead = try #require(shell.failure("done #1 mood:+"))
        #expect(ahead.description.contains("#1"), "\(ahead)")
        #expect(shell.failure("done #1 force:yes") != nil, "a later day is refused even with force")
        #expect(shell.failure("done #2") != nil)
        #expect(shell.ok("done #2 force:yes mood:+ Held early").first?.hasPrefix("done #2 · ada-lovelace") == true)
        let state = try shell.reopened().state
        #expect(state.meeting(id: 1)?.status == .scheduled)
        #expect(state.meeting(id: 2)?.status == .done)
        // Once it has started, done needs no force.
        let later = ShellHarness(now: "2027-02-01T09:30:00Z", sharing: shell)
        #expect(later.ok("done #1").first?.hasPrefix("done #1") == true)
    }

    /// `hire start:` in the past would schedule check-ins in the past: refused, nothing written.
    @Test func hireInThePastIsRefused() throws {
        let shell = ShellHarness()
        shell.ok(#"add "Ada Lovelace""#)
        let error = try #require(shell.failure("hire ada start:2026-11-02"))
        #expect(error.description.contains("past"), "\(error)")
        let state = try shell.reopened().state
        #expect(state.candidates[0].status == .active)
        #expect(state.meetings.isEmpty)
        #expect(shell.ok("hire ada start:2026-12-07").first?.hasPrefix("hired ada-lovelace") == true)
    }

    /// One refused undo (someone changed the value since) no longer blocks every older undo:
    /// `undo` passes over it and says so; `undo #SEQ` names one.
    @Test func undoSkipsPastARefusal() throws {
        let rita = ShellHarness()
        let maria = ShellHarness(user: "maria", sharing: rita)
        rita.ok(#"add "Ada Lovelace""#)
        rita.ok("stage ada phone-screen")
        rita.ok("edit ada role:Backend")
        maria.ok("edit ada role:Frontend")
        let roleEdit = try #require(try rita.reopened().state.undoHistory(by: "rita").first?.seq)
        let undone = rita.ok("undo")
        #expect(undone.first?.hasPrefix("undid ") == true, "\(undone)")
        #expect(undone.contains { $0.contains("skipped") }, "\(undone)")
        let state = try rita.reopened().state
        #expect(state.candidates[0].stage == .applied, "the stage change was undone")
        #expect(state.candidates[0].role == "Frontend", "maria's value stays")
        // Naming the blocked change: refused with its reason, nothing changes.
        let refused = try #require(rita.failure("undo #\(roleEdit)"))
        #expect(refused.description.contains("since"), "\(refused)")
        #expect(try rita.reopened().state.candidates[0].role == "Frontend")
    }

    /// `report since:7d`: the figures say what they count, ratios keep numerator and denominator
    /// in the period, and "Waiting now" is about now.
    @Test func filteredReportSaysWhatItCounts() throws {
        let shell = ShellHarness()
        for n in 1...3 {
            shell.ok(#"add "Waiting \#(n)""#)
            shell.ok("log waiting-\(n) in at:-1d Any news?")
        }
        shell.ok(#"add "Old Reject""#)
        shell.ok("log old-reject in at:-30d Hello")
        shell.ok("log old-reject out at:-29d Thanks, we will be in touch")
        shell.ok("reject old-reject")
        let report = shell.ok("report since:7d")
        let waiting = try #require(report.first { $0.contains("Waiting now") })
        #expect(waiting.contains("3"), "\(waiting)")
        let asked = try #require(report.first { $0.contains("Feedback asked") })
        #expect(asked.contains("since"), "the ratio says its period: \(asked)")
        let jsonShell = ShellHarness(json: true, sharing: shell)
        let json = try #require(parseJSON(jsonShell.ok("report since:7d").joined()) as? [String: Any])
        #expect(json["waitingNow"] as? Int == 3)
        #expect((json["figures"] as? [[String: Any]])?.isEmpty == false)
    }
}
