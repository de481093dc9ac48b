/// The default (local) backup schedule of an instance (R4.1) and the
/// simulated durations of backups, copies and instance creation.
extension Instance {
    /// How long one full data backup takes: 5 minutes plus 200 MB/s.
    public var backupSeconds: Seconds { 300 + dataBytes / 200_000_000 }
    /// How long copying one data backup across regions takes: 2 minutes plus 100 MB/s.
    public var dataCopySeconds: Seconds { 120 + dataBytes / 100_000_000 }
    /// How long copying one binlog file across regions takes.
    public var logCopySeconds: Seconds { 30 + logBytesPerHour / 100_000_000 }

    /// How long a new instance of this size is `Creating`.
    static func creationSeconds(dataBytes: Int64) -> Seconds { 600 + dataBytes / 100_000_000 }
    /// How long a restore of `dataBytes` keeps the new instance `Creating` (R6.3).
    public static func restoreSeconds(dataBytes: Int64) -> Seconds { 900 + dataBytes / 100_000_000 }

    private var windowOffset: Seconds { backupMinute * UTCTime.minute }

    /// Start and end of the daily automated backup of day `d` (days since 1970).
    public func dailyBackup(day d: Int64) -> (start: Seconds, end: Seconds) {
        let start = d * UTCTime.day + windowOffset
        return (start, start + backupSeconds)
    }

    /// The first day whose automated backup starts once the instance runs.
    var firstBackupDay: Int64 {
        UTCTime.floorDiv(readyAt - windowOffset + UTCTime.day - 1, UTCTime.day)
    }

    /// The first day whose automated backup completes after `t` (and starts once the instance runs).
    func firstBackupDay(completingAfter t: Seconds) -> Int64 {
        max(firstBackupDay, UTCTime.floorDiv(t - windowOffset - backupSeconds, UTCTime.day) + 1)
    }

    /// The last day whose automated backup completed by `t`, or nil.
    func lastBackupDay(completedBy t: Seconds) -> Int64? {
        var limit = t
        if let released = releasedAt { limit = min(limit, released) }
        let d = UTCTime.floorDiv(limit - windowOffset - backupSeconds, UTCTime.day)
        return d >= firstBackupDay ? d : nil
    }

    /// The number of the host (secondary) that takes its backups.
    public var hostInstanceID: Int64 { 1_000_000 + seq * 2 + 1 }

    /// The `seq` whose `hostInstanceID` is `host`, when there is one (an import keeps the account's hosts).
    static func seq(ofHost host: Int64) -> Int64? {
        let n = host.subtractingReportingOverflow(1_000_001)
        // Bounded so that every number made from a seq (backup IDs are seq * 1,000,000 + day) stays in range.
        guard !n.overflow, n.partialValue > 0, n.partialValue % 2 == 0, n.partialValue / 2 <= Int64(Int32.max) else { return nil }
        return n.partialValue / 2
    }

    /// Local automated backup ID of day `d`.
    func dailyBackupID(day d: Int64) -> Int64 { seq * 1_000_000 + d }

    /// Whether the local binlogs are continuous over `[from, to]` (R4.4).
    func localLogsContinuous(from: Seconds, to: Seconds) -> Bool {
        if from < readyAt { return false }
        if let gs = logGapStart, let ge = logGapEnd, gs < to, ge > from { return false }
        return true
    }
}

/// Hour arithmetic for binlog files.
extension UTCTime {
    static func floorHour(_ t: Seconds) -> Seconds { floorDiv(t, hour) * hour }
}
