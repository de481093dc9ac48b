import Foundation

/// Applying a validated policy change to one instance (R3–R5).
extension Tx {
    /// Applies `change` to `old` at `now`. The change was validated with
    /// `Instance.refusal(of:at:)`; `series` are the instance's closed series, left as
    /// the change leaves them; `backups` its stored local backups of the last day, `sid` the first of
    /// the series IDs reserved for a new epoch.
    /// `continuing`: the policy was already in force in the account the state
    /// was imported from, copying as it goes: no R4.3 copy and no R4.4 catch-up
    /// are started, the copies simply go on from now.
    func applyPolicy(_ old: Instance, _ asked: PolicyChange, series: inout [FileSeries],
                     backups: [StoredBackup], sid: Int64, continuing: Bool = false) throws -> Instance {
        let change = asked.forSource(old.regionID)
        let released = old.isReleased
        let enabled = released ? old.backupEnabled : (change.backupEnabled ?? old.backupEnabled)
        let destination = enabled && !released ? (change.destination ?? old.backupRegion) : old.backupRegion
        let retention = change.retentionDays ?? old.retentionDays
        let log = released ? old.logBackupEnabled
            : enabled && (change.logBackupEnabled ?? (old.backupEnabled && old.logBackupEnabled))
        let disabling = old.backupEnabled && !enabled
        guard enabled != old.backupEnabled || destination != old.backupRegion
              || retention != old.retentionDays || log != old.logBackupEnabled else { return old }

        var inst = old
        let pending = try closeEpoch(&inst, series: &series)

        // R5.1, R5.2: shortening (and disabling) never makes a file expire within 7 days.
        let floor = (retention < old.retentionDays || disabling) ? max(old.expiryFloor, now + PolicyChange.shorteningFloorDays * UTCTime.day)
            : old.expiryFloor
        if retention != old.retentionDays || floor != old.expiryFloor {
            try deleteExpired(old, series: &series)
        }
        if !enabled { try dropPendingCopies(series: &series) }

        inst.backupEnabled = enabled
        inst.backupRegion = destination
        inst.retentionDays = retention
        inst.logBackupEnabled = log
        inst.expiryFloor = floor
        if enabled && !old.backupEnabled { inst.backupEnabledAt = now }
        if log && !old.logBackupEnabled { inst.logBackupEnabledAt = now }

        if enabled && !released {
            try openEpoch(&inst, after: old, series: &series, pending: pending, backups: backups, sid: sid, continuing: continuing)
        }
        inst.retainedUntil = Tx.retainedUntil(inst, series)
        try save(inst, changedFrom: old)
        return inst
    }

