import Conversation
import Store

/// Commits a plan of many changes as imports do (`import mail`, `import json`): in one group, so
/// one write and one fsync at the end (or at the end of the run's group, when the run already
/// groups its commands). The plan is made once, under the write lock, from the state the first
/// change is committed on, so it sees what other processes wrote; anything it throws fails the
/// command before a change is written. An empty plan writes nothing and is no failure.
extension Session {
    /// Returns the first record's seq, nil when nothing was written.
    func commitGroup(progress: ProgressLine, plan: (State) throws -> [Change]) throws(ShellError) -> Int64? {
        let store = try store()
        let grouping = groupCommits
        groupCommits = true
        defer { groupCommits = grouping }
        var changes: [Change]?
        var next = 0
        var first: Int64?
        var failure: ShellError?
        do throws(ShellError) {
            repeat {
                progress.update(next)
                let record = try commit { (state) throws -> Change in
                    if changes == nil { changes = try plan(state) }
                    guard next < changes!.count else { throw EmptyPlan() }
                    defer { next += 1 }
                    return changes![next]
                }
                if first == nil { first = record.seq }
            } while next < changes!.count
        } catch {
            if changes?.isEmpty != true { failure = error }
        }
        if !grouping {
            do {
                try store.flush()
            } catch {
                throw failure ?? .store(error)
            }
        }
        if let failure { throw failure }
        return first
    }
}

/// Thrown from the first commit's build when the plan has no change: nothing is written.
private struct EmptyPlan: Error {}
