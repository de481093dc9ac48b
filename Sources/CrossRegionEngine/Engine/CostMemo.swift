import Foundation
import GRDB

/// What a list's cost columns show of one instance: all a totals row or a sort by cost needs.
/// The instance is named by its row (`seq`), not its ID: a million of these hold no string.
struct CostFigures: Sendable {
    var seq: Int64
    var retainedBytes: Int64
    var accruedUSD: Double
    var projected30dUSD: Double

    init(seq: Int64, _ c: InstanceCost) {
        self.seq = seq
        retainedBytes = c.retainedBytes
        accruedUSD = c.accruedUSD
        projected30dUSD = c.projected30dUSD
    }

    /// The figure a sort by `key` (a cost column) orders by.
    func value(_ key: InstanceOrder.Key) -> Double {
        switch key {
        case .retained: Double(retainedBytes)
        case .accrued: accruedUSD
        default: projected30dUSD
        }
    }
}

/// The cost figures of the last list asked for, kept until the state's generation
/// moves: the totals row and a sort by each cost column of the same list are
/// one computation, not three. Only read transactions use it (a rolled-back
/// write, such as an impact preview, sees data its generation does not name).
final class CostMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: (key: String, figures: [CostFigures])?
    /// The figures of the parts of a list summed so far, and where the next part begins.
    private var building: (key: String, figures: [CostFigures], next: CostTotalsPosition?)?

    /// The figures of the instances `whereSQL` keeps that cost anything, as `Tx.costFigures` gives them.
    func figures(_ tx: Tx, _ whereSQL: String, _ arguments: StatementArguments) throws -> [CostFigures] {
        let key = try key(tx, whereSQL, arguments)
        if let hit = kept(key) { return hit }
        let figures = try tx.costFigures(whereSQL, arguments).withoutSpareCapacity()
        lock.lock()
        kept = (key, figures)
        lock.unlock()
        return figures
    }

    /// The figures of one part of a list summed a part at a time (`Engine.costTotals(_:after:limit:)`):
    /// once the parts, read in order from the first on an unchanged state, reach the end of the list,
    /// their figures are the list's and are kept, as if `figures` had computed them.
    func collect(_ tx: Tx, _ whereSQL: String, _ arguments: StatementArguments, after: CostTotalsPosition?,
                 part: [CostFigures], next: CostTotalsPosition?) throws {
        let key = try key(tx, whereSQL, arguments)
        lock.lock()
        defer { lock.unlock() }
        if after == nil {
            building = (key, part, next)
        } else if var b = building, b.key == key, b.next == after {
            building = nil  // appended in place, not copied
            b.figures += part
            b.next = next
            building = b
        } else {
            building = nil  // a part out of turn, or the state moved: nothing to keep
            return
        }
        if let b = building, b.next == nil {
            kept = (b.key, b.figures.withoutSpareCapacity())
            building = nil
        }
    }

    /// The figures kept for this list, nil when they are not (nothing is computed).
    func kept(_ tx: Tx, _ whereSQL: String, _ arguments: StatementArguments) throws -> [CostFigures]? {
        kept(try key(tx, whereSQL, arguments))
    }

    private func kept(_ key: String) -> [CostFigures]? {
        lock.lock()
        defer { lock.unlock() }
        return kept.flatMap { $0.key == key ? $0.figures : nil }
    }

    private func key(_ tx: Tx, _ whereSQL: String, _ arguments: StatementArguments) throws -> String {
        let generation = try tx.generation()
        return "\(generation)|\(tx.now)|\(whereSQL)|\(arguments)"
    }
}
