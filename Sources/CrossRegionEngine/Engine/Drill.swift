import GRDB

/// A disaster-recovery drill: a source region treated as lost, and what each
/// of its instances could get back from the destination region. Everything
/// comes from the engine's own answers: the completed cross-region sets and
/// log chains (`recoveryWindows`) and the time a restore takes
/// (`Instance.restoreSeconds`). `json` writes it, in one shape for the command
/// line and the API.
public struct DrillReport: Sendable, Equatable {
    public struct Summary: Sendable, Equatable, Codable {
        public var instances = 0, protected = 0, unprotected = 0, passed = 0, failed = 0
        public var worstRPOSeconds: Seconds? = nil
        /// The median RPO of the protected instances (the lower middle of an even count).
        public var medianRPOSeconds: Seconds? = nil
        /// The longest estimated restore among the protected instances.
        public var slowestRestoreSeconds: Seconds? = nil

        /// The figures of `rows`.
        public init(rows: [Row]) {
            var tally = Tally()
            for r in rows { tally.count(pass: r.pass, rpo: r.rpoSeconds, restore: r.estimatedRestoreSeconds) }
            self = tally.summary
        }

        init() {}

        /// Instance by instance, the one place the figures are counted.
        struct Tally {
            private var s = Summary()
            private var rpos: [Seconds] = []

            /// One instance: protected when it has an RPO.
            mutating func count(pass: Bool, rpo: Seconds?, restore: Seconds?) {
                s.instances += 1
                if pass { s.passed += 1 }
                if let rpo { rpos.append(rpo) }
                if let restore { s.slowestRestoreSeconds = max(s.slowestRestoreSeconds ?? restore, restore) }
            }

            /// Adds the instances `other` counted (another part of the same region).
            mutating func add(_ other: Tally) {
                s.instances += other.s.instances
                s.passed += other.s.passed
                rpos += other.rpos
                if let r = other.s.slowestRestoreSeconds { s.slowestRestoreSeconds = max(s.slowestRestoreSeconds ?? r, r) }
            }

            var summary: Summary {
                var out = s
                out.protected = rpos.count
                out.unprotected = out.instances - out.protected
                out.failed = out.instances - out.passed
                let sorted = rpos.sorted()
                out.worstRPOSeconds = sorted.last
                out.medianRPOSeconds = sorted.isEmpty ? nil : sorted[(sorted.count - 1) / 2]
                return out
            }
        }
    }

    public struct Row: Sendable, Equatable {
        public var instanceID: String
        public var protected: Bool
        public var destinationRegion: String?
        public var latestRestorableTime: Seconds?
        public var rpoSeconds: Seconds?
        public var estimatedRestoreSeconds: Seconds?
        public var pass: Bool
        /// Why it is not protected, in the engine's words; for a protected one, why its newest sets
        /// cannot be used outside the lost region (TDE sets, R6.4); else empty.
        public var reason: String
        /// What it fails: nothing when it passes (or no target was given to a protected instance).
        public var failures: [Failure] = []

        /// The drill's order: the unprotected (no RPO at all) first, then the longest RPO, then by ID.
        public static func worstFirst(_ a: Row, _ b: Row) -> Bool {
            switch (a.rpoSeconds, b.rpoSeconds) {
            case (nil, nil): return a.instanceID < b.instanceID
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x != y ? x > y : a.instanceID < b.instanceID
            }
        }
    }

    /// What a row with these figures fails against these targets: the one place a target is checked.
    public static func failures(rpo: Seconds?, restore: Seconds?, rpoTarget: Seconds?, rtoTarget: Seconds?) -> [Failure] {
        guard let rpo, let restore else { return [.unprotected] }
        return (rpo > (rpoTarget ?? .max) ? [.rpo] : []) + (restore > (rtoTarget ?? .max) ? [.rto] : [])
    }

    /// Why a row does not pass.
    public enum Failure: String, Sendable, Equatable, CaseIterable {
        case unprotected = "unprotected"
        case rpo = "RPO"
        case rto = "RTO"
    }

