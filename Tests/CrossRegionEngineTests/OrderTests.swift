import Foundation
import GRDB
import Testing
@testable import CrossRegionEngine

/// Sorting runs in the engine: the index comes back in the order asked, ties by ID.
@Suite("Sorted lists")
struct OrderTests {
    @Test("The cost totals of a list are the sums of its instances' costs; SearchKey matches the ID or the description")
    func totals() throws {
        let f = try Fixture(options: .init(instances: 400, seed: 7))
        try f.engine.advanceClock(by: 3 * UTCTime.day)
        for search in [nil, "rm-", "orders", "zzz-nothing"] {
            let filter = InstanceFilter(set: .backup, regionID: "cn-hangzhou", searchKey: search)
            let ids = try f.engine.instanceIndex(filter).map(\.id)
            let costs = try f.engine.costs(instanceIDs: ids).values
            let t = try f.engine.costTotals(filter)
            #expect(t.instances == ids.count)
            #expect(t.retainedBytes == costs.reduce(0) { $0 + $1.retainedBytes })
            #expect(abs(t.accruedUSD - costs.reduce(0) { $0 + $1.accruedUSD }) < 1e-6)
            #expect(abs(t.projected30dUSD - costs.reduce(0) { $0 + $1.projected30dUSD }) < 1e-6)
        }
    }

    @Test("Summed a part at a time, in one region or across every region, the parts add up to the totals at any part size; the parts read to the end leave the figures a sort by cost uses")
    func totalsInParts() throws {
        let f = try Fixture(options: .init(instances: 400, seed: 7))
        try f.engine.advanceClock(by: 3 * UTCTime.day)
        for filter in [InstanceFilter(set: .backup, regionID: "cn-hangzhou"), InstanceFilter(set: .backup),
                       InstanceFilter(set: .backup, searchKey: "orders"), InstanceFilter(set: .all)] {
            let whole = try Engine.open(path: f.path).costTotals(filter)
            #expect(whole.instances > 0 && whole.projected30dUSD > 0)
            for limit in [1, 7, 50, 10_000] {
                let engine = try Engine.open(path: f.path)  // nothing kept
                var sum = CostTotals(), after: CostTotalsPosition? = nil, parts = 0, seen: [CostTotalsPosition] = []
                repeat {
                    let part = try engine.costTotals(filter, after: after, limit: limit)
                    sum.add(part.totals)
                    if let next = part.next { seen.append(next) }
                    after = part.next
                    parts += 1
                } while after != nil && parts < 1_000
                #expect(sum.instances == whole.instances, "\(filter) by \(limit)")
                #expect(sum.retainedBytes == whole.retainedBytes)
                #expect(abs(sum.accruedUSD - whole.accruedUSD) < 1e-6 && abs(sum.projected30dUSD - whole.projected30dUSD) < 1e-6)
                #expect(seen == seen.sorted { ($0.regionID, $0.id) < ($1.regionID, $1.id) }, "parts follow region, then ID")
                if limit == 1 { #expect(parts > 1) }
                // The figures the parts collected are the list's: the first part again is the whole, in one part.
                let again = try engine.costTotals(filter, after: nil, limit: limit)
                #expect(again.next == nil && again.totals.instances == whole.instances
                        && abs(again.totals.projected30dUSD - whole.projected30dUSD) < 1e-6)
            }
        }
        // A part out of turn, or after the state moved, keeps nothing; the totals stay right.
        let filter = InstanceFilter(set: .backup, regionID: "cn-hangzhou")
        let engine = try Engine.open(path: f.path)
        let first = try engine.costTotals(filter, after: nil, limit: 3)
        try f.engine.advanceClock(by: UTCTime.day)
        var sum = first.totals, after = first.next
        while let a = after {
            let part = try engine.costTotals(filter, after: a, limit: 3)
            sum.add(part.totals)
            after = part.next
        }
        let moved = try Engine.open(path: f.path).costTotals(filter)
        #expect(try engine.costTotals(filter, after: nil, limit: 3).next != nil, "nothing kept from parts of two states")
        #expect(try engine.costTotals(filter) == moved)
    }

