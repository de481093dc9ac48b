/// What a stretch of simulated time does to the cross-region files: the sets
/// and log files copied, and those that expired (R4, R5). Every series is a
/// closed form, so this is counted, not replayed, and it is the same before
/// the clock moves (a preview) and after (a summary).
public struct ClockReport: Sendable, Equatable, Codable {
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
        func n(_ count: Int64, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
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
            let instances = try tx.fetchInstances("SELECT \(Instance.columns) FROM instance", [])
            let stored = try tx.storedSeries(of: instances.map(\.seq))
            for inst in instances {
                let (r, floor) = (inst.retentionSeconds, inst.expiryFloor)
                for s in (stored[inst.seq] ?? []) + inst.epochSeries {
                    let created = max(0, s.lastIndex(upTo: to) - s.lastIndex(upTo: from))
                    let count = { (t: Seconds) -> Int64 in s.alive(at: t, retention: r, floor: floor).map { $0.count } .map(Int64.init) ?? 0 }
                    let expired = max(0, count(from) + created - count(to))
                    if s.kind == .data {
                        report.setsCopied += created
                        report.setsExpired += expired
                    } else {
                        report.logsCopied += created
                        report.logsExpired += expired
                    }
                }
            }
            return report
        }
    }
}