    public var region: String
    public var at: Seconds
    public var rpoTarget: Seconds?
    public var rtoTarget: Seconds?
    public var summary: Summary
    /// Worst RPO first; the unprotected (no RPO at all) before every protected one.
    public var rows: [Row]

    /// Whether every instance passed (true as well when no target was given and all are protected).
    public var allPassed: Bool { summary.failed == 0 }

    /// Whether a target was given.
    public var hasTargets: Bool { rpoTarget != nil || rtoTarget != nil }

    /// The summary in one sentence, as the command line and the console give it.
    public var sentence: String {
        let span = UTCTime.describe(span:)
        let s = summary
        var out = "\(region) lost at \(UTCTime.format(at)): \(Thousands.grouped(String(s.instances))) instances, "
            + "\(Thousands.grouped(String(s.protected))) protected, \(Thousands.grouped(String(s.unprotected))) unprotected; "
            + "worst RPO \(span(s.worstRPOSeconds))"
        if hasTargets {
            let goals = [rpoTarget.map { "RPO \(span($0))" }, rtoTarget.map { "RTO \(span($0))" }].compactMap { $0 }
            out += "; against \(goals.joined(separator: " and ")): \(Thousands.grouped(String(s.passed))) pass, "
                + "\(Thousands.grouped(String(s.failed))) fail"
        }
        return out
    }
}

extension Engine {
    /// Treats `region` as lost at `time` (default: now, the state's clock) and
    /// answers, for every instance of it that existed and was not released
    /// then, what the destination region held by then. A past time is seen
    /// through the series the state keeps: files made and copies completed by
    /// then count; files a retention change has deleted since do not come back.
    public func drill(region: String, at time: Seconds? = nil, rpoTarget: Seconds? = nil,
                      rtoTarget: Seconds? = nil) throws -> DrillReport {
        guard rules.region(region) != nil else {
            throw EngineError(.invalidRegionFormat, "\(Shown(region)) is not a region of this state's rules (\(rules.rawValue)).")
        }
        return try read { tx0 in
            var rows: [DrillReport.Row] = []
            // Those that hold or held files read from the billing index, then the others: the
            // rows are sorted after.
            var tx = tx0
            for held in [true, false] {
                tx = try drilled(region: region, at: time, in: tx0, held: held) { tx, inst, series in
                    rows.append(try tx.drillRow(inst, series: series, rpoTarget: rpoTarget, rtoTarget: rtoTarget))
                }
            }
            // The rows' places are sorted, not the rows: a row is a dozen fields to move.
            rows = rows.indices.sorted { DrillReport.Row.worstFirst(rows[$0], rows[$1]) }.map { rows[$0] }
            return DrillReport(region: region, at: tx.now, rpoTarget: rpoTarget, rtoTarget: rtoTarget,
                               summary: DrillReport.Summary(rows: rows), rows: rows)
        }
    }

