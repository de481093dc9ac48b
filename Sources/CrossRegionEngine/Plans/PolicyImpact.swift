import GRDB

/// What a policy change would do, computed by applying it and rolling it back
/// (so it is exactly what `modifyPolicy` would do): the instances it changes,
/// the retained cross-region files it makes expire earlier, and the storage
/// cost of the next 30 days before and after (R5, R8.3).
public struct PolicyImpact: Sendable, Equatable, Codable {
    public var instances: Int
    /// Files retained now whose expiry the change brings forward.
    public var filesExpiringEarlier: Int
    public var bytesExpiringEarlier: Int64
    /// When the first of them will be deleted, if any.
    public var firstDeletion: Seconds?
    public var projected30dBeforeUSD: Double
    public var projected30dAfterUSD: Double

    public init(instances: Int, filesExpiringEarlier: Int, bytesExpiringEarlier: Int64, firstDeletion: Seconds?,
                projected30dBeforeUSD: Double, projected30dAfterUSD: Double) {
        self.instances = instances
        self.filesExpiringEarlier = filesExpiringEarlier
        self.bytesExpiringEarlier = bytesExpiringEarlier
        self.firstDeletion = firstDeletion
        self.projected30dBeforeUSD = projected30dBeforeUSD
        self.projected30dAfterUSD = projected30dAfterUSD
    }

    /// Whether the change deletes anything sooner than it would be.
    public var deletesEarlier: Bool { filesExpiringEarlier > 0 }

    /// How a sentence of the impact reads: as it is, quieter (nothing happens), or as a warning.
    public enum Tone: Sendable { case plain, quiet, warning }

    /// The impact in words, as the console's preview and `plan` say it: the
    /// instances, the files deleted sooner (a warning) and the 30-day cost.
    public var sentences: [(text: String, tone: Tone)] {
        let n = instances
        var out: [(String, Tone)] = [("\(Thousands.count(n)) instance\(n == 1 ? "" : "s") will change.", .plain)]
        if deletesEarlier {
            let when = firstDeletion.map(UTCTime.format) ?? "-"
            out.append(("\(Thousands.count(filesExpiringEarlier)) retained file\(filesExpiringEarlier == 1 ? "" : "s") "
                        + "(\(Thousands.gigabytes(bytesExpiringEarlier))) will be deleted sooner; the first on \(when).", .warning))
        } else {
            out.append(("No retained file is deleted sooner.", .quiet))
        }
        let saved = projected30dBeforeUSD - projected30dAfterUSD
        let effect = saved > 0.005 ? "saves \(Thousands.usd(saved))" : saved < -0.005 ? "costs \(Thousands.usd(-saved)) more" : "no change"
        out.append(("Storage, next 30 days: \(Thousands.usd(projected30dBeforeUSD)) → \(Thousands.usd(projected30dAfterUSD)) (\(effect)).",
                    .plain))
        return out
    }
}

extension Engine {
    /// What `modifyPolicy(ids:change:regionID:)` would do, without doing it.
    /// Refuses exactly as `modifyPolicy` would.
    public func policyImpact(ids: [String], change: PolicyChange, regionID: String? = nil) throws -> PolicyImpact {
        struct Rollback: Error { let impact: PolicyImpact }
        do {
            try store.write { db in
                let tx = try Tx(db)
                let before = try tx.instances(ids: ids)
                var series: [String: [FileSeries]] = [:]
                for (id, inst) in before { series[id] = try tx.allSeries(of: inst) }
                let changed = try tx.modifyPolicy(ids: ids, change: change, regionID: regionID)
                var impact = PolicyImpact(instances: changed.count, filesExpiringEarlier: 0, bytesExpiringEarlier: 0,
                                          firstDeletion: nil, projected30dBeforeUSD: 0, projected30dAfterUSD: 0)
                for after in changed {
                    let old = before[after.id]!
                    let oldSeries = series[after.id] ?? []
                    impact.projected30dBeforeUSD += tx.cost(of: old, series: oldSeries).projected30dUSD
                    impact.projected30dAfterUSD += tx.cost(of: after, series: try tx.allSeries(of: after)).projected30dUSD
                    tx.countEarlierExpiries(oldSeries, from: old, to: after, into: &impact)
                }
                throw Rollback(impact: impact)
            }
        } catch let r as Rollback {
            return r.impact
        }
        throw EngineError(.internalError, "The impact of the change could not be computed.")
    }
}

extension Tx {
    /// Adds to `impact` the files of `series` alive now that expire sooner
    /// under `after`'s retention and floor than under `before`'s.
    func countEarlierExpiries(_ series: [FileSeries], from before: Instance, to after: Instance,
                              into impact: inout PolicyImpact) {
        let (r0, f0) = (before.retentionSeconds, before.expiryFloor)
        let (r1, f1) = (after.retentionSeconds, after.expiryFloor)
        guard r1 < r0 || f1 < f0 else { return }
        for s in series {
            guard let alive = s.alive(at: now, retention: r0, floor: f0) else { continue }
            for k in alive {
                let new = s.expiry(k, retention: r1, floor: f1)
                guard new < s.expiry(k, retention: r0, floor: f0) else { continue }
                impact.filesExpiringEarlier += 1
                impact.bytesExpiringEarlier += Saturated(s.sizeBytes)
                impact.firstDeletion = min(impact.firstDeletion ?? new, new)
            }
        }
    }
}
