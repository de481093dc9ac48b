import Foundation
import Testing
@testable import CrossRegionEngine

/// A state follows one edition of the rules (B.15): the seed's, or today's documentation's.
@Suite("Editions of the rules")
struct RulesEditionTests {
    static let singapore = "ap-southeast-1", hongKong = "cn-hongkong"

    /// A Running cloud-disk MySQL 8.0 instance in Singapore, in a state of `rules`.
    static func cloudDiskInSingapore(_ rules: RulesEdition) throws -> (Fixture, String) {
        let f = try Fixture(options: .init(empty: true, rules: rules))
        let id = try f.create(singapore, version: "8.0", category: "HighAvailability", storage: "cloud_essd")
        try f.advance("1h")
        return (f, id)
    }

    static func sets(_ f: Fixture, _ id: String) throws -> [JSON] {
        try f.ok("DescribeCrossRegionBackups", ["RegionId": singapore, "DBInstanceId": id, "StartTime": "2020-01-01T00:00:00Z",
                                                "EndTime": "2099-01-01T00:00:00Z", "PageSize": "100"])["Items"]!["Item"]!.items
    }

    static func restoreNew(_ f: Fixture, _ id: String, set: String, into region: String) -> EngineError? {
        f.refusal("CreateDdrInstance", [
            "RegionId": region, "Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "mysql.n2.medium.2c",
            "DBInstanceStorage": "100", "DBInstanceNetType": "Intranet", "PayType": "Postpaid", "SecurityIPList": "127.0.0.1",
            "RestoreType": "BackupSet", "BackupSetId": set])
    }

    @Test("current: a cloud-disk instance in Singapore enables without a backup, restores only to a new instance in its destination, is dropped at release; the drill counts it")
    func currentWalk() throws {
        let (f, id) = try Self.cloudDiskInSingapore(.current)
        #expect(f.engine.rules == .current)
        #expect(try f.engine.instance(id: id).unqualifiedReason == nil)
        let regions = try f.ok("DescribeAvailableCrossRegion", ["RegionId": Self.singapore])["Regions"]!["Region"]!.items
        #expect(regions.count == RulesEdition.current.regions.count - 1 && regions.contains(.string(Self.hongKong)))

        let backupsBefore = try f.engine.localBackups(instanceID: id)
        let enabledAt = f.now
        try f.enable(id, to: Self.hongKong, log: true, region: Self.singapore)
        // Enabling triggers no backup and copies none made before it.
        #expect(try f.engine.localBackups(instanceID: id) == backupsBefore)
        try f.advance("2d")
        let sets = try Self.sets(f, id)
        #expect(sets.count == 2 && sets.allSatisfy { UTCTime.parse($0["BackupStartTime"]!.stringValue)! > enabledAt })
        for s in sets {
            #expect(s["RestoreRegions"]!["RestoreRegion"]!.items == [.string(Self.hongKong)])
            #expect(s["CrossBackupDownloadLink"] == .string(""), "no download of cloud-disk sets")
        }
        let binlogs = try f.ok("DescribeCrossRegionLogBackupFiles", [
            "RegionId": Self.singapore, "DBInstanceId": id, "StartTime": "2020-01-01T00:00:00Z",
            "EndTime": "2099-01-01T00:00:00Z", "PageSize": "100"])["Items"]!["Item"]!.items
        #expect(!binlogs.isEmpty && binlogs.allSatisfy { $0["CrossDownloadLink"] == .string("") })

        // The restore dialog offers the destination only, into a new instance.
        let plan = try f.engine.restorePlan(id: id)
        #expect(plan.sets.allSatisfy { $0.regions.map(\.regionID) == [Self.hongKong] })
        #expect(plan.targets == [.newInstance])
        #expect(plan.sets[0].note == "Cloud disks: only to a new instance where the set is stored.")
        let set = sets[0]["CrossBackupId"]!.intValue.map(String.init)!
        let home = Self.restoreNew(f, id, set: set, into: Self.singapore)
        #expect(home?.code == .disasterRestoreRegionNotMatched && home?.message.contains("cloud disks") == true)
        #expect(Self.restoreNew(f, id, set: set, into: Self.hongKong) == nil)

        // Billed per GB-day, at the price of a destination outside the mainland.
        let inst = try f.engine.instance(id: id)
        #expect(inst.storageUSDPerGBSecond(destination: Self.hongKong) == 0.001125 / 86_400)
        #expect(inst.storageUSDPerGBSecond(destination: "cn-hangzhou") == 0.0009375 / 86_400)
        let accrued = try f.engine.cost(instanceID: id).accruedUSD
        #expect(accrued > 0)

        let drilled = try f.engine.drill(region: Self.singapore).rows.first { $0.instanceID == id }
        #expect(drilled?.protected == true && drilled?.destinationRegion == Self.hongKong)

        try f.ok("DeleteDBInstance", ["DBInstanceId": id])
        #expect(try Self.sets(f, id).isEmpty, "a cloud-disk instance's sets are dropped when it is released")
        let cost = try f.engine.cost(instanceID: id)
        #expect(cost.retainedFiles == 0 && cost.projected30dUSD == 0 && cost.accruedUSD >= accrued)
        #expect(try f.engine.drill(region: Self.singapore).rows.isEmpty)
    }

