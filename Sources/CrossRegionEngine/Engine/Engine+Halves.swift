import GRDB

/// A part of the instances in the order of their region and ID (the order of the indexes a
/// list or a cost reads): all of them, those before an instance, or it and those after it.
enum InstanceKeyRange: Sendable {
    case all
    case before(regionID: String, id: String)
    case from(regionID: String, id: String)

    /// The clause that keeps the part, after a clause of its own (it begins with AND). Within one
    /// region (`oneRegion`) it compares IDs only: the index is then searched by the region alone
    /// with a range of IDs, where a comparison of (region, ID) pairs reads the whole region.
    func sql(oneRegion: Bool) -> String {
        switch self {
        case .all: ""
        case .before: oneRegion ? " AND id < ?" : " AND (region, id) < (?, ?)"
        case .from: oneRegion ? " AND id >= ?" : " AND (region, id) >= (?, ?)"
        }
    }

    func arguments(oneRegion: Bool) -> StatementArguments {
        switch self {
        case .all: []
        case .before(let r, let id), .from(let r, let id): oneRegion ? [id] : [r, id]
        }
    }
}

extension Engine {
    /// The fewest instances a read splits in two: below it, a second thread costs more than it saves.
    static let fewestSplit = 4_000

    /// One read of many instances, in two halves side by side: the instances before `middle` on
    /// this transaction's connection and thread, those from it on a second connection and thread,
    /// each by `part`. The second transaction must see the state the first sees: when the state
    /// changed between their beginnings (its generation moved), or no second connection is free,
    /// the first reads both halves. `middle` is nil when a read is too small to split. The parts
    /// come in order, the first half first; `finish` combines them.
    func readInHalves<Part: Sendable, T>(middle: (Tx) throws -> (regionID: String, id: String)?,
                                         part: @escaping @Sendable (Tx, InstanceKeyRange) throws -> Part,
                                         finish: (Tx, inout [Part]) throws -> T) throws -> T {
        try read { tx in
            var parts: [Part] = []
            guard let middle = try middle(tx) else {
                parts.append(try part(tx, .all))
                return try finish(tx, &parts)
            }
            let generation = try tx.generation()
            let side = store.readBeside { db -> Part? in
                let sideTx = try Tx(db)
                guard try sideTx.generation() == generation else { return nil }
                return try part(sideTx, .from(regionID: middle.regionID, id: middle.id))
            }
            guard let side else {
                parts.append(try part(tx, .all))
                return try finish(tx, &parts)
            }
            do {
                parts.append(try part(tx, .before(regionID: middle.regionID, id: middle.id)))
            } catch {
                _ = try? side.wait()
                throw error
            }
            // A second transaction that failed or saw another state: this one reads its half.
            parts.append(try ((try? side.wait()) ?? nil) ?? part(tx, .from(regionID: middle.regionID, id: middle.id)))
            return try finish(tx, &parts)
        }
    }
}
