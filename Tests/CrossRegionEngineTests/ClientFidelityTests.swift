import Foundation
import Testing
@testable import CrossRegionEngine

/// What real clients meet (reference B.10–B.14): endpoints, listings, answers, and time that passes.
@Suite("Client fidelity")
struct ClientFidelityTests {
    @Test("B.10: an instance is reached from any region of its endpoint: the central one's regions, or its own region")
    func endpoints() throws {
        let f = try Fixture()
        let id = try f.create("cn-hangzhou")
        for region in ["cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-qingdao", "cn-shenzhen"] {
            #expect(f.refusal("DescribeDBInstanceAttribute", ["DBInstanceId": id, "RegionId": region]) == nil, "\(region)")
            #expect(f.refusal("DescribeInstanceCrossBackupPolicy", ["DBInstanceId": id, "RegionId": region]) == nil, "\(region)")
        }
        for region in ["ap-southeast-1", "cn-hongkong", "us-west-1"] {
            let e = f.refusal("DescribeDBInstanceAttribute", ["DBInstanceId": id, "RegionId": region])
            #expect(e?.code == .invalidDBInstanceIdNotFound && e?.httpStatus == 400, "\(region)")
        }
        let singapore = try f.create("ap-southeast-1")
        #expect(f.refusal("DescribeDBInstanceAttribute", ["DBInstanceId": singapore, "RegionId": "ap-southeast-1"]) == nil)
        #expect(f.refusal("DescribeDBInstanceAttribute", ["DBInstanceId": singapore, "RegionId": "cn-hangzhou"])?.code
                == .invalidDBInstanceIdNotFound)
    }

    @Test("A region that is no source refuses a policy change with 403 CrossBackupNotSupport, whatever the instance's product")
    func notASource() throws {
        let f = try Fixture()
        _ = try f.engine.advanceClock(by: UTCTime.hour)
        for (storage, category) in [("local_ssd", "HighAvailability"), ("cloud_essd", "Basic")] {
            let id = try f.create("ap-southeast-1", category: category, storage: storage)
            _ = try f.engine.advanceClock(by: UTCTime.hour)
            let e = f.refusal("ModifyInstanceCrossBackupPolicy", ["RegionId": "ap-southeast-1", "DBInstanceId": id, "BackupEnabled": "1",
                                                                  "CrossBackupRegion": "cn-hangzhou", "Retention": "7"])
            #expect(e?.code == .crossBackupNotSupport && e?.httpStatus == 403, "\(storage) \(category): \(String(describing: e?.code))")
        }
    }

    @Test("B.14: DescribeDBInstances carries InsId, TipsLevel and, in page mode too, a NextToken token mode goes on from; CPU and memory with InstanceLevel=1 only")
    func listing() throws {
        let f = try Fixture(options: .standard)
        let page = try f.ok("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "3"])
        let first = try #require(page["Items"]?["DBInstance"]?.items.first)
        #expect(first["InsId"] == .int(1) && first["TipsLevel"] == .int(0))
        #expect(first["DBInstanceCPU"] == nil && first["DBInstanceMemory"] == nil && first["Category"] == nil)
        let detailed = try f.ok("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "3", "InstanceLevel": "1"])
        let one = try #require(detailed["Items"]?["DBInstance"]?.items.first)
        #expect(one["DBInstanceCPU"] != nil && one["DBInstanceMemory"] != nil && one["Category"] != nil)
        guard case .string(let token)? = page["NextToken"] else { Issue.record("no NextToken in page mode"); return }
        #expect(!token.isEmpty)
        let next = try f.ok("DescribeDBInstances", ["RegionId": "cn-hangzhou", "MaxResults": "3", "NextToken": token])
        let second = try f.ok("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "3", "PageNumber": "2"])
        #expect(next["Items"] == second["Items"], "token mode goes on where the page ended")
        let total = try #require(page["TotalRecordCount"]?.intValue)
        let last = try f.ok("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "100"])
        #expect(last["NextToken"] == .string("") && total > 3)
        let attribute = try f.ok("DescribeDBInstanceAttribute", ["DBInstanceId": try #require(first["DBInstanceId"]).stringValue])
        let a = try #require(attribute["Items"]?["DBInstanceAttribute"]?.items.first)
        #expect(a["ProxyType"] == .int(1) && a["TipsLevel"] == .int(0))
        #expect(a["DBInstanceClassType"] == .string("x") || a["DBInstanceClassType"] == .string("d"))
    }

    @Test("Zone IDs as Alibaba writes them, and download links on the destination's OSS host")
    func names() throws {
        #expect(Region.named("ap-southeast-1")?.zones.first == "ap-southeast-1a")
        #expect(Region.named("eu-central-1")?.zones == ["eu-central-1a", "eu-central-1b", "eu-central-1c"])
        #expect(Region.named("cn-hongkong")?.zones.first == "cn-hongkong-b" && Region.named("cn-hangzhou")?.zones.first == "cn-hangzhou-h")
        let f = try Fixture(options: .standard)
        let on = try #require(try f.engine.instances(InstanceFilter(set: .backup), limit: 100).items
            .first { $0.backupEnabled && $0.logBackupEnabled && !$0.isReleased })
        let p = ["RegionId": on.regionID, "DBInstanceId": on.id, "StartTime": "2000-01-01T00:00:00Z", "EndTime": "2099-01-01T00:00:00Z"]
        let set = try #require(try f.ok("DescribeCrossRegionBackups", p)["Items"]?["Item"]?.items.first)
        #expect(set["CrossBackupDownloadLink"]?.stringValue.hasPrefix("https://oss-\(on.backupRegion!).aliyuncs.com/") == true)
        let log = try #require(try f.ok("DescribeCrossRegionLogBackupFiles", p)["Items"]?["Item"]?.items.first)
        #expect(log["CrossDownloadLink"]?.stringValue.hasPrefix("https://oss-\(on.backupRegion!).aliyuncs.com/") == true)
        #expect(log["CrossIntranetDownloadLink"]?.stringValue.hasPrefix("https://oss-\(on.backupRegion!)-internal.aliyuncs.com/") == true)
    }

    @Test("B.12: the wall clock moves the state's clock, speed seconds a second, and keeps a jump made meanwhile")
    func wallClock() throws {
        let f = try Fixture()
        let start = try f.engine.now()
        let clock = WallClock(engine: f.engine, speed: 3_600, tick: 0.05)
        let began = Date()
        clock.start()
        defer { clock.stop() }
        Thread.sleep(forTimeInterval: 1.0)
        let moved = try f.engine.now() - start
        let wall = Date().timeIntervalSince(began)
        // Never more than the wall time allows; at most half a second behind it (a thread slow to start on a busy machine).
        #expect(Double(moved) <= wall * 3_600 + 1 && Double(moved) >= (wall - 0.5) * 3_600,
                "\(moved) simulated seconds in \(wall) wall seconds at 3600")
        let jumped = try f.engine.advanceClock(by: 30 * UTCTime.day)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try f.engine.now() >= jumped, "the clock goes on from the jump, never back")
    }
}
