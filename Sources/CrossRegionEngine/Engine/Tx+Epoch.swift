/// Opening and closing epochs: the moments where the open series of an
/// instance become stored rows, and where retention changes are applied to
/// the files already made (R4, R5).
extension Tx {
    /// Ends the epoch in force at `now`: its files so far become stored
    /// series. Returns the R4.3 copy that has not started yet, if any.
    func closeEpoch(_ inst: inout Instance, series: inout [FileSeries]) throws -> FileSeries? {
        guard inst.epochAt != nil else { return nil }
        var pending: FileSeries? = nil
        for var s in inst.epochSeries {
            s.endAt = now
            if s.lastIndex(upTo: now) >= 0 {
                try insert(s, of: inst.seq)
                series.append(s)
            } else if s.period == 0 {
                pending = s
            }
        }
        inst.epochAt = nil
        inst.epochSID = nil
        inst.seedBackupStart = nil
        inst.seedBackupEnd = nil
        inst.seedCopyAt = nil
        inst.logChainStart = nil
        return pending
    }

    /// Deletes the files that expired under the settings in force until now
    /// (banking their storage), before the retention or floor changes.
    func deleteExpired(_ inst: Instance, series: inout [FileSeries]) throws {
        for i in series.indices {
            let before = series[i]
            series[i].deleteExpired(at: now, retention: inst.retentionSeconds, floor: inst.expiryFloor)
            if series[i] != before { try update(series[i]) }
        }
    }

    /// Drops stored copies that would start after now (a copy of a backup
    /// still running when copying stops).
    func dropPendingCopies(series: inout [FileSeries]) throws {
        for s in series where s.period == 0 && s.t0 > now { try delete(s) }
        series.removeAll { $0.period == 0 && $0.t0 > now }
    }

    /// The latest local data backup completed in `[now - 24h, now]` (R4.3, R4.4).
    func latestValidBackup(_ inst: Instance, stored: [StoredBackup]) -> (start: Seconds, end: Seconds)? {
        var best: (start: Seconds, end: Seconds)? = nil
        if let d = inst.lastBackupDay(completedBy: now) { best = inst.dailyBackup(day: d) }
        for b in stored where b.end <= now && b.end > (best?.end ?? Seconds.min) { best = (b.start, b.end) }
        guard let best, best.end >= now - UTCTime.day else { return nil }
        return best
    }

    static func retainedUntil(_ inst: Instance, _ series: [FileSeries]) -> Seconds {
        series.compactMap { $0.lastExpiry(retention: inst.retentionSeconds, floor: inst.expiryFloor) }.max() ?? 0
    }
}