    /// Starts copying under the new policy: the R4.3 copy when the switch
    /// was just turned on, the binlog chain of R4.4 when log backup was.
    private func openEpoch(_ inst: inout Instance, after old: Instance, series: inout [FileSeries],
                           pending: FileSeries?, backups: [StoredBackup], sid: Int64, continuing: Bool) throws {
        inst.epochAt = now
        inst.epochSID = sid
        if continuing || !inst.enablingTriggersBackup {
            // Cloud-disk rules: enabling copies nothing made before it and takes no backup; the
            // next local backup is the first copy (a copy already due is still made).
            if !continuing, old.backupEnabled, let p = pending {
                (inst.seedBackupStart, inst.seedBackupEnd, inst.seedCopyAt) = (p.sourceStart0, p.sourceEnd0, p.t0)
            }
            inst.logChainStart = inst.logBackupEnabled ? UTCTime.floorHour(now) : nil
            return
        }
        var triggered = false
        func trigger() throws -> (start: Seconds, end: Seconds) {
            let b = (start: now, end: now + inst.backupSeconds)
            try insertLocalBackup(of: inst.seq, start: b.start, end: b.end, mode: "Automated", initiator: "System")
            triggered = true
            return b
        }
        let valid = latestValidBackup(inst, stored: backups)
        if !old.backupEnabled {
            // R4.3: copy the valid backup of the last 24 hours, or take one now and copy it when done.
            if let b = valid {
                (inst.seedBackupStart, inst.seedBackupEnd, inst.seedCopyAt) = (b.start, b.end, now)
            } else {
                let b = try trigger()
                (inst.seedBackupStart, inst.seedBackupEnd, inst.seedCopyAt) = (b.start, b.end, b.end)
            }
        } else if let p = pending {
            (inst.seedBackupStart, inst.seedBackupEnd, inst.seedCopyAt) = (p.sourceStart0, p.sourceEnd0, p.t0)
        }
        guard inst.logBackupEnabled else { return }
        if old.backupEnabled && old.logBackupEnabled || triggered {
            inst.logChainStart = UTCTime.floorHour(now)
            return
        }
        // R4.4: copy the continuous binlogs since the latest valid backup, or start a chain from a new backup.
        if let b = valid, inst.localLogsContinuous(from: b.end, to: now) {
            let copied = series.filter { $0.kind == .log }
                .compactMap { s -> Seconds? in
                    let hi = s.lastIndex(upTo: now)
                    return hi >= 0 ? s.sourceEnd(hi) : nil
                }.max() ?? Seconds.min
            inst.logChainStart = max(UTCTime.floorHour(b.end), copied)
            return
        }
        let b = try trigger()
        if inst.seedCopyAt == nil {
            (inst.seedBackupStart, inst.seedBackupEnd, inst.seedCopyAt) = (b.start, b.end, b.end)
        } else {
            let copy = FileSeries(sid: sid + 3, kind: .data, destination: inst.backupRegion ?? "", t0: b.end,
                                  period: 0, firstIndex: 0, endAt: b.end, sizeBytes: inst.dataBytes,
                                  copySeconds: inst.dataCopySeconds, sourceStart0: b.start, sourceEnd0: b.end,
                                  bankedSeconds: 0, seq0: 0)
            try insert(copy, of: inst.seq)
            series.append(copy)
        }
        inst.logChainStart = UTCTime.floorHour(now)
    }

    /// Validates `change` for every instance, then applies it to all of them,
    /// or to none (R3.8). `inForce`: an import of a policy the account has in force (see
    /// `Instance.refusal(of:at:inForce:)`); `continuing`: its copies go on (see `applyPolicy`).
    func modifyPolicy(ids rawIDs: [String], change: PolicyChange, regionID: String? = nil,
                      inForce: Bool = false, continuing: Bool = false) throws -> [Instance] {
        var after: [Instance] = []
        try changePolicy(ids: rawIDs, change: change, regionID: regionID, inForce: inForce, continuing: continuing) {
            after.append($0.after)
        }
        return after
    }

    /// `modifyPolicy`, with each instance before and after the change and its closed series
    /// before and after it (what an impact weighs), all kept (tests; a batch's parts).
    func changePolicy(ids rawIDs: [String], change: PolicyChange, regionID: String? = nil) throws -> PolicyOutcome {
        var outcome = PolicyOutcome()
        try changePolicy(ids: rawIDs, change: change, regionID: regionID) { outcome.append($0) }
        return outcome
    }

    /// Instances a policy change reads, checks and changes at a time: what it holds in memory
    /// is a part's, whatever the size of the batch.
    static let policyPart = 1_000

