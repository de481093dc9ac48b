/// What a stretch of simulated time does to the cross-region files: the sets
/// and log files copied, and those that expired (R4, R5). Every series is a
/// closed form, so this is counted, not replayed, and it is the same before
/// the clock moves (a preview) and after (a summary).
public struct ClockReport: Sendable, Equatable, Codable {
    /// A clock move longer than this is shown (what it will copy and expire) and confirmed first.
    public static let confirmationThreshold: Seconds = 30 * UTCTime.day

    public var from: Seconds
    public var to: Seconds
    public var setsCopied: Int64 = 0
    public var logsCopied: Int64 = 0
    public var setsExpired: Int64 = 0
    public var logsExpired: Int64 = 0

    public init(from: Seconds, to: Seconds) {
        self.from = from
        self.to = to
    }

    /// In words: "copied 12 sets and 288 log files; 3 sets expired".
    public var summary: String {
        func n(_ count: Int64, _ one: String, _ many: String) -> String { "\(Thousands.count(Int(clamping: count))) \(count == 1 ? one : many)" }
        var text = "copied \(n(setsCopied, "set", "sets")) and \(n(logsCopied, "log file", "log files"))"
        let expired = [setsExpired > 0 ? n(setsExpired, "set", "sets") : nil,
                       logsExpired > 0 ? n(logsExpired, "log file", "log files") : nil].compactMap { $0 }
        text += expired.isEmpty ? "; nothing expired" : "; " + expired.joined(separator: " and ") + " expired"
        return text
    }
}

extension Engine {
    /// The files copied and expired between `from` and `to` (every instance).
    public func clockReport(from: Seconds, to: Seconds) throws -> ClockReport {
        try read { tx in
            var report = ClockReport(from: from, to: to)
            // Only instances that back up, or still hold files at `from`, have any to count;
            // they are read a batch at a time, so memory stays flat whatever the fleet.
            let seqs = try Int64.fetchAll(tx.db.cachedStatement(
                sql: "SELECT seq FROM instance WHERE xb_enabled = 1 OR retained_until > ? ORDER BY seq"), arguments: [from])
            for start in stride(from: 0, to: seqs.count, by: 2000) {
                let batch = Array(seqs[start..<min(seqs.count, start + 2000)])
                try tx.count(batch, into: &report)
            }
            return report
        }
    }
}

extension Tx {
    /// Adds what the instances `seqs` copy and expire over the report's stretch.
    func count(_ seqs: [Int64], into report: inout ClockReport) throws {
        let (from, to) = (report.from, report.to)
        let instances = try fetchInstances("SELECT \(Instance.columns) FROM instance WHERE seq IN (SELECT value FROM json_each(?))",
                                           [Tx.jsonArray(seqs)])
        let stored = try storedSeries(of: seqs)
        for inst in instances {
            let (r, floor) = (inst.retentionSeconds, inst.expiryFloor)
            for s in (stored[inst.seq] ?? []) + inst.epochSeries {
                let created = max(0, s.lastIndex(upTo: to) - s.lastIndex(upTo: from))
                let alive = { (t: Seconds) -> Int64 in Int64(s.alive(at: t, retention: r, floor: floor)?.count ?? 0) }
                let expired = max(0, alive(from) + created - alive(to))
                if s.kind == .data {
                    report.setsCopied += created
                    report.setsExpired += expired
                } else {
                    report.logsCopied += created
                    report.logsExpired += expired
                }
            }
        }
    }
}