    @Test("current: a cloud-disk instance's files are billed per GB-day at the destination's price: 0.001125 outside the mainland, 0.0009375 in it")
    func cloudDiskPrices() throws {
        func accrued(to destination: String) throws -> (accrued: Double, projected: Double, bytes: Int64) {
            let (f, id) = try Self.cloudDiskInSingapore(.current)
            try f.enable(id, to: destination, region: Self.singapore)
            try f.advance("3d")
            let c = try f.engine.cost(instanceID: id)
            return (c.accruedUSD, c.projected30dUSD, c.retainedBytes)
        }
        let abroad = try accrued(to: Self.hongKong), mainland = try accrued(to: "cn-hangzhou")
        #expect(abroad.bytes == mainland.bytes && abroad.bytes > 0, "the same files in both")
        #expect(abs(abroad.accrued / mainland.accrued - 0.001125 / 0.0009375) < 1e-9)
        #expect(abs(abroad.projected / mainland.projected - 0.001125 / 0.0009375) < 1e-9)
        // No retained byte has been stored longer than the 3 days since enabling.
        #expect(abroad.accrued > 0 && abroad.accrued < Double(abroad.bytes) / 1e9 * 0.001125 * 3)
    }

    @Test("current: one cloud-disk instance whose series went to two destinations, in turn, pays each series at its own destination's price")
    func cloudDiskTwoDestinations() throws {
        let (f, id) = try Self.cloudDiskInSingapore(.current)
        let inst = try f.engine.instance(id: id)
        #expect(inst.followsCloudDiskRules)
        let now = f.now + 10 * UTCTime.day
        func series(_ sid: Int64, to destination: String) -> FileSeries {
            FileSeries(sid: sid, kind: .data, destination: destination, t0: f.now, period: UTCTime.day, firstIndex: 0,
                       endAt: nil, sizeBytes: 1_000_000_000, copySeconds: 60, sourceStart0: f.now, sourceEnd0: f.now,
                       bankedSeconds: 0, seq0: 0)
        }
        let all = [series(1, to: Self.hongKong), series(2, to: "cn-hangzhou"), series(3, to: Self.hongKong)]
        var together = CostSum(inst, now: now)
        for s in all { together.add(s) }
        let apart = all.map { s -> Double in
            var one = CostSum(inst, now: now)
            one.add(s)
            return one.cost.accruedUSD
        }
        #expect(apart[0] > 0 && apart[0] == apart[2], "the same files to the same destination")
        #expect(abs(apart[0] / apart[1] - 0.001125 / 0.0009375) < 1e-9, "the same files, each at its destination's price")
        #expect(abs(together.cost.accruedUSD - apart.reduce(0, +)) < 1e-12)
    }

    @Test("current: a local-SSD instance still copies its last backup on enabling, restores in both regions and keeps its sets after release")
    func currentLocalSSD() throws {
        let f = try Fixture(options: .init(empty: true, rules: .current))
        let id = try f.create(Self.singapore)
        try f.advance("2d")
        let enabledAt = f.now
        try f.enable(id, to: Self.hongKong, region: Self.singapore)
        try f.advance("3h")
        let sets = try Self.sets(f, id)
        #expect(sets.contains { UTCTime.parse($0["BackupEndTime"]!.stringValue)! < enabledAt },
                "R4.3: the backup of the last day is copied on enabling")
        #expect(sets[0]["RestoreRegions"]!["RestoreRegion"]!.items == [.string(Self.singapore), .string(Self.hongKong)])
        #expect(sets[0]["CrossBackupDownloadLink"]!.stringValue.hasPrefix("https://oss-cn-hongkong.aliyuncs.com/"))
        #expect(try f.engine.restorePlan(id: id).targets == [.newInstance, .existingInstance])
        try f.ok("DeleteDBInstance", ["DBInstanceId": id])
        #expect(try Self.sets(f, id).count == sets.count, "R5.4: kept until their retention ends")
    }

    @Test("current: the documentation's table of products", arguments: [
        ("8.0", "Basic", "cloud_essd", true), ("5.7", "cluster", "cloud_ssd", true), ("8.0", "HighAvailability", "cloud_essd", true),
        ("5.6", "Basic", "cloud_ssd", false), ("8.0", "serverless_basic", "cloud_essd", false), ("5.7", "Finance", "local_ssd", true),
        ("8.0", "Finance", "local_ssd", false), ("5.6", "HighAvailability", "local_ssd", true), ("5.5", "HighAvailability", "local_ssd", false),
    ])
    func currentProducts(_ c: (String, String, String, Bool)) {
        let reason = Instance.productReason(engine: "MySQL", version: c.0, category: c.1, storageType: c.2, rules: .current)
        #expect((reason == nil) == c.3, "\(c) \(reason ?? "")")
    }

    @Test("seed: the same walk is refused as the console help page says; today's regions are not regions")
    func seedWalk() throws {
        let (f, id) = try Self.cloudDiskInSingapore(.seed)
        #expect(f.engine.rules == .seed)
        let refused = f.enableRefusal(id, region: Self.singapore, to: Self.hongKong)
        #expect(refused?.code == .crossBackupNotSupport && refused?.httpStatus == 403)
        let hangzhou = try f.create("cn-hangzhou", storage: "cloud_essd")
        try f.advance("1h")
        #expect(f.enableRefusal(hangzhou)?.code == .incorrectDBInstanceType)
        let guangzhou = f.refusal("CreateDBInstance", [
            "RegionId": "cn-guangzhou", "Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "rds.mysql.s2.large",
            "DBInstanceStorage": "100", "DBInstanceNetType": "Intranet", "PayType": "Postpaid", "SecurityIPList": "127.0.0.1"])
        #expect(guangzhou?.code == .invalidRegionFormat && guangzhou?.httpStatus == 400)
    }

    @Test("A state made before editions follows the seed's; the edition survives reopening")
    func recorded() throws {
        let f = try Fixture(options: .init(empty: true, rules: .current))
        #expect(try Engine.open(path: f.path).rules == .current)
        try f.engine.store.write { db in try db.execute(sql: "DELETE FROM meta WHERE key = 'rules'") }
        #expect(try Engine.open(path: f.path).rules == .seed)
    }
}
