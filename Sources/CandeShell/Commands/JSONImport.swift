import Conversation
import Store

/// `import json FILE [merge:yes]`: restores an `export json` (README "Backing up and
/// restoring"). Into an empty store every candidate, entry and meeting comes back with its id,
/// author and times, so that `export json` of the result is the file again but for `exported`;
/// `merge:yes` adds a backup to a store that has candidates, with new ids. All or nothing: the
/// file is read and checked whole, the plan is tried on a copy of the state under the write
/// lock, and only then are its changes committed, in one group (one write, one fsync).
enum JSONImport {
    static func run(path: String, merge: Bool, session: Session) throws(ShellError) -> any CommandResult {
        let file = UserFile(path)
        let bytes = try file.read()
        let backup: Backup
        do throws(BackupReader.Failure) {
            backup = try BackupReader.read(bytes)
        } catch {
            throw .badBackup(path: file.display, place: error.place, reason: error.reason)
        }
        guard !backup.candidates.isEmpty else { return Restored(plan: nil, seq: nil, merged: merge) }

        var plan: RestorePlan?
        let items = backup.candidates.count + backup.entries.count + backup.meetings.count
        let progress = ProgressLine("restoring", total: items, session: session)
        defer { progress.clear() }
        let first = try session.commitGroup(progress: progress) { (state) throws -> [Change] in
            let made = try Self.plan(backup, file: file, state: state, merge: merge, session: session)
            plan = made
            return made.changes.map(\.change)
        }
        return Restored(plan: plan, seq: first, merged: merge)
    }

    /// The plan for the store as it is under the write lock, tried on a copy of its state: a
    /// change that would not apply fails the import before anything is written.
    private static func plan(_ backup: Backup, file: UserFile, state: State, merge: Bool, session: Session)
        throws(ShellError) -> RestorePlan
    {
        let plan: RestorePlan
        do throws(RestorePlan.Refusal) {
            plan = try RestorePlan(backup, state: state, merge: merge, importSeq: state.lastSeq + 1)
        } catch {
            switch error {
            case .notEmpty(let why): throw .restoreNeedsEmptyStore(path: file.display, why: why)
            case .collisions(let list): throw .restoreCollisions(path: file.display, collisions: list)
            case .failed(let place, let reason): throw .badBackup(path: file.display, place: place, reason: reason)
            }
        }
        var trial = state
        let now = session.now()
        for (n, item) in plan.changes.enumerated() {
            let record = Record(seq: state.lastSeq + 1 + Int64(n), ts: now, by: session.user, change: item.change)
            do throws(ChangeError) {
                try trial.apply(record)
            } catch {
                throw .badBackup(path: file.display, place: item.place, reason: error.description)
            }
        }
        return plan
    }
}
