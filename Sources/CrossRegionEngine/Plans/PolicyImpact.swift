import GRDB

/// What a policy change would do, computed by applying it and rolling it back
/// (so it is exactly what `modifyPolicy` would do): the instances it changes,
/// the retained cross-region files it makes expire earlier, and the storage
/// cost of the next 30 days before and after (R5, R8.3).
public struct PolicyImpact: Sendable, Equatable, Codable {
    public var instances: Int
    /// The change in words ("retention 14 days, log backup off"); empty for many changes together (a plan).
    public var change: String
    /// Files retained now whose expiry the change brings forward.
    public var filesExpiringEarlier: Int
    public var bytesExpiringEarlier: Int64
    /// When the first of them will be deleted, if any.
    public var firstDeletion: Seconds?
    /// Files retained now whose expiry the change puts off: a shortening keeps files due sooner
    /// until the change plus `PolicyChange.shorteningFloorDays` (R5.2), and a longer retention keeps every file longer.
    public var filesKeptLonger: Int
    public var bytesKeptLonger: Int64
    /// The storage of the next 30 days, to the cent (as the console shows it, so that the
    /// difference said is the difference of the figures shown).
    public var projected30dBeforeUSD: Double
    public var projected30dAfterUSD: Double

    public init(instances: Int, change: String = "", filesExpiringEarlier: Int, bytesExpiringEarlier: Int64, firstDeletion: Seconds?,
                filesKeptLonger: Int = 0, bytesKeptLonger: Int64 = 0, projected30dBeforeUSD: Double, projected30dAfterUSD: Double) {
        self.instances = instances
        self.change = change
        self.filesExpiringEarlier = filesExpiringEarlier
        self.bytesExpiringEarlier = bytesExpiringEarlier
        self.firstDeletion = firstDeletion
        self.filesKeptLonger = filesKeptLonger
        self.bytesKeptLonger = bytesKeptLonger
        self.projected30dBeforeUSD = projected30dBeforeUSD
        self.projected30dAfterUSD = projected30dAfterUSD
    }

    /// Whether the change deletes anything sooner than it would be.
    public var deletesEarlier: Bool { filesExpiringEarlier > 0 }

    /// This impact and `other` together (the parts of a batch, the changes of a plan).
    public mutating func add(_ other: PolicyImpact) {
        // Saturating: the parts of a preview may come from an endpoint's answers.
        instances = instances.addingSaturated(other.instances)
        filesExpiringEarlier = filesExpiringEarlier.addingSaturated(other.filesExpiringEarlier)
        bytesExpiringEarlier = bytesExpiringEarlier.addingSaturated(other.bytesExpiringEarlier)
        if let d = other.firstDeletion { firstDeletion = min(firstDeletion ?? d, d) }
        filesKeptLonger = filesKeptLonger.addingSaturated(other.filesKeptLonger)
        bytesKeptLonger = bytesKeptLonger.addingSaturated(other.bytesKeptLonger)
        projected30dBeforeUSD += other.projected30dBeforeUSD
        projected30dAfterUSD += other.projected30dAfterUSD
    }

    /// The amounts to the cent.
    mutating func roundMoney() {
        projected30dBeforeUSD = Self.cents(projected30dBeforeUSD)
        projected30dAfterUSD = Self.cents(projected30dAfterUSD)
    }

    static func cents(_ usd: Double) -> Double { (usd * 100).rounded() / 100 }

    /// How a sentence of the impact reads: as it is, quieter (nothing happens), or as a warning.
    public enum Tone: Sendable { case plain, quiet, warning }

    /// The impact in words, as the console's preview and `plan` say it: the instances and the
    /// change, the files deleted sooner (a warning) and kept longer, and the 30-day cost with its sign.
    public var sentences: [(text: String, tone: Tone)] {
        let n = instances
        var out: [(String, Tone)] = [("\(Thousands.count(n)) instance\(n == 1 ? "" : "s") will change"
                                      + (change.isEmpty ? "." : ": \(change)."), .plain)]
        if deletesEarlier {
            let when = firstDeletion.map(UTCTime.format) ?? "-"
            out.append(("\(Thousands.count(filesExpiringEarlier)) retained file\(filesExpiringEarlier == 1 ? "" : "s") "
                        + "(\(Thousands.gigabytes(bytesExpiringEarlier))) will be deleted sooner; the first on \(when).", .warning))
        } else {
            out.append(("No retained file is deleted sooner.", .quiet))
        }
        if filesKeptLonger > 0 {
            out.append(("\(Thousands.count(filesKeptLonger)) retained file\(filesKeptLonger == 1 ? "" : "s") "
                        + "(\(Thousands.gigabytes(bytesKeptLonger))) will be kept longer.", .plain))
        }
        let delta = Self.cents(projected30dAfterUSD - projected30dBeforeUSD)
        let effect = delta > 0 ? "+\(Thousands.usd(delta)), costs more" : delta < 0 ? "−\(Thousands.usd(-delta)), saves" : "no change"
        out.append(("Storage, next 30 days: \(Thousands.usd(projected30dBeforeUSD)) → \(Thousands.usd(projected30dAfterUSD)) (\(effect)).",
                    .plain))
        return out
    }

