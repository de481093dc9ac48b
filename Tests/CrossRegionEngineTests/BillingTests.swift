import Foundation
import Testing
@testable import CrossRegionEngine

@Suite("R8 billing")
struct BillingTests {
    @Test("Storage of a series equals the sum over its files, whatever the settings (closed forms vs brute force)")
    func closedForm() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            let period: Int64 = [0, 3600, 86_400][Int(rng.next() % 3)]
            let count = Int64(rng.next() % 60)
            let t0 = Int64(rng.next() % 1_000_000)
            let s = FileSeries(sid: 4, kind: .data, destination: "cn-shanghai", t0: t0, period: period,
                               firstIndex: Int64(rng.next() % 5), endAt: t0 + count * period + Int64(rng.next() % 100),
                               sizeBytes: 1, copySeconds: 60, sourceStart0: t0, sourceEnd0: t0, bankedSeconds: 0, seq0: 0)
            let r = Int64(7 + rng.next() % 30) * 3600
            let floor = rng.next() % 2 == 0 ? 0 : t0 + Int64(rng.next() % 3_000_000)
            // Sometimes from the beginning of time or to its end, as the bill and a file's lifetime ask.
            let from = rng.next() % 8 == 0 ? -(1 << 60) : t0 - 500_000 + Int64(rng.next() % 3_000_000)
            let to = rng.next() % 8 == 0 ? 1 << 60 : max(from, t0 - 500_000) + Int64(rng.next() % 3_000_000)
            let produced = t0 + Int64(rng.next() % 4_000_000)
            var brute: Int64 = 0
            var k = s.firstIndex
            while k <= s.lastIndex(upTo: produced) {
                let c = s.created(k)
                brute += max(0, min(max(c + r, floor), to) - max(c, from))
                k += 1
            }
            #expect(s.storageSeconds(from: from, to: to, producedUpTo: produced, retention: r, floor: floor) == brute)
        }
    }

    @Test("Instances with their costs, in one read and the order asked: each cost as its own series give it; over LocalAsk the same")
    func instancesWithCosts() throws {
        let f = try Fixture(options: .init(instances: 200, seed: 3))
        try f.advance("3d")
        let ids = Array(try f.engine.instanceIndex(InstanceFilter(set: .backup)).map(\.id).reversed()) + ["rm-nosuchinstance0"]
        let rows = try f.engine.instancesWithCosts(ids: ids)
        #expect(rows.map(\.instance.id) == Array(ids.dropLast()), "the order asked; an unknown ID is absent")
        let oneByOne = try f.engine.read { tx in
            try rows.map { tx.cost(of: $0.instance, series: try tx.allSeries(of: $0.instance)) }
        }
        #expect(rows.map(\.cost) == oneByOne)
        #expect(rows.contains { $0.cost.retainedBytes > 0 })
        let body = try f.ok("LocalAsk", ["Query": InstancesWithCostsQuery.name,
                                         "Body": try StateQueries.encode(InstancesWithCostsQuery(ids: ids))])
        guard case .encoded(let text)? = body["Result"] else { Issue.record("no Result"); return }
        #expect(try JSONDecoder().decode([InstanceWithCost].self, from: Data(text.utf8)) == rows)
    }

    @Test("Export rows: each instance's values in the columns' order, its costs to the cent, its status when the export began; over LocalAsk the same, read by the scanner and the decoder alike")
    func exportRows() throws {
        let f = try Fixture(options: .init(instances: 200, seed: 3))
        try f.advance("3d")
        let ids = Array(try f.engine.instanceIndex(InstanceFilter(set: .all)).map(\.id).prefix(60)) + ["rm-nosuchinstance0"]
        let began = try f.engine.now()
        let rows = try f.engine.ask(ExportRowsQuery(ids: ids, at: began))
        let whole = try f.engine.instancesWithCosts(ids: ids)
        #expect(rows.count == whole.count && rows.count == ids.count - 1, "an unknown ID writes no row")
        for (k, w) in whole.enumerated() {
            let r = Array(rows.row(k))
            #expect(r.count == ExportRows.columns.count)
            #expect(r[0] == w.instance.id && r[2] == w.instance.regionID && r[3] == w.instance.status(at: began).rawValue)
            #expect(r[7] == (w.instance.backupEnabled ? "true" : "false") && r[9] == String(w.instance.retentionDays))
            #expect(r[11] == String(w.cost.retainedBytes))
            #expect(r[13] == String(format: "%.2f", w.cost.projected30dUSD), "to the cent, as %.2f writes it")
        }
        #expect((0..<rows.count).contains { Array(rows.row($0))[11] != "0" })
        // Every value as the whole instance (every column read) and its cost write it.
        var expected = ExportRows()
        for w in whole { expected.append(w.instance, w.cost, at: began) }
        #expect(rows == expected)
        #expect((0..<rows.count).allSatisfy { let r = Array(rows.row($0)); return !r[1].isEmpty && !r[6].isEmpty },
                "descriptions and zones are there")
        #expect(ExportRows.cents(1234.5) == "1234.50" && ExportRows.cents(0.07) == "0.07" && ExportRows.cents(-2.5) == "-2.50")
        // A description with quotes, a backslash and letters beyond ASCII travels whole.
        let odd = try f.ok("CreateDBInstance", [
            "RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "rds.mysql.s2.large",
            "DBInstanceStorage": "100", "DBInstanceNetType": "Intranet", "PayType": "Postpaid", "SecurityIPList": "10.0.0.0/8",
            "DBInstanceDescription": "a \"b\" \\ 订单",
        ])["DBInstanceId"]!.stringValue
        let oddRows = try f.engine.ask(ExportRowsQuery(ids: [odd], at: began))
        var written = ""
        oddRows.writeJSON(into: &written)
        #expect(try JSONDecoder().decode(ExportRows.self, from: Data(written.utf8)) == oddRows)
        #expect(try JSONScanner.member("R", of: Array("{\"R\":\(written)}".utf8), as: ExportRows.self) == oddRows)
        #expect(oddRows.row(0)[1] == "a \"b\" \\ 订单")
        // Over LocalAsk: the answer the endpoint sends, read both ways.
        let body = try f.ok("LocalAsk", ["Query": ExportRowsQuery.name,
                                         "Body": try StateQueries.encode(ExportRowsQuery(ids: ids, at: began))])
        guard case .encoded(let text)? = body["Result"] else { Issue.record("no Result"); return }
        #expect(try JSONDecoder().decode(ExportRows.self, from: Data(text.utf8)) == rows)
        #expect(try JSONScanner.member("R", of: Array("{\"R\":\(text)}".utf8), as: ExportRows.self) == rows)
        // Values that are not whole rows are refused by both readers.
        let short = #"{"Values":["rm-1","two"]}"#
        #expect(throws: (any Error).self) { try JSONDecoder().decode(ExportRows.self, from: Data(short.utf8)) }
        #expect(throws: JSONScanner.Malformed.self) { try JSONScanner.member("R", of: Array("{\"R\":\(short)}".utf8), as: ExportRows.self) }
    }

    @Test("R8.1: USD 0.0002 per GB-hour, prorated to the second")
    func exactRate() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id)
        let file = try f.dataFiles(id)[0]
        try f.advance("20m")
        #expect(try f.dataFiles(id).count == 1)
        let cost = try f.engine.cost(instanceID: id)
        let expected = Double(file.sizeBytes) / 1e9 * (1200.0 / 3600.0) * 0.0002
        #expect(abs(cost.accruedUSD - expected) < 1e-12)
        #expect(cost.retainedBytes == file.sizeBytes)
    }

    @Test("R8.1: storage keeps accruing after disabling, until the files expire")
    func accrualAfterDisable() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 30)
        try f.advance("10d")
        try f.ok("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "BackupEnabled": "0",
                                                     "Retention": "7"])
        let atDisable = try f.engine.cost(instanceID: id)
        #expect(atDisable.projected30dUSD > 0)
        try f.advance("3d")
        let later = try f.engine.cost(instanceID: id)
        #expect(later.accruedUSD > atDisable.accruedUSD)
        try f.advance("4d")
        let expired = try f.engine.cost(instanceID: id)
        try f.advance("30d")
        let final = try f.engine.cost(instanceID: id)
        #expect(final.accruedUSD == expired.accruedUSD)
        #expect(final.projected30dUSD == 0)
        #expect(final.retainedBytes == 0)
        // What was projected at disabling is what accrued afterwards.
        #expect(abs(atDisable.accruedUSD + atDisable.projected30dUSD - final.accruedUSD) < 1e-9)
    }

    @Test("R8.2, R8.3: traffic is recorded per instance; the fleet total is the sum")
    func fleetTotals() throws {
        let f = try Fixture(options: .standard)
        let fleet = try f.engine.fleetCost()
        #expect(fleet.trafficUSDPerGB == nil)
        #expect(fleet.instances.count > 5)
        #expect(abs(fleet.accruedUSD - fleet.instances.map(\.accruedUSD).reduce(0, +)) < 1e-9)
        #expect(fleet.trafficBytes == fleet.instances.map(\.trafficBytes).reduce(0, +))
        #expect(fleet.instances.allSatisfy { $0.trafficBytes >= $0.retainedBytes })
        try f.engine.setTrafficPrice(0.08)
        #expect(try f.engine.fleetCost().trafficUSDPerGB == 0.08)
    }

    @Test("Clock steps do not change the bill: one 40-day step equals forty 1-day steps")
    func billingDeterminism() throws {
        let a = try Fixture(options: .standard)
        let b = try Fixture(options: .standard)
        try a.advance("40d")
        for _ in 0..<40 { try b.advance("1d") }
        let ca = try a.engine.fleetCost(), cb = try b.engine.fleetCost()
        #expect(ca.instances == cb.instances)
        #expect(ca.accruedUSD == cb.accruedUSD)
    }
}

