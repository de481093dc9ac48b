import Testing
@testable import CrossRegionEngine

@Suite("R5 retention, release and deletion")
struct ExpiryTests {
    @Test("R5.1: a file expires at creation + retention; lengthening extends every retained file")
    func expiryAndLengthening() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 10)
        try f.advance("3d")
        for file in try f.dataFiles(id) { #expect(file.expiresAt == file.createdAt + 10 * UTCTime.day) }
        try f.ok("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "Retention": "40"])
        for file in try f.dataFiles(id) { #expect(file.expiresAt == file.createdAt + 40 * UTCTime.day) }
    }

    @Test("R5.2: shortening never makes a file expire within 7 days of the change")
    func shorteningFloor() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 30)
        try f.advance("20d")
        let change = f.now
        try f.ok("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "Retention": "7"])
        let files = try f.dataFiles(id)
        #expect(files.count == 21)
        for file in files {
            #expect(file.expiresAt == max(file.createdAt + 7 * UTCTime.day, change + 7 * UTCTime.day))
        }
        try f.advance("3d")
        // Files made after the change follow the new retention.
        let newest = try f.dataFiles(id)[0]
        #expect(newest.createdAt > change)
        #expect(newest.expiresAt == newest.createdAt + 7 * UTCTime.day)
    }

    @Test("R5.2, R5.3: after disabling at D every file is gone at D + 7 days, not a second earlier")
    func disableExpiry() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 365, log: true)
        try f.advance("10d")
        let d = f.now
        try f.ok("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "BackupEnabled": "0",
                                                     "Retention": "7"])
        let data = try f.dataFiles(id).count
        let logs = try f.logFiles(id).count
        #expect(data == 11)
        #expect(logs > 200)
        try f.engine.setClock(to: d + 7 * UTCTime.day - 1)
        #expect(try f.dataFiles(id).count == data)
        #expect(try f.logFiles(id).count == logs)
        let backupTab = try f.engine.instances(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).items.map(\.id)
        #expect(backupTab == [id])
        try f.advance("1s")
        #expect(try f.dataFiles(id).isEmpty)
        #expect(try f.logFiles(id).isEmpty)
        #expect(try f.engine.instances(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).items.isEmpty)
    }

    @Test("R5.3: files expire one by one as the clock passes their expiry")
    func rollingExpiry() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 7)
        try f.advance("30d")
        let files = try f.dataFiles(id)
        #expect(files.count == 7)
        #expect(files.allSatisfy { $0.expiresAt > f.now && $0.createdAt <= f.now })
    }

    @Test("R5.4: a released instance keeps its cross-region files for their retention; local backups 7 days at most")
    func release() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("3d")
        try f.enable(id, retention: 30)
        try f.advance("5d")
        try f.ok("DeleteDBInstance", ["DBInstanceId": id])
        let released = f.now
        let files = try f.dataFiles(id)
        #expect(files.count == 6)
        #expect(try f.engine.localBackups(instanceID: id).count == 7)
        #expect(try f.ok("DescribeDBInstances", ["RegionId": "cn-hangzhou"])["TotalRecordCount"] == .int(0))
        try f.advance("7d")
        #expect(try f.engine.localBackups(instanceID: id).isEmpty)
        #expect(try f.dataFiles(id) == files.map { var x = $0; x.isCopying = false; return x })
        let tab = try f.engine.instances(InstanceFilter(set: .backup, regionID: "cn-hangzhou"))
        #expect(tab.items.map(\.id) == [id])
        #expect(tab.items[0].status(at: f.now) == .released)
        try f.engine.setClock(to: files[0].expiresAt)
        #expect(try f.dataFiles(id).isEmpty)
        #expect(try f.engine.instances(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).total == 0)
        #expect(released < files[0].expiresAt)
        let again = f.refusal("DeleteDBInstance", ["DBInstanceId": id])
        #expect(again?.code == .invalidDBInstanceIdNotFound && again?.httpStatus == 400, "releasing twice: gone (§B.4)")
    }
}
