import GRDB

/// The sums of a list's costs: the totals row of Backup Instances.
public struct CostTotals: Sendable, Equatable, Codable {
    public var instances: Int
    public var retainedBytes: Int64
    public var accruedUSD: Double
    public var projected30dUSD: Double

    public init(instances: Int = 0, retainedBytes: Int64 = 0, accruedUSD: Double = 0, projected30dUSD: Double = 0) {
        self.instances = instances
        self.retainedBytes = retainedBytes
        self.accruedUSD = accruedUSD
        self.projected30dUSD = projected30dUSD
    }
}

extension CostTotals {
    /// `other`'s counts and sums added (a part of the same list), saturating: the counts may come from an endpoint's answer.
    public mutating func add(_ other: CostTotals) {
        instances = instances.addingSaturated(other.instances)
        retainedBytes = retainedBytes.addingSaturated(other.retainedBytes)
        accruedUSD += other.accruedUSD
        projected30dUSD += other.projected30dUSD
    }

    mutating func add(_ c: CostFigures) {
        retainedBytes = retainedBytes.addingSaturated(c.retainedBytes)
        accruedUSD += c.accruedUSD
        projected30dUSD += c.projected30dUSD
    }
}

/// Where a part of a list's totals ends: its last row, in the order of region then ID.
public struct CostTotalsPosition: Sendable, Equatable, Codable {
    public var regionID: String
    public var id: String

    public init(regionID: String, id: String) {
        self.regionID = regionID
        self.id = id
    }
}

/// A part of a list's totals: the sums of its rows, and where the next part starts.
public struct CostTotalsPart: Sendable, Equatable, Codable {
    /// The sums of this part's rows; `instances` counts the list's instances from after the last
    /// part through this one's last row (to the end in the last part), those that cost nothing included.
    public var totals: CostTotals
    /// The last row read, when more may follow; nil when this part ends the list.
    public var next: CostTotalsPosition?
}

extension Engine {
    /// The cost totals of every instance `filter` keeps, computed in one transaction.
    public func costTotals(_ filter: InstanceFilter) throws -> CostTotals {
        try read { tx in
            let (whereSQL, arguments) = try tx.clause(filter)
            var t = CostTotals(instances: try tx.count(whereSQL, arguments))
            for c in try costMemo.figures(tx, whereSQL, arguments) { t.add(c) }
            return t
        }
    }

    /// The totals of `filter`'s list a part at a time, so that a long list (every region of a
    /// million instances) is summed between frames: the part after `after` (the first when nil),
    /// at most `limit` instances that cost anything, and the count of the list's instances in
    /// the same stretch of regions and IDs. The parts of an unchanged state add up to
    /// `costTotals(filter)`. The first part is the whole list when a sort by cost of the same list
    /// has its figures at hand; the parts, read to the end, leave those figures for the next sort.
    public func costTotals(_ filter: InstanceFilter, after: CostTotalsPosition?, limit: Int) throws -> CostTotalsPart {
        try read { tx in
            let (whereSQL, arguments) = try tx.clause(filter)
            var part = CostTotalsPart(totals: CostTotals(), next: nil)
            if after == nil, let kept = try costMemo.kept(tx, whereSQL, arguments) {
                part.totals.instances = try tx.count(whereSQL, arguments)
                for c in kept { part.totals.add(c) }
                return part
            }
            let stretch = ListStretch(whereSQL, arguments, oneRegion: filter.regionID != nil)
            let (keyed, keyedArguments) = stretch.clause(after: after, through: nil)
            var figures: [CostFigures] = []
            var last: CostTotalsPosition?
            try tx.forEachCost(keyed, keyedArguments, suffix: " ORDER BY region, id LIMIT \(max(1, limit))") { seq, c in
                last = CostTotalsPosition(regionID: c.regionID, id: c.instanceID)
                figures.append(CostFigures(seq: seq, c))
            }
            part.next = figures.count >= limit ? last : nil
            // The list's instances from after the last part through this one's last row (to the end for the last part).
            let (counted, countedArguments) = stretch.clause(after: after, through: part.next)
            part.totals.instances = try tx.count(counted, countedArguments)
            for c in figures { part.totals.add(c) }
            // The parts together are the figures a sort by cost of this list needs: kept once the last is read.
            try costMemo.collect(tx, whereSQL, arguments, after: after, part: figures, next: part.next)
            return part
        }
    }
}

/// A stretch of a list in the order of region then ID, as SQL: in one region, by its IDs
/// (SQLite seeks `region = ? AND id > ?`); across regions, by (region, ID) pairs.
private struct ListStretch {
    let whereSQL: String
    let arguments: StatementArguments
    let oneRegion: Bool

    init(_ whereSQL: String, _ arguments: StatementArguments, oneRegion: Bool) {
        (self.whereSQL, self.arguments, self.oneRegion) = (whereSQL, arguments, oneRegion)
    }

    /// The list's clause limited to the rows after `after` (exclusive) through `through` (inclusive), either open.
    func clause(after: CostTotalsPosition?, through: CostTotalsPosition?) -> (String, StatementArguments) {
        var sql = whereSQL, args = arguments
        for (bound, op) in [(after, ">"), (through, "<=")] {
            guard let bound else { continue }
            sql += (sql.isEmpty ? " WHERE " : " AND ") + (oneRegion ? "id \(op) ?" : "(region, id) \(op) (?, ?)")
            args += oneRegion ? [bound.id] : [bound.regionID, bound.id]
        }
        return (sql, args)
    }
}

extension Tx {
    /// How many instances a list's clause keeps.
    func count(_ whereSQL: String, _ arguments: StatementArguments) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM instance\(whereSQL)"), arguments: arguments) ?? 0
    }
}