    @Test("Totals and cost sorts follow every change: a write, the clock, another process; never an impact preview")
    func costsFollowTheState() throws {
        let f = try Fixture(options: .init(instances: 400, seed: 7))
        try f.engine.advanceClock(by: 3 * UTCTime.day)
        let filter = InstanceFilter(set: .backup, regionID: "cn-hangzhou")
        var dearest = filter
        dearest.order = InstanceOrder(.next30d, descending: true)
        func fresh() throws -> CostTotals {
            // What the engine answers with nothing kept: a new engine on the same file.
            try Engine.open(path: f.path).costTotals(filter)
        }
        let before = try f.engine.costTotals(filter)
        let top = try f.engine.instanceIndex(dearest)[0].id
        #expect(before == (try fresh()))
        _ = try f.engine.policyImpact(ids: [top], change: PolicyChange(retentionDays: 7))
        #expect(try f.engine.costTotals(filter) == before, "a preview changes nothing, and leaves nothing kept")
        try f.engine.modifyPolicy(ids: [top], change: PolicyChange(retentionDays: 7))
        let after = try f.engine.costTotals(filter)
        #expect(after.projected30dUSD < before.projected30dUSD)
        #expect(after == (try fresh()))
        try f.engine.advanceClock(by: UTCTime.day)
        #expect(try f.engine.costTotals(filter) == (try fresh()))
        try Engine.open(path: f.path).modifyPolicy(ids: [top], change: PolicyChange(retentionDays: 1825))
        #expect(try f.engine.costTotals(filter) == (try fresh()), "another engine's write moves the generation too")
        #expect(try f.engine.instanceIndex(dearest).map(\.id) == (try Engine.open(path: f.path).instanceIndex(dearest).map(\.id)))
    }

    @Test("Every key, both ways, as the instances' own values order them", arguments: InstanceOrder.Key.allCases)
    func ordered(_ key: InstanceOrder.Key) throws {
        let f = try Fixture(options: .init(instances: 400, seed: 7))
        try f.engine.advanceClock(by: 3 * UTCTime.day)
        // Every status in the lists: Creating ones (in two regions) beside the Running and the released.
        for region in [Region.defaultID, Region.defaultID, "cn-shanghai"] { _ = try f.create(region) }
        let now = try f.engine.now()
        for (set, region) in [InstanceFilter.Set.backup, .live].flatMap({ s in [nil, Region.defaultID].map { (s, $0) } }) {
            let ids = try f.engine.instanceIndex(InstanceFilter(set: set, regionID: region)).map(\.id)
            let found = Dictionary(uniqueKeysWithValues: try f.engine.instances(ids: ids).map { ($0.id, $0) })
            let costs = try f.engine.costs(instanceIDs: ids)
            func value(_ id: String) -> String {
                let i = found[id]!, c = costs[id]!
                switch key {
                case .id: return id
                case .description: return i.description
                case .status: return String(i.status(at: now) == .released ? 2 : i.status(at: now) == .creating ? 1 : 0)
                case .engineVersion: return i.engine + " " + i.engineVersion
                case .zone: return i.zoneID
                case .region: return i.regionID
                case .crossRegion: return "\(i.qualifiesByProduct ? 1 : 0)\(i.backupEnabled ? 1 : 0)\(i.backupRegion ?? "")"
                case .edition: return i.category
                case .storage: return i.storageType
                case .tde: return i.tdeEnabled ? "1" : "0"
                case .logBackup: return i.logBackupEnabled ? "1" : "0"
                case .backupRegion: return i.backupRegion ?? ""
                case .retention: return String(format: "%06d", i.retentionDays)
                case .retained:
                    let digits = String(c.retainedBytes)
                    return String(repeating: "0", count: 20 - digits.count) + digits
                case .accrued: return String(format: "%020.6f", c.accruedUSD)
                case .next30d: return String(format: "%020.6f", c.projected30dUSD)
                }
            }
            for descending in [false, true] {
                var filter = InstanceFilter(set: set, regionID: region)
                filter.order = InstanceOrder(key, descending: descending)
                let got = try f.engine.instanceIndex(filter).map(\.id)
                let expected = ids.sorted { a, b in
                    let (va, vb) = (value(a), value(b))
                    return va != vb ? (va < vb) != descending : a < b
                }
                #expect(got == expected, "\(key) \(descending ? "desc" : "asc") over \(set) in \(region ?? "every region")")
            }
        }
    }