@Suite("Stored values that cannot trap")
struct StoredValueTests {
    @Test("A state holding absurd sizes (written by hand, or by a build that let them in) answers costs, totals and an impact without trapping")
    func absurdSizes() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 30, log: true)
        try f.advance("1d")
        try f.engine.store.write { db in
            try db.execute(sql: "UPDATE instance SET data_bytes = ?, log_bytes_per_hour = ?", arguments: [Int64.max, Int64.max])
            try db.execute(sql: "UPDATE xseries SET size_bytes = ?", arguments: [Int64.max])
        }
        try f.advance("30d")
        let cost = try f.engine.cost(instanceID: id)
        #expect(cost.retainedBytes == .max && cost.trafficBytes == .max)
        #expect(cost.accruedUSD > 1e9 && cost.accruedUSD.isFinite)
        let fleet = try f.engine.fleetCost()
        #expect(fleet.trafficBytes == .max)
        #expect(try f.engine.costTotals(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).retainedBytes == .max)
        let body = try f.ok("LocalAsk", ["Query": CostsQuery.name, "Body": try StateQueries.encode(CostsQuery(ids: [id]))])
        #expect(body.compact().contains("9223372036854775807"))
        _ = try f.engine.policyImpact(ids: [id], change: PolicyChange(retentionDays: 7))
    }

    @Test("Saturating sums and products hold at the bounds")
    func saturating() {
        #expect(Int64.max.addingSaturated(1) == .max && Int64.min.addingSaturated(-1) == .min)
        #expect(Int64(3).multipliedSaturated(by: .max) == .max && Int64(-3).multipliedSaturated(by: .max) == .min)
        #expect(Int64(6).multipliedSaturated(by: 7) == 42 && Int64(40).addingSaturated(2) == 42)
        var total: Int64 = .max - 1
        total += Saturated(5)
        #expect(total == .max)
    }
}