    /// The figures of `drill(region:at:rpoTarget:rtoTarget:)` alone (what DR Readiness shows of
    /// each region): the same windows and targets, without the rows, their reasons or their order.
    public func drillSummary(region: String, at time: Seconds? = nil, rpoTarget: Seconds? = nil,
                             rtoTarget: Seconds? = nil) throws -> DrillReport.Summary {
        guard rules.region(region) != nil else {
            throw EngineError(.invalidRegionFormat, "\(Shown(region)) is not a region of this state's rules (\(rules.rawValue)).")
        }
        // Those that hold or held files, in two halves side by side when they are many (`readInHalves`).
        return try readInHalves(prepare: { tx in
            (try tx.instancesWithClosedSeries(), try tx.billedMiddle(regionID: region))
        }, part: { [self] tx0, withSeries, range in
            var tally = DrillReport.Summary.Tally()
            _ = try drilled(region: region, at: time, in: tx0, held: true, range: range, withSeries: withSeries) { tx, inst, series in
                let (usable, _) = try tx.latestWindowOutsideSource(inst, series: series)
                let rpo = usable.map { tx.now - $0.to }
                let restore = usable.map { _ in Instance.restoreSeconds(dataBytes: inst.dataBytes) }
                tally.count(pass: usable != nil && DrillReport.failures(rpo: rpo, restore: restore, rpoTarget: rpoTarget,
                                                                         rtoTarget: rtoTarget).isEmpty,
                            rpo: rpo, restore: restore)
            }
            return tally
        }) { tx0, parts in
            var tally = DrillReport.Summary.Tally()
            for p in parts { tally.add(p) }
            // An instance that never held a cross-region file is unprotected whatever else it is:
            // counted in SQL from the index `instance_unbilled`, its record never read.
            let tx = tx0.seen(at: time ?? tx0.now)
            let never = try Int.fetchOne(tx.db, sql: """
                SELECT count(*) FROM instance
                WHERE region = ? AND created_at <= ? AND (released_at IS NULL OR released_at > ?) AND NOT \(Tx.holdsOrHeldFiles)
                """, arguments: [region, tx.now, tx.now]) ?? 0
            for _ in 0..<never { tally.count(pass: false, rpo: nil, restore: nil) }
            return tally.summary
        }
    }

    /// Every instance of `region` that existed and was not released at `time` (default now; never
    /// after it), with its series, a thousand at a time; answers the transaction as seen at `time`.
    /// `held`: those that hold or held cross-region files (read from the billing index, which
    /// holds only them), or those that never held one (who have no series).
    /// `range`: only the part of the region's instances that hold or held files in it (`held`).
    /// `withSeries`: `Tx.instancesWithClosedSeries()`, when the caller read it already.
    private func drilled(region: String, at time: Seconds?, in current: Tx, held: Bool, range: InstanceKeyRange = .all,
                         withSeries known: Set<Int64>? = nil,
                         _ each: (Tx, Instance, [FileSeries]) throws -> Void) throws -> Tx {
        if let time, time > current.now {
            throw EngineError(.invalidTime, "The drill time \(UTCTime.format(time)) is after the state's clock "
                              + "(\(UTCTime.format(current.now))); advance the clock first.")
        }
        let tx = current.seen(at: time ?? current.now)
        let withSeries = try known ?? tx.instancesWithClosedSeries()
        func drill(_ found: [Instance]) throws {
            let seqs = found.map(\.seq).filter(withSeries.contains)
            let stored = seqs.isEmpty ? [:] : try tx.storedSeries(of: seqs)
            // One array refilled for each instance: its closed series, then its epoch's.
            var series: [FileSeries] = []
            for inst in found {
                series.removeAll(keepingCapacity: true)
                if let closed = stored[inst.seq] { series += closed }
                inst.forEachEpochSeries { series.append($0) }
                try each(tx, inst, series)
            }
        }
        let existed = "region = ? AND created_at <= ? AND (released_at IS NULL OR released_at > ?)"
        guard held else {
            // The others are found in their own index (`instance_unbilled`), then read a thousand at a time.
            let seqs = try Int64.fetchAll(tx.db.cachedStatement(sql: """
                SELECT seq FROM instance WHERE \(existed) AND NOT \(Tx.holdsOrHeldFiles) ORDER BY seq
                """), arguments: [region, tx.now, tx.now])
            for start in stride(from: 0, to: seqs.count, by: 1000) {
                let chunk = Array(seqs[start..<min(seqs.count, start + 1000)])
                try drill(try tx.fetchBillingInstances("""
                    SELECT \(Instance.billingColumns) FROM instance WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq
                    """, [Tx.jsonArray(chunk)]))
            }
            return tx
        }
        // A thousand instances at a time: a region of any size holds one chunk of records in memory.
        var after = ""
        while true {
            // The billing index holds what a window, a qualification and a restore time read.
            let found = try tx.fetchBillingInstances("""
                SELECT \(Instance.billingColumns) FROM instance
                WHERE \(existed) AND id > ? AND \(Tx.holdsOrHeldFiles)\(range.sql(oneRegion: true)) ORDER BY id LIMIT 1000
                """, [region, tx.now, tx.now, after] + range.arguments(oneRegion: true))
            guard let last = found.last else { break }
            try drill(found)
            after = last.id
        }
        return tx
    }
}

