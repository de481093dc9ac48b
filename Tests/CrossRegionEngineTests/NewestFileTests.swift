import Testing
@testable import CrossRegionEngine

@Suite("The newest file")
struct NewestFileTests {
    @Test("The newest file a query keeps is the first the listing shows, for every instance and kind of query, as the clock moves")
    func newestIsTheListingsFirst() throws {
        let f = try Fixture(options: .init(instances: 400, seed: 31))
        let region = Region.defaultID
        let destinations = try f.engine.rulesEdition().destinations(from: region)
        try #require(destinations.count >= 2)
        let pending = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: region)).ids
        try #require(pending.count >= 12)
        let (logged, plain, moved) = (Array(pending[0..<4]), Array(pending[4..<8]), Array(pending[8..<12]))
        _ = try f.engine.modifyPolicy(ids: logged + moved, change: PolicyChange(backupEnabled: true, destination: destinations[0],
                                                                               retentionDays: 30, logBackupEnabled: true))
        _ = try f.engine.modifyPolicy(ids: plain, change: PolicyChange(backupEnabled: true, destination: destinations[0],
                                                                      retentionDays: 7, logBackupEnabled: false))
        var checked = 0
        func check() throws {
            let ids = logged + plain + moved
            let now = try f.engine.now()
            try f.engine.read { tx in
                for inst in try tx.instances(ids: ids).values {
                    let series = try tx.allSeries(of: inst)
                    let queries = [
                        FileQuery(kind: .data, completedOnly: true), FileQuery(kind: .data), FileQuery(kind: .log),
                        FileQuery(kind: .log, completedOnly: true), FileQuery(kind: .data, to: now - 2 * UTCTime.day),
                        FileQuery(kind: .data, from: now - 3 * UTCTime.day, to: now - UTCTime.day, completedOnly: true),
                        FileQuery(kind: .data, destination: destinations[0]), FileQuery(kind: .data, destination: destinations[1]),
                        FileQuery(kind: .log, from: now - 6 * 3600),
                    ]
                    for q in queries {
                        var first = q
                        first.limit = 1
                        let listed = try tx.files(of: inst, series: series, query: first).items.first
                        #expect(tx.newestFile(of: inst, series: series, query: q) == listed, "\(inst.id) \(q)")
                        if listed != nil { checked += 1 }
                    }
                }
            }
        }
        try check()
        for step in 0..<6 {
            try f.engine.advanceClock(by: 29 * 3600 + 1_234 * Int64(step))
            switch step {
            case 1: _ = try f.engine.modifyPolicy(ids: moved, change: PolicyChange(destination: destinations[1]))  // closes their epochs
            case 2: _ = try f.engine.modifyPolicy(ids: logged, change: PolicyChange(retentionDays: 7))  // shortens: a floor
            case 3: try f.ok("ModifyDBInstanceTDE", ["DBInstanceId": plain[0], "TDEStatus": "Enabled"])
            case 4: _ = try f.engine.releaseInstance(id: moved[0])
            default: break
            }
            try check()
        }
        #expect(checked > 200, "files were found: \(checked)")
    }
}
