import Foundation
import GRDB

/// The costs of the last list asked for, kept until the state's generation
/// moves: the totals row and a sort by each cost column of the same list are
/// one computation, not three. Only read transactions use it (a rolled-back
/// write, such as an impact preview, sees data its generation does not name).
final class CostMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: (key: String, costs: [(description: String, cost: InstanceCost)])?

    /// The costs of the instances `whereSQL` keeps, as `Tx.costs` gives them.
    func costs(_ tx: Tx, _ whereSQL: String, _ arguments: StatementArguments) throws
        -> [(description: String, cost: InstanceCost)] {
        let generation = try Int64.fetchOne(tx.db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'generation'")) ?? 0
        let key = "\(generation)|\(tx.now)|\(whereSQL)|\(arguments)"
        lock.lock()
        let hit = kept.flatMap { $0.key == key ? $0.costs : nil }
        lock.unlock()
        if let hit { return hit }
        let costs = try tx.costs(whereSQL, arguments)
        lock.lock()
        kept = (key, costs)
        lock.unlock()
        return costs
    }
}