extension Tx {
    func drillRow(_ inst: Instance, series: [FileSeries], rpoTarget: Seconds?, rtoTarget: Seconds?) throws -> DrillReport.Row {
        let (usable, refusal) = try latestWindowOutsideSource(inst, series: series)
        guard let latest = usable else {
            return DrillReport.Row(instanceID: inst.id, protected: false, destinationRegion: destination(of: inst, series: series),
                                   latestRestorableTime: nil, rpoSeconds: nil, estimatedRestoreSeconds: nil, pass: false,
                                   reason: try refusal.map { "No retained set restores outside the lost region: \($0.explanation)" }
                                       ?? unprotectedReason(inst, series: series),
                                   failures: DrillReport.failures(rpo: nil, restore: nil, rpoTarget: rpoTarget, rtoTarget: rtoTarget))
        }
        let rpo = now - latest.to
        let restore = Instance.restoreSeconds(dataBytes: inst.dataBytes)
        let failures = DrillReport.failures(rpo: rpo, restore: restore, rpoTarget: rpoTarget, rtoTarget: rtoTarget)
        return DrillReport.Row(instanceID: inst.id, protected: true, destinationRegion: latest.backupSet.destination,
                               latestRestorableTime: latest.to, rpoSeconds: rpo, estimatedRestoreSeconds: restore,
                               pass: failures.isEmpty,
                               reason: refusal.map { "Newer sets cannot restore outside the lost region: \($0.explanation)" } ?? "",
                               failures: failures)
    }

    /// Why an instance has no completed cross-region data set, in the engine's words.
    private func unprotectedReason(_ inst: Instance, series: [FileSeries]) throws -> String {
        if let why = inst.unqualifiedReason { return "Does not qualify: \(why)" }
        guard let destination = destination(of: inst, series: series) else { return "Cross-region backup is not enabled." }
        let copying = try files(of: inst, series: series, query: FileQuery(kind: .data, limit: Int.max)).items
            .filter(\.isCopying).map(\.completedAt).min()
        if let done = copying {
            return "The first copy to \(destination) is still in progress; it completes at \(UTCTime.format(done))."
        }
        return "No completed cross-region data backup is retained."
    }
}

extension Tx {
    /// Where cross-region backup of `inst` was going at `now`, nil when it was
    /// not enabled then: the policy in force if it began by then, else the
    /// closed epoch (its series, grouped by epoch) that spanned `now`.
    func destination(of inst: Instance, series: [FileSeries]) -> String? {
        if inst.backupEnabled, let began = inst.epochAt, began <= now { return inst.backupRegion }
        let epochs = Dictionary(grouping: series.filter { $0.endAt != nil }) { $0.sid / Instance.sidsPerEpoch }
        return epochs.values.first { epoch in
            epoch.map(\.t0).min()! <= now && epoch.contains { $0.endAt! > now }
        }?.first?.destination
    }
}

