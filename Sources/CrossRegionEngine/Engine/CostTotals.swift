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

extension Engine {
    /// The cost totals of every instance `filter` keeps, computed in one transaction.
    public func costTotals(_ filter: InstanceFilter) throws -> CostTotals {
        try read { tx in
            let (whereSQL, arguments) = try tx.clause(filter)
            let count = try Int.fetchOne(tx.db.cachedStatement(sql: "SELECT count(*) FROM instance\(whereSQL)"), arguments: arguments)
            var t = CostTotals(instances: count ?? 0)
            for c in try costMemo.figures(tx, whereSQL, arguments) {
                t.retainedBytes += Saturated(c.retainedBytes)
                t.accruedUSD += c.accruedUSD
                t.projected30dUSD += c.projected30dUSD
            }
            return t
        }
    }
}
