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

    /// One read of many instances, in two halves side by side: the instances before the middle one
    /// on this transaction's connection and thread, those from it on a second connection and
    /// thread, each by `part`. `prepare` reads first what both halves share, and the middle (nil
    /// when the read is too small to split). The second transaction must see the state the first
    /// sees: when the state changed between their beginnings (its generation moved), or no second
    /// connection is free, the first reads both halves. The parts come in order, the first half
    /// first; `finish` combines them.
    func readInHalves<Shared: Sendable, Part: Sendable, T>(
        prepare: (Tx) throws -> (shared: Shared, middle: (regionID: String, id: String)?),
        part: @escaping @Sendable (Tx, Shared, InstanceKeyRange) throws -> Part,
        finish: (Tx, inout [Part]) throws -> T
    ) throws -> T {
        try read { tx in
            var parts: [Part] = []
            let (shared, middle) = try prepare(tx)
            guard let middle else {
                parts.append(try part(tx, shared, .all))
                return try finish(tx, &parts)
            }
            let (before, from) = (InstanceKeyRange.before(regionID: middle.regionID, id: middle.id),
                                  InstanceKeyRange.from(regionID: middle.regionID, id: middle.id))
            let generation = try tx.generation()
            let side = store.readBeside { db -> Part? in
                let sideTx = try Tx(db)
                guard try sideTx.generation() == generation else { return nil }
                return try part(sideTx, shared, from)
            }
            guard let side else {
                parts.append(try part(tx, shared, .all))
                return try finish(tx, &parts)
            }
            do {
                parts.append(try part(tx, shared, before))
            } catch {
                _ = try? side.wait()
                throw error
            }
            // A second transaction that failed or saw another state: this one reads its half.
            parts.append(try ((try? side.wait()) ?? nil) ?? part(tx, shared, from))
            return try finish(tx, &parts)
        }
    }
}