extension DrillReport {
    /// The report as `rds-console drill --json` and `LocalDescribeDisasterRecoveryDrill` write it.
    public var json: JSON {
        func time(_ t: Seconds?) -> JSON { t.map { .string(UTCTime.format($0)) } ?? .null }
        func seconds(_ s: Seconds?) -> JSON { s.map { .int($0) } ?? .null }
        let summaryFields: [JSON.Field] = [
            .init("Instances", .int(Int64(summary.instances))), .init("Protected", .int(Int64(summary.protected))),
            .init("Unprotected", .int(Int64(summary.unprotected))), .init("Passed", .int(Int64(summary.passed))),
            .init("Failed", .int(Int64(summary.failed))), .init("WorstRPOSeconds", seconds(summary.worstRPOSeconds)),
        ]
        let instances: [JSON] = rows.map { r in
            .object([.init("DBInstanceId", .string(r.instanceID)), .init("Protected", .bool(r.protected)),
                     .init("DestinationRegion", r.destinationRegion.map { .string($0) } ?? .null),
                     .init("LatestRestorableTime", time(r.latestRestorableTime)), .init("RPOSeconds", seconds(r.rpoSeconds)),
                     .init("EstimatedRestoreSeconds", seconds(r.estimatedRestoreSeconds)), .init("Pass", .bool(r.pass)),
                     .init("Reason", .string(r.reason))])
        }
        return .object([.init("Region", .string(region)), .init("At", time(at)),
                        .init("RPOTargetSeconds", seconds(rpoTarget)), .init("RTOTargetSeconds", seconds(rtoTarget)),
                        .init("Summary", .object(summaryFields)), .init("Instances", .array(instances))])
    }
}

extension DrillReport {
    /// The report as CSV: a header, then one line per instance (`drill --csv`, the console's export).
    public var csv: String {
        ([CSV.line(["DBInstanceId", "Protected", "DestinationRegion", "LatestRestorableTime", "RPOSeconds",
                    "EstimatedRestoreSeconds", "Pass", "Reason"])] + rows.map { row in
            CSV.line([row.instanceID, String(row.protected), row.destinationRegion ?? "",
                      row.latestRestorableTime.map(UTCTime.format) ?? "", row.rpoSeconds.map(String.init) ?? "",
                      row.estimatedRestoreSeconds.map(String.init) ?? "", String(row.pass), row.reason])
        }).joined(separator: "\n") + "\n"
    }
}

extension DrillReport: Decodable {
    /// Reads the report back from `json`'s shape (`LocalDescribeDisasterRecoveryDrill` over an endpoint).
    public init(from decoder: Decoder) throws {
        struct Shape: Decodable {
            struct Item: Decodable {
                let DBInstanceId: String, Protected: Bool, DestinationRegion: String?, LatestRestorableTime: String?
                let RPOSeconds: Int64?, EstimatedRestoreSeconds: Int64?, Pass: Bool, Reason: String
            }
            let Region: String, At: String, RPOTargetSeconds: Int64?, RTOTargetSeconds: Int64?, Instances: [Item]
        }
        let shape = try Shape(from: decoder)
        func time(_ text: String?, _ key: String) throws -> Seconds? {
            guard let text else { return nil }
            guard let t = UTCTime.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(key) \(text) is not a time"))
            }
            return t
        }
        let rows = try shape.Instances.map { i in
            Row(instanceID: i.DBInstanceId, protected: i.Protected, destinationRegion: i.DestinationRegion,
                latestRestorableTime: try time(i.LatestRestorableTime, "LatestRestorableTime"), rpoSeconds: i.RPOSeconds,
                estimatedRestoreSeconds: i.EstimatedRestoreSeconds, pass: i.Pass, reason: i.Reason,
                failures: DrillReport.failures(rpo: i.RPOSeconds, restore: i.EstimatedRestoreSeconds,
                                               rpoTarget: shape.RPOTargetSeconds, rtoTarget: shape.RTOTargetSeconds))
        }
        self.init(region: shape.Region, at: try time(shape.At, "At")!, rpoTarget: shape.RPOTargetSeconds,
                  rtoTarget: shape.RTOTargetSeconds, summary: Summary(rows: rows), rows: rows)
    }
}

extension Tx {
    /// The instances that have closed series, from their index: a chunk of a drill reads the
    /// series of those it holds in one query, and most chunks of a fleet set up once have none.
    func instancesWithClosedSeries() throws -> Set<Int64> {
        // Straight from SQLite's column into the set (at a million instances, tens of thousands,
        // read for each region DR Readiness shows).
        var seqs = Set<Int64>()
        try RawRow.forEach(db, sql: "SELECT DISTINCT instance_seq FROM xseries") { seqs.insert($0.int(0)) }
        return seqs
    }
}
