import Foundation
import GRDB
import Testing
@testable import CrossRegionEngine

@Suite("Reads in two halves")
struct HalvesTests {
    /// A fleet of more instances than a split needs, in every region, with closed series: every
    /// pending one enabled with log backup, then some given another retention and some disabled.
    static func fleet() throws -> Fixture {
        let f = try Fixture(options: .init(instances: 6_000, seed: 5, rules: .current))
        let rules = try f.engine.rulesEdition()
        var destinations: [String: String] = [:]
        for r in rules.sources { destinations[r.id] = rules.destinations(from: r.id)[0] }
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .pending).joiningBatch).ids
        _ = try f.engine.changePolicy(ids: ids, change: PolicyChange(
            backupEnabled: true, retentionDays: 7, logBackupEnabled: true, destinationBySource: destinations))
        try f.advance("3d")
        _ = try f.engine.changePolicy(ids: stride(from: 0, to: ids.count, by: 7).map { ids[$0] },
                                      change: PolicyChange(retentionDays: 30))
        _ = try f.engine.changePolicy(ids: stride(from: 3, to: ids.count, by: 11).map { ids[$0] },
                                      change: PolicyChange(backupEnabled: false))
        try f.advance("2d")
        return f
    }

    /// One region of 5,000 qualifying instances, every one enabled with log backup, two days
    /// on, then every fifth given 30 days of retention; and their IDs.
    static func oneRegion() throws -> (Fixture, [String]) {
        let f = try Fixture(options: .init(instances: 5_000, seed: 9, plainRegion: Region.defaultID))
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: Region.defaultID)).ids
        _ = try f.engine.changePolicy(ids: ids, change: PolicyChange(
            backupEnabled: true, destination: "cn-shanghai", retentionDays: 7, logBackupEnabled: true))
        try f.advance("2d")
        _ = try f.engine.changePolicy(ids: stride(from: 0, to: ids.count, by: 5).map { ids[$0] }, change: PolicyChange(retentionDays: 30))
        return (f, ids)
    }

    @Test("The cost of a fleet of 6,000, read in two halves, is each instance's own cost, in region and ID order; the totals are their sums in that order")
    func fleetCostInHalves() throws {
        let f = try Self.fleet()
        let before = f.engine.store.side.readCount
        let fleet = try f.engine.fleetCost()
        #expect(f.engine.store.side.readCount == before + 1, "the second half was read beside the first")
        let billed = try f.engine.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM instance WHERE \(Tx.holdsOrHeldFiles)")!
        }
        #expect(billed >= Engine.fewestSplit)
        #expect(fleet.instances.count == billed, "every instance that holds or held files, once")
        let keys = fleet.instances.map { [$0.regionID, $0.instanceID] }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) }, "in region and ID order")
        #expect(Set(fleet.instances.map(\.regionID)).count > 1)
        let one = try f.engine.costs(instanceIDs: fleet.instances.map(\.instanceID))
        let wrong = fleet.instances.filter { one[$0.instanceID] != $0 }.map(\.instanceID)
        #expect(wrong.isEmpty, "each instance's own cost; not: \(wrong.prefix(3)) (\(wrong.count))")
        #expect(fleet.accruedUSD == fleet.instances.reduce(0) { $0 + $1.accruedUSD })
        #expect(fleet.projected30dUSD == fleet.instances.reduce(0) { $0 + $1.projected30dUSD })
        #expect(fleet.trafficBytes == fleet.instances.reduce(0) { $0 + $1.trafficBytes })
        #expect(fleet.instances.contains { $0.retainedFiles > 0 && !$0.backupEnabled }, "disabled ones keep their files")

        let biggest = Dictionary(grouping: fleet.instances, by: \.regionID).max { $0.value.count < $1.value.count }!
        let region = try f.engine.fleetCost(regionID: biggest.key)
        #expect(region.instances.count == biggest.value.count)
        #expect(region.instances == biggest.value, "one region: its part of the whole, in ID order")
    }

    @Test("The cost of one region of 5,000, read in two halves by ID within the region, is each instance's own cost, in ID order")
    func oneRegionInHalves() throws {
        let (f, ids) = try Self.oneRegion()
        let before = f.engine.store.side.readCount
        let region = try f.engine.fleetCost(regionID: Region.defaultID)
        #expect(f.engine.store.side.readCount == before + 1, "the second half was read beside the first")
        #expect(region.instances.count == ids.count && ids.count >= Engine.fewestSplit)
        let order = region.instances.map(\.instanceID)
        #expect(zip(order, order.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "in ID order, each once")
        let one = try f.engine.costs(instanceIDs: order)
        let wrong = region.instances.filter { one[$0.instanceID] != $0 }.map(\.instanceID)
        #expect(wrong.isEmpty, "each instance's own cost; not: \(wrong.prefix(3)) (\(wrong.count))")
        #expect(region.instances.contains { $0.accruedUSD > 0 })
        #expect(try f.engine.fleetCost(regionID: "cn-beijing").instances.isEmpty)
    }

    @Test("The DR summary of a region of 5,000, read in two halves by ID, is the whole drill's summary: now, with targets, and at an earlier time")
    func drillSummaryInHalves() throws {
        let (f, ids) = try Self.oneRegion()
        _ = try f.engine.changePolicy(ids: stride(from: 2, to: ids.count, by: 9).map { ids[$0] }, change: PolicyChange(backupEnabled: false))
        try f.advance("1d")
        let now = try f.engine.now()
        for (at, rpo, rto) in [(nil, nil, nil), (nil, 3_600, 7_200), (now - 86_400 - 1_800, 600, nil)] as [(Seconds?, Seconds?, Seconds?)] {
            let before = f.engine.store.side.readCount
            let summary = try f.engine.drillSummary(region: Region.defaultID, at: at, rpoTarget: rpo, rtoTarget: rto)
            #expect(f.engine.store.side.readCount == before + 1, "the second half was read beside the first")
            let whole = try f.engine.drill(region: Region.defaultID, at: at, rpoTarget: rpo, rtoTarget: rto)
            #expect(summary == whole.summary, "at \(String(describing: at)), RPO \(String(describing: rpo))")
            #expect(summary.instances == whole.rows.count && summary.protected > 0)
        }
        #expect(throws: EngineError.self) { try f.engine.drillSummary(region: Region.defaultID, at: now + 1) }
    }

    @Test("A change committed between the two halves' beginnings: the second half is read again by the first transaction, which sees the state before it")
    func stateMovedBetween() throws {
        let f = try Self.fleet()
        let other = try Engine.open(path: f.path)
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .backup)).ids.sorted()
        let middle = ids[ids.count / 2]
        let last = ids.last!
        let old = try f.engine.instances(ids: [last])[0].retentionDays
        #expect(old != 365)
        let before = f.engine.store.side.readCount
        let seen = try f.engine.readInHalves(prepare: { tx -> (shared: Int, middle: (regionID: String, id: String)?) in
            // This transaction has read already: the write below is after its state. (Within one
            // region the halves compare IDs only, as the part below does.)
            _ = try other.changePolicy(ids: [last], change: PolicyChange(retentionDays: 365))
            return (0, ("", middle))
        }, part: { tx, _, range in
            try Int64.fetchAll(tx.db, sql: "SELECT retention FROM instance WHERE id = ?\(range.sql(oneRegion: true))",
                               arguments: [last] + range.arguments(oneRegion: true))
        }, finish: { _, parts in parts.flatMap { $0 } })
        #expect(f.engine.store.side.readCount == before + 1, "a second half was begun beside the first")
        #expect(seen == [old], "the retention before the change, read once")
        #expect(try f.engine.instances(ids: [last])[0].retentionDays == 365)
    }
}
