import GRDB

/// What cross-region backup costs (R8).
public struct InstanceCost: Sendable, Equatable, Codable {
    public var instanceID: String
    public var regionID: String
    public var status: String
    public var backupEnabled: Bool
    /// Bytes of cross-region files retained now.
    public var retainedBytes: Int64
    public var retainedFiles: Int64
    /// Remote storage cost so far (R8.1).
    public var accruedUSD: Double
    /// Remote storage cost of the next 30 days at the current settings (R8.3).
    public var projected30dUSD: Double
    /// Bytes copied across regions so far (R8.2).
    public var trafficBytes: Int64
}

public struct FleetCost: Sendable {
    /// Every instance that holds or held cross-region files, in the order of region and ID.
    public var instances: [InstanceCost]
    public var accruedUSD: Double
    public var projected30dUSD: Double
    public var trafficBytes: Int64
    /// USD per GB of cross-region traffic; nil when not priced (R8.2).
    public var trafficUSDPerGB: Double?
    public var at: Seconds
    /// The edition of the rules the costs follow (which prices apply).
    public var rules: RulesEdition = .unrecorded
}

public enum Pricing {
    /// Remote storage, USD per GB per hour (R8.1).
    public static let storageUSDPerGBHour = 0.0002
    /// Remote storage of cloud-disk instances under today's rules, USD per GB per day:
    /// to a destination in the Chinese mainland, and elsewhere (rds-cross-region-api.md §8).
    public static let cloudDiskUSDPerGBDayMainland = 0.0009375
    public static let cloudDiskUSDPerGBDayElsewhere = 0.001125

    /// The remote-storage prices of an edition of the rules, in words.
    public static func summary(_ rules: RulesEdition) -> String {
        switch rules {
        case .seed: return "remote storage USD \(storageUSDPerGBHour)/GB/hour"
        case .current:
            return "remote storage USD \(storageUSDPerGBHour)/GB/hour (local SSDs), USD \(cloudDiskUSDPerGBDayMainland)/GB/day "
                + "to the mainland and \(cloudDiskUSDPerGBDayElsewhere) elsewhere (cloud disks)"
        }
    }

    /// USD per GB of remote storage per second of a file stored in `destination` by an instance
    /// that follows the cloud-disk rules or not (see `Instance.storageUSDPerGBSecond`).
    static func storageUSDPerGBSecond(cloudDisk: Bool, destination: String) -> Double {
        guard cloudDisk else { return storageUSDPerGBHour / 3600 }
        let perDay = Region.named(destination)?.isMainland == true ? cloudDiskUSDPerGBDayMainland : cloudDiskUSDPerGBDayElsewhere
        return perDay / 86_400
    }

    static func storageUSD(bytes: Int64, seconds: Int64, usdPerGBSecond: Double) -> Double {
        Double(bytes) / 1e9 * Double(seconds) * usdPerGBSecond
    }
}

extension Engine {
    /// Cost of every instance that has or had cross-region files, and the total.
    /// Read in two halves side by side when the instances are many (`readInHalves`).
    public func fleetCost(regionID: String? = nil) throws -> FleetCost {
        try readInHalves(prepare: { tx in (try tx.storedSeries(), try tx.billedMiddle(regionID: regionID)) },
                         part: { tx, stored, range in try tx.instanceCosts(regionID: regionID, range, stored: stored) }) { tx, parts in
            // The first part's array grows to hold them all (the others' are copied into it).
            var all = parts.removeFirst()
            all.reserveCapacity(parts.reduce(all.count) { $0 + $1.count })
            for p in parts { all.append(contentsOf: p) }
            parts.removeAll()
            // Summed in the instances' order, however the read was split.
            var accrued = 0.0, projected = 0.0
            var traffic: Int64 = 0
            for c in all {
                accrued += c.accruedUSD
                projected += c.projected30dUSD
                traffic += Saturated(c.trafficBytes)
            }
            let price = try tx.metaText("traffic_price").flatMap(Double.init)
            return FleetCost(instances: all, accruedUSD: accrued, projected30dUSD: projected, trafficBytes: traffic,
                             trafficUSDPerGB: price, at: tx.now, rules: tx.rules)
        }
    }

    /// Cost of one instance.
    public func cost(instanceID: String) throws -> InstanceCost {
        try read { tx in
            let inst = try tx.instance(id: instanceID)
            return tx.cost(of: inst, series: try tx.allSeries(of: inst))
        }
    }