    /// The answer of `LocalDescribePolicyImpact` (and `api … --DryRun`), in this order every time:
    /// PascalCase names, ISO 8601 times, amounts to the cent.
    public var json: JSON {
        .object(CodingKeys.allCases.map { key in
            let value: JSON
            switch key {
            case .instances: value = .int(Int64(instances))
            case .change: value = .string(change)
            case .filesExpiringEarlier: value = .int(Int64(filesExpiringEarlier))
            case .bytesExpiringEarlier: value = .int(bytesExpiringEarlier)
            case .firstDeletion: value = firstDeletion.map { .string(UTCTime.format($0)) } ?? .null
            case .filesKeptLonger: value = .int(Int64(filesKeptLonger))
            case .bytesKeptLonger: value = .int(bytesKeptLonger)
            case .projected30dBeforeUSD: value = .double(Self.cents(projected30dBeforeUSD))
            case .projected30dAfterUSD: value = .double(Self.cents(projected30dAfterUSD))
            }
            return JSON.Field(key.rawValue, value)
        })
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case instances = "Instances", change = "Change"
        case filesExpiringEarlier = "FilesDeletedSooner", bytesExpiringEarlier = "BytesDeletedSooner"
        case firstDeletion = "FirstDeletion"
        case filesKeptLonger = "FilesKeptLonger", bytesKeptLonger = "BytesKeptLonger"
        case projected30dBeforeUSD = "Storage30dBeforeUSD", projected30dAfterUSD = "Storage30dAfterUSD"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var firstDeletion: Seconds? = nil
        if let text = try c.decodeIfPresent(String.self, forKey: .firstDeletion) {
            guard let t = UTCTime.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: .firstDeletion, in: c, debugDescription: "not an ISO 8601 time: \(text)")
            }
            firstDeletion = t
        }
        self.init(instances: try c.decode(Int.self, forKey: .instances), change: try c.decode(String.self, forKey: .change),
                  filesExpiringEarlier: try c.decode(Int.self, forKey: .filesExpiringEarlier),
                  bytesExpiringEarlier: try c.decode(Int64.self, forKey: .bytesExpiringEarlier),
                  firstDeletion: firstDeletion,
                  filesKeptLonger: try c.decode(Int.self, forKey: .filesKeptLonger),
                  bytesKeptLonger: try c.decode(Int64.self, forKey: .bytesKeptLonger),
                  projected30dBeforeUSD: try c.decode(Double.self, forKey: .projected30dBeforeUSD),
                  projected30dAfterUSD: try c.decode(Double.self, forKey: .projected30dAfterUSD))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(instances, forKey: .instances)
        try c.encode(change, forKey: .change)
        try c.encode(filesExpiringEarlier, forKey: .filesExpiringEarlier)
        try c.encode(bytesExpiringEarlier, forKey: .bytesExpiringEarlier)
        try c.encodeIfPresent(firstDeletion.map(UTCTime.format), forKey: .firstDeletion)
        try c.encode(filesKeptLonger, forKey: .filesKeptLonger)
        try c.encode(bytesKeptLonger, forKey: .bytesKeptLonger)
        try c.encode(Self.cents(projected30dBeforeUSD), forKey: .projected30dBeforeUSD)
        try c.encode(Self.cents(projected30dAfterUSD), forKey: .projected30dAfterUSD)
    }
}

extension Engine {
    /// What `modifyPolicy(ids:change:regionID:)` would do, without doing it: the same rules
    /// in a dry run (nothing written), in a write transaction rolled back all the same.
    /// Refuses exactly as `modifyPolicy` would.
    public func policyImpact(ids: [String], change: PolicyChange, regionID: String? = nil) throws -> PolicyImpact {
        struct Rollback: Error { let impact: PolicyImpact }
        do {
            try store.write { db in
                let tx = try Tx(db).dryRunning()
                var impact = PolicyImpact(instances: 0, change: change.summary, filesExpiringEarlier: 0,
                                          bytesExpiringEarlier: 0, firstDeletion: nil, projected30dBeforeUSD: 0, projected30dAfterUSD: 0)
                try tx.changePolicy(ids: ids, change: change, regionID: regionID) { step in
                    let oldSeries = step.storedBefore + step.before.epochSeries
                    impact.instances += 1
                    impact.projected30dBeforeUSD += tx.cost(of: step.before, series: oldSeries).projected30dUSD
                    impact.projected30dAfterUSD += tx.cost(of: step.after, stored: step.storedAfter).projected30dUSD
                    tx.countEarlierExpiries(oldSeries, from: step.before, to: step.after, into: &impact)
                }
                impact.roundMoney()
                throw Rollback(impact: impact)
            }
        } catch let r as Rollback {
            return r.impact
        }
        throw EngineError(.internalError, "The impact of the change could not be computed.")
    }
}

extension Tx {
    /// Adds to `impact` the files of `series` alive now whose expiry moves under `after`'s
    /// retention and floor: sooner (deleted sooner) or later (kept longer).
    func countEarlierExpiries(_ series: [FileSeries], from before: Instance, to after: Instance,
                              into impact: inout PolicyImpact) {
        let (r0, f0) = (before.retentionSeconds, before.expiryFloor)
        let (r1, f1) = (after.retentionSeconds, after.expiryFloor)
        guard r1 != r0 || f1 != f0 else { return }
        for s in series {
            guard let alive = s.alive(at: now, retention: r0, floor: f0) else { continue }
            for k in alive {
                let (old, new) = (s.expiry(k, retention: r0, floor: f0), s.expiry(k, retention: r1, floor: f1))
                if new < old {
                    impact.filesExpiringEarlier += 1
                    impact.bytesExpiringEarlier += Saturated(s.sizeBytes)
                    impact.firstDeletion = min(impact.firstDeletion ?? new, new)
                } else if new > old {
                    impact.filesKeptLonger += 1
                    impact.bytesKeptLonger += Saturated(s.sizeBytes)
                }
            }
        }
    }
}
