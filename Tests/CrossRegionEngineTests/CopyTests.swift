import Testing
@testable import CrossRegionEngine

@Suite("R4 what gets copied, and when")
struct CopyTests {
    @Test("R4.2, R4.3: on enabling, the last day's backup is copied; then each new daily backup; never older ones")
    func dailyCopies() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("3d")
        let local = try f.engine.localBackups(instanceID: id)
        #expect(local.count == 3)
        try f.enable(id, retention: 30)
        var files = try f.dataFiles(id)
        #expect(files.count == 1)
        #expect(files[0].sourceStart == local[0].start)
        #expect(files[0].isCopying)
        #expect(files[0].createdAt == f.now)
        try f.advance("3d")
        files = try f.dataFiles(id)
        #expect(files.count == 4)
        #expect(files.allSatisfy { $0.destination == "cn-shanghai" && !$0.isCopying })
        let localStarts = Set(try f.engine.localBackups(instanceID: id).map(\.start))
        #expect(files.dropLast().allSatisfy { localStarts.contains($0.sourceStart) })
        // Backups made before enabling (other than the one of R4.3) never appear.
        #expect(!files.contains { $0.sourceStart == local[1].start || $0.sourceStart == local[2].start })
    }

    @Test("R4.3: with no backup in the last 24 hours, one is taken now and copied when it completes")
    func triggeredBackup() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("20m") // Running since 00:15; its first daily backup starts at 00:30.
        #expect(try f.engine.localBackups(instanceID: id).isEmpty)
        let enabledAt = f.now
        try f.enable(id)
        #expect(try f.dataFiles(id).isEmpty)
        try f.advance("8m")
        let local = try f.engine.localBackups(instanceID: id)
        #expect(local.count == 1)
        #expect(local[0].start == enabledAt)
        #expect(local[0].initiator == "System")
        let files = try f.dataFiles(id)
        #expect(files.count == 1)
        #expect(files[0].sourceStart == enabledAt)
        #expect(files[0].createdAt == local[0].end)
        #expect(files[0].isCopying)
    }

    @Test("R4.2: a manual backup is copied too, when cross-region backup is on")
    func manualBackup() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("1d")
        try f.enable(id)
        try f.advance("1h")
        let count = try f.dataFiles(id).count
        try f.ok("CreateBackup", ["DBInstanceId": id])
        try f.advance("1h")
        #expect(try f.dataFiles(id).count == count + 1)
    }

    @Test("R4.4: continuous binlogs since the latest backup are copied on enabling log backup")
    func logChainBackfill() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 30)
        try f.advance("5h")
        let latest = try f.engine.localBackups(instanceID: id)[0]
        let backupsBefore = try f.engine.localBackups(instanceID: id).count
        try f.ok("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "LogBackupEnabled": "1"])
        let logs = try f.logFiles(id)
        #expect(logs.last?.sourceStart == UTCTime.floorHour(latest.end))
        #expect(logs.first!.sourceEnd <= f.now)
        // Continuous: each file begins where the previous one ended.
        for (newer, older) in zip(logs, logs.dropFirst()) { #expect(newer.sourceStart == older.sourceEnd) }
        #expect(try f.engine.localBackups(instanceID: id).count == backupsBefore)
    }

    @Test("R4.4: a gap in the binlogs triggers a data backup, and the chain starts from it")
    func logGapTriggersBackup() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 30)
        try f.advance("5h")
        let now = f.now
        try f.engine.store.write { db in
            try db.execute(sql: "UPDATE instance SET log_gap_start = ?, log_gap_end = ? WHERE id = ?",
                           arguments: [now - 3 * 3600, now - 2 * 3600, id])
        }
        let before = try f.engine.localBackups(instanceID: id).count
        try f.ok("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "LogBackupEnabled": "1"])
        #expect(try f.logFiles(id).isEmpty)
        try f.advance("3h")
        let backups = try f.engine.localBackups(instanceID: id)
        #expect(backups.count == before + 1)
        #expect(backups.contains { $0.start == now && $0.initiator == "System" })
        #expect(try f.logFiles(id).last?.sourceStart == UTCTime.floorHour(now))
        #expect(try f.dataFiles(id).contains { $0.sourceStart == now })
    }

    @Test("R4.5: default backups run whatever the cross-region policy is")
    func defaultBackupsUnaffected() throws {
        let f = try Fixture()
        let on = try f.create()
        let off = try f.create()
        try f.advance("1d")
        try f.enable(on)
        try f.advance("10d")
        #expect(try f.engine.localBackups(instanceID: on).filter { $0.mode == "Automated" && $0.initiator == "System" }
            .count == 7)
        #expect(try f.engine.localBackups(instanceID: off).count == 7)
        let page = try f.ok("DescribeBackups", ["DBInstanceId": off])
        #expect(page["TotalRecordCount"] == .string("7"))
    }
}