    /// Sets the price of cross-region traffic in USD per GB (nil: not priced).
    public func setTrafficPrice(_ usdPerGB: Double?) throws {
        if let p = usdPerGB, !(p >= 0 && p < 1000) {
            throw EngineError(.invalidPrice, "The traffic price must be from 0 to 1000 USD per GB.")
        }
        try write { tx in try tx.setMeta("traffic_price", 0, text: usdPerGB.map { String($0) }) }
    }
}

extension Tx {
    /// The cost of an instance whose closed series are `stored` (read in bulk), with those of its epoch.
    func cost(of inst: Instance, stored: [FileSeries]?) -> InstanceCost {
        var sum = CostSum(inst, now: now)
        for s in stored ?? [] { sum.add(s) }
        inst.forEachEpochSeries { sum.add($0) }
        return sum.cost
    }

    /// The cost of `series`.
    func cost(of inst: Instance, series: [FileSeries]) -> InstanceCost {
        var sum = CostSum(inst, now: now)
        for s in series { sum.add(s) }
        return sum.cost
    }
}

/// One instance's cost, summed series by series: what the instance decides (its retention,
/// floor, and whether it follows the cloud-disk prices) is read once, not once a series.
struct CostSum {
    let now: Seconds
    private let retention: Seconds, floor: Seconds, horizon: Seconds
    private let cloudDisk: Bool
    private var accrued = 0.0, projected = 0.0
    private var retained: Int64 = 0, files: Int64 = 0, traffic: Int64 = 0
    /// The last destination priced under the cloud-disk prices, and its price: an instance's series mostly share one.
    private var priced: (destination: String, usdPerGBSecond: Double)?
    private let instanceID: String, regionID: String, status: InstanceStatus, backupEnabled: Bool

    init(_ inst: borrowing Instance, now: Seconds) {
        self.now = now
        (retention, floor, horizon) = (inst.retentionSeconds, inst.expiryFloor, now + 30 * UTCTime.day)
        cloudDisk = inst.followsCloudDiskRules
        (instanceID, regionID, status) = (inst.id, inst.regionID, inst.status(at: now))
        backupEnabled = inst.backupEnabled && !inst.isReleased
    }

    private mutating func price(_ destination: String) -> Double {
        // One price for every destination unless the instance follows the cloud-disk prices.
        guard cloudDisk else { return Pricing.storageUSDPerGBSecond(cloudDisk: false, destination: destination) }
        if let priced, priced.destination == destination { return priced.usdPerGBSecond }
        let price = Pricing.storageUSDPerGBSecond(cloudDisk: cloudDisk, destination: destination)
        priced = (destination, price)
        return price
    }

    mutating func add(_ s: FileSeries) {
        let (r, f) = (retention, floor)
        let price = price(s.destination)
        let past = s.bankedSeconds + s.storageSeconds(from: -(1 << 60), to: now, producedUpTo: now, retention: r, floor: f)
        accrued += Pricing.storageUSD(bytes: s.sizeBytes, seconds: past, usdPerGBSecond: price)
        let future = s.storageSeconds(from: now, to: horizon, producedUpTo: horizon, retention: r, floor: f)
        projected += Pricing.storageUSD(bytes: s.sizeBytes, seconds: future, usdPerGBSecond: price)
        if let alive = s.alive(at: now, retention: r, floor: f) {
            let n = alive.upperBound - alive.lowerBound + 1
            files += Saturated(n)
            retained += Saturated(n.multipliedSaturated(by: s.sizeBytes))
        }
        traffic += Saturated((s.lastIndex(upTo: now) + 1).multipliedSaturated(by: s.sizeBytes))
    }

    var cost: InstanceCost {
        InstanceCost(instanceID: instanceID, regionID: regionID, status: status.rawValue, backupEnabled: backupEnabled,
                     retainedBytes: retained, retainedFiles: files, accruedUSD: accrued, projected30dUSD: projected,
                     trafficBytes: traffic)
    }
}

extension Tx {
    /// The instances that hold or held cross-region files: every other one costs
    /// nothing. The same words as the partial index `instance_billing`, so
    /// SQLite reads the billing columns from that index alone.
    static let holdsOrHeldFiles = "(epoch_sid IS NOT NULL OR retained_until > 0)"