    /// `modifyPolicy`, handing `each` every instance's step (before and after, closed series
    /// before and after) in the order asked, each once, and keeping none of them. In a dry
    /// run (`Tx.dryRun`), the same rules give the same steps and nothing is written.
    ///
    /// It goes a part at a time: reads a part's instances, checks them, changes them. Once an
    /// instance refuses, nothing more is changed; the rest are only checked, and the refusal
    /// names every instance that refuses. What the earlier parts changed is undone by the
    /// caller's transaction, which a refusal ends (every `Engine` write), or by a savepoint
    /// around the call when the caller goes on after a refusal (an import). A savepoint here
    /// would cost every change a copy of each page it writes (a fifth of a batch's time).
    func changePolicy(ids rawIDs: [String], change: PolicyChange, regionID: String? = nil,
                      inForce: Bool = false, continuing: Bool = false, each: (PolicyStep) throws -> Void) throws {
        guard !change.isEmpty else {
            throw EngineError(.parameterLeastAssociate,
                              "Give at least one of BackupEnabled, CrossBackupRegion, Retention and LogBackupEnabled.")
        }
        var seen = Set<String>()
        let ids = rawIDs.map { $0.trimmingSpaces() }.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard !ids.isEmpty else { throw EngineError.missing("DBInstanceId") }
        let pulled = try !dryRun && isPulled()
        var failures: [EngineError.Failure] = []
        var errors: [EngineError] = []
        var sid = try reserveEpochSIDs(ids.count)
        for start in stride(from: 0, to: ids.count, by: Self.policyPart) {
            let part = ids[start..<min(ids.count, start + Self.policyPart)]
            // Each instance is moved out of what was read, not copied: an instance is a few dozen fields.
            var found = try instances(ids: Array(part))
            var targets: [Instance?] = []  // each taken out in turn (`take()`), not copied
            targets.reserveCapacity(part.count)
            for id in part {
                let problem: EngineError?
                if let inst = found.removeValue(forKey: id) {
                    problem = regionID.map { !Region.sharesEndpoint($0, with: inst.regionID) } == true
                        ? .instanceNotFound(id, in: regionID!) : inst.refusal(of: change, at: now, inForce: inForce)
                    if problem == nil { targets.append(inst) }
                } else {
                    problem = .instanceNotFound(id)
                }
                if let problem {
                    failures.append(.init(instanceID: id, problem))
                    errors.append(problem)
                }
            }
            guard errors.isEmpty else { continue }  // only checked from here on
            let seqs = targets.compactMap { $0?.seq }
            let stored = try storedSeries(of: seqs)
            let backups = try storedLocalBackups(of: seqs, endingFrom: now - UTCTime.day, to: now)
            var before: [Instance] = [], after: [Instance] = []  // kept only for a pulled state's record
            if pulled {
                before.reserveCapacity(targets.count)
                after.reserveCapacity(targets.count)
            }
            for i in targets.indices {
                guard let inst = targets[i].take() else { continue }
                var series = stored[inst.seq] ?? []
                let changed = try applyPolicy(inst, change, series: &series, backups: backups[inst.seq] ?? [],
                                              sid: sid, continuing: continuing)
                sid += Instance.sidsPerEpoch
                if pulled {
                    before.append(inst)
                    after.append(changed)
                }
                try each(PolicyStep(before: inst, after: changed, storedBefore: stored[inst.seq] ?? [], storedAfter: series))
            }
            if pulled { try recordPlanned(before: before, after: after, series: stored) }
        }
        if let first = errors.first {
            if ids.count == 1 { throw first }
            let lines = failures.map { "\($0.instanceID): \($0.explanation)" }.joined(separator: "\n")
            throw first.with(explanation: "\(failures.count) of \(ids.count) instances cannot be modified; nothing was changed.\n\(lines)",
                             failures: failures)
        }
    }
}

/// One instance's part in a policy change.
struct PolicyStep {
    /// The instance as it was.
    let before: Instance
    /// The instance as the change leaves it.
    let after: Instance
    /// Its closed series before the change, and as it leaves them (the series of the
    /// epoch in force are not stored: they follow from the instance).
    let storedBefore: [FileSeries]
    let storedAfter: [FileSeries]
}

/// What a policy change does to the instances it names, each at the same place in every array.
struct PolicyOutcome {
    /// The instances as they were, in the order asked (each once).
    var before: [Instance] = []
    /// The instances as the change leaves them.
    var after: [Instance] = []
    /// Their closed series before the change, and as it leaves them.
    var storedBefore: [[FileSeries]] = []
    var storedAfter: [[FileSeries]] = []

    mutating func append(_ step: PolicyStep) {
        before.append(step.before)
        after.append(step.after)
        storedBefore.append(step.storedBefore)
        storedAfter.append(step.storedAfter)
    }
}
