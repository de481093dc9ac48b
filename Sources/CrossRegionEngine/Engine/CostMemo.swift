import Foundation
import GRDB

/// What a list's cost columns show of one instance: all a totals row or a sort by cost needs.
struct CostFigures: Sendable {
    var instanceID: String
    var retainedBytes: Int64
    var accruedUSD: Double
    var projected30dUSD: Double
}

/// The cost figures of the last list asked for, kept until the state's generation
/// moves: the totals row and a sort by each cost column of the same list are
/// one computation, not three. Only read transactions use it (a rolled-back
/// write, such as an impact preview, sees data its generation does not name).
final class CostMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: (key: String, figures: [CostFigures])?

    /// The figures of the instances `whereSQL` keeps that cost anything, as `Tx.costFigures` gives them.
    func figures(_ tx: Tx, _ whereSQL: String, _ arguments: StatementArguments) throws -> [CostFigures] {
        let generation = try Int64.fetchOne(tx.db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'generation'")) ?? 0
        let key = "\(generation)|\(tx.now)|\(whereSQL)|\(arguments)"
        lock.lock()
        let hit = kept.flatMap { $0.key == key ? $0.figures : nil }
        lock.unlock()
        if let hit { return hit }
        let figures = try tx.costFigures(whereSQL, arguments)
        lock.lock()
        kept = (key, figures)
        lock.unlock()
        return figures
    }
}