    @Test("A list in ID order, or in the order of a key of a few values, is read off the list's index as it holds it, never sorted: in a region, and region by region across them")
    func readInTheIndexOrder() throws {
        let f = try Fixture(options: .init(instances: 400, seed: 7))
        let sets: [InstanceFilter.Set] = [.live, .pending, .backup, .all]
        let keys: [InstanceOrder.Key] = [.id, .status, .tde, .logBackup]
        #expect(InstanceOrder.Key.allCases.filter { $0.rank != nil } == [.status, .tde, .logBackup])
        let cases = sets.flatMap { set in keys.flatMap { key in [Region.defaultID, nil].flatMap { region in
            [false, true].map { (set, key, region, $0) } } } }
        for (set, key, region, descending) in cases {
            var filter = InstanceFilter(set: set, regionID: region)
            filter.order = InstanceOrder(key, descending: descending)
            let plan = try f.engine.read { tx in
                let (whereSQL, arguments) = try tx.clause(filter)
                // What the engine reads the list with, and how it makes the list of the rows.
                let read = tx.indexRead(filter, whereSQL, arguments)
                let expected: Tx.IndexRows = key.rank.map { .ranked(count: $0.count) } ?? (region == nil ? .merged : .inOrder)
                #expect(read.rows == expected, "\(key) in \(region ?? "every region")")
                return try Row.fetchAll(tx.db, sql: "EXPLAIN QUERY PLAN " + read.sql, arguments: read.arguments)
                    .map { $0["detail"] as String }.joined(separator: "; ")
            }
            #expect(plan.contains("COVERING INDEX instance_list") && !plan.contains("TEMP B-TREE"),
                    "\(key) over \(set) in \(region ?? "every region") \(descending ? "desc" : "asc"): \(plan)")
        }
    }

    @Test("A flag stored with a value outside its two (a file written elsewhere) is still ordered, by SQLite's sort: nothing is dropped or misplaced")
    func rankOutsideItsValues() throws {
        let f = try Fixture(options: .init(instances: 200, seed: 7))
        let odd = try f.engine.instanceIndex(InstanceFilter(set: .live, regionID: Region.defaultID)).ids.prefix(2)
        try f.engine.store.write { db in
            try db.execute(sql: "UPDATE instance SET tde = 7 WHERE id = ?", arguments: [odd.first!])
            try db.execute(sql: "UPDATE instance SET tde = -1 WHERE id = ?", arguments: [odd.last!])
        }
        for region in [Region.defaultID, nil] {
            for descending in [false, true] {
                var filter = InstanceFilter(set: .live, regionID: region)
                filter.order = InstanceOrder(.tde, descending: descending)
                let got = try f.engine.instanceIndex(filter).ids
                let expected = try f.engine.store.read { db in
                    try String.fetchAll(db, sql: "SELECT id FROM instance WHERE released_at IS NULL"
                                        + (region == nil ? "" : " AND region = '\(region!)'")
                                        + " ORDER BY tde\(descending ? " DESC" : ""), id")
                }
                #expect(got == expected && got.count > 2, "\(region ?? "every region") \(descending ? "desc" : "asc")")
                #expect(got.first == (descending ? odd.first : odd.last))
            }
        }
    }
}