    /// Calls `body` with the row and the cost of each instance a list's clause keeps that costs anything
    /// (the others cost nothing), in the order SQLite reads them. The instances are read a
    /// chunk at a time with their series: a region of 100,000 is never held at once.
    /// `suffix` follows the clause (an order and a limit).
    func forEachCost(_ whereSQL: String, _ arguments: StatementArguments, suffix: String = "", chunk: Int = 1_000,
                     _ body: (_ seq: Int64, InstanceCost) throws -> Void) throws {
        let billed = (whereSQL.isEmpty ? " WHERE " : whereSQL + " AND ") + Tx.holdsOrHeldFiles
        var found: [Instance] = []
        var texts = RepeatedTexts()
        func flush() throws {
            let stored = try storedSeries(of: found.map(\.seq))
            for inst in found { try body(inst.seq, cost(of: inst, stored: stored[inst.seq])) }
            found.removeAll(keepingCapacity: true)
        }
        try RawRow.forEach(db, sql: "SELECT \(Instance.billingColumns) FROM instance\(billed)\(suffix)", arguments: arguments) {
            found.append(Instance(billingRow: $0, rules: rules, texts: &texts))
            if found.count == chunk { try flush() }
        }
        try flush()
    }

    /// The three cost figures of each instance a list's clause keeps that costs anything.
    func costFigures(_ whereSQL: String, _ arguments: StatementArguments) throws -> [CostFigures] {
        var out: [CostFigures] = []
        try forEachCost(whereSQL, arguments) { out.append(CostFigures(seq: $0, $1)) }
        return out
    }

    /// The cost of each instance of `range` that holds or held files (of one region, or all), in
    /// the order of region and ID; `stored`, every closed series.
    func instanceCosts(regionID: String?, _ range: InstanceKeyRange, stored: [Int64: [FileSeries]]) throws -> [InstanceCost] {
        let oneRegion = regionID != nil
        let clause = "WHERE \(Tx.holdsOrHeldFiles)" + (oneRegion ? " AND region = ?" : "") + range.sql(oneRegion: oneRegion)
        var arguments = StatementArguments(regionID.map { [$0] } ?? [])
        arguments += range.arguments(oneRegion: oneRegion)
        var out: [InstanceCost] = []
        var texts = RepeatedTexts()
        try RawRow.forEach(db, sql: "SELECT \(Instance.billingColumns) FROM instance \(clause) ORDER BY region, id",
                           arguments: arguments) { row in
            let inst = Instance(billingRow: row, rules: rules, texts: &texts)
            out.append(cost(of: inst, stored: stored[inst.seq]))
        }
        return out
    }

    /// The instance that halves those of `fleetCost` that hold or held files, or nil when they are
    /// too few to split.
    func billedMiddle(regionID: String?) throws -> (regionID: String, id: String)? {
        let clause = "WHERE \(Tx.holdsOrHeldFiles)" + (regionID == nil ? "" : " AND region = ?")
        let arguments = StatementArguments(regionID.map { [$0] } ?? [])
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM instance \(clause)", arguments: arguments) ?? 0
        guard count >= Engine.fewestSplit else { return nil }
        let row = try Row.fetchOne(db, sql: "SELECT region, id FROM instance \(clause) ORDER BY region, id LIMIT 1 OFFSET ?",
                                   arguments: arguments + [count / 2])
        return row.map { ($0[0], $0[1]) }
    }
}

extension Engine {
    /// The cost of each of these instances, in one read.
    public func costs(instanceIDs: [String]) throws -> [String: InstanceCost] {
        try read { tx in try tx.costs(of: Array(try tx.instances(ids: instanceIDs).values)) }
    }

    /// These instances with their costs, in the order given, read in one transaction (unknown IDs are absent).
    public func instancesWithCosts(ids: [String]) throws -> [InstanceWithCost] {
        try read { tx in
            let found = try tx.instances(ids: ids)
            let costs = try tx.costs(of: Array(found.values))
            return ids.compactMap { id in found[id].map { InstanceWithCost(instance: $0, cost: costs[id]!) } }
        }
    }
}

/// An instance and what its cross-region files cost (a row of an export).
public struct InstanceWithCost: Sendable, Codable, Equatable {
    public let instance: Instance
    public let cost: InstanceCost
}

extension Tx {
    /// The cost of each instance, their closed series read in one query.
    func costs(of instances: [Instance]) throws -> [String: InstanceCost] {
        let stored = try storedSeries(of: instances.map(\.seq))
        var out: [String: InstanceCost] = [:]
        out.reserveCapacity(instances.count)
        for inst in instances { out[inst.id] = cost(of: inst, stored: stored[inst.seq]) }
        return out
    }
}
