import Testing
@testable import CrossRegionEngine

@Suite("R3 the policy")
struct PolicyTests {
    func modify(_ f: Fixture, _ id: String, _ extra: [String: String]) -> EngineError? {
        f.refusal("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id].merging(extra) { $1 })
    }

    @Test("R3.1: a new instance starts disabled; enabling answers in the documented vocabulary")
    func enableShape() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("1d")
        #expect(try f.policy(id)["BackupEnabled"] == .string("Disable"))
        let body = try f.ok("ModifyInstanceCrossBackupPolicy", [
            "RegionId": "cn-hangzhou", "DBInstanceId": id, "BackupEnabled": "Enable", "CrossBackupRegion": "cn-qingdao",
            "Retention": "30", "LogBackupEnabled": "1", "CrossBackupType": "1", "RetentType": "1", "OwnerId": "123"])
        #expect(body.keys == ["RequestId", "RegionId", "DBInstanceId", "BackupEnabled", "LogBackupEnabled",
                              "CrossBackupRegion", "CrossBackupType", "RetentType", "Retention"])
        #expect(body["BackupEnabled"] == .string("Enable"))
        #expect(body["LogBackupEnabled"] == .string("Enable"))
        #expect(body["CrossBackupType"] == .string("1"))
        #expect(body["RetentType"] == .int(1))
        #expect(body["Retention"] == .int(30))
        let p = try f.policy(id)
        #expect(p["BackupEnabledTime"] == .string(UTCTime.format(f.now)))
        #expect(p["CrossBackupRegion"] == .string("cn-qingdao"))
    }

    @Test("R3.2: retention outside 7...1825 or not a whole number is refused and changes nothing",
          arguments: ["6", "1826", "0", "-7", "7.5", "abc", "", " ", "100000000000000000000", "1e3", "0x10"])
    func badRetention(_ value: String) throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("1d")
        let before = try f.policy(id)
        let e = modify(f, id, ["BackupEnabled": "1", "CrossBackupRegion": "cn-shanghai", "Retention": value])
        #expect(e?.code == .invalidParametersFormat && e?.httpStatus == 400)
        #expect(e?.message.hasPrefix("Specified parameter is not valid. Retention must be a whole number of days from 7 to 1825") == true)
        #expect(try f.policy(id) == before)
        #expect(try f.dataFiles(id).isEmpty)
    }

    @Test("R3.2: 7 and 1825 are accepted")
    func retentionBounds() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("1d")
        try f.enable(id, retention: 7)
        #expect(modify(f, id, ["Retention": "1825"]) == nil)
        #expect(try f.policy(id)["Retention"] == .int(1825))
    }

    @Test("R3.4: log backup only with or while backup is enabled; disabling turns it off")
    func logDependency() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("1d")
        #expect(modify(f, id, ["LogBackupEnabled": "1"])?.code == .invalidParametersFormat)
        try f.enable(id, log: false)
        #expect(modify(f, id, ["LogBackupEnabled": "1"]) == nil)
        #expect(try f.policy(id)["LogBackupEnabled"] == .string("Enable"))
        #expect(modify(f, id, ["BackupEnabled": "0", "Retention": "7"]) == nil)
        #expect(try f.policy(id)["LogBackupEnabled"] == .string("Disable"))
        #expect(modify(f, id, ["BackupEnabled": "0", "Retention": "7", "LogBackupEnabled": "1"])?.code
                == .invalidParametersFormat)
    }

    @Test("R3.5: BackupEnabled=0 alone disables; the retention stays unless given, and the files expire by it")
    func disableAlone() throws {
        let f = try Fixture()
        let id = try f.create()
        let other = try f.create()
        try f.advance("1d")
        try f.enable(id, retention: 30, log: true)
        try f.enable(other, retention: 30)
        try f.advance("2d")
        let files = try f.dataFiles(id)
        #expect(modify(f, id, ["BackupEnabled": "0"]) == nil)
        let p = try f.policy(id)
        #expect(p["BackupEnabled"] == .string("Disable") && p["LogBackupEnabled"] == .string("Disable"))
        #expect(p["Retention"] == .int(30))
        #expect(try f.dataFiles(id).map(\.expiresAt) == files.map(\.expiresAt), "expiry keeps creation + 30 days")
        // With a retention, the change applies it (R5.2: never within 7 days of the change).
        #expect(modify(f, other, ["BackupEnabled": "Disabled", "Retention": "7"]) == nil)
        #expect(try f.policy(other)["Retention"] == .int(7))
        #expect(try f.dataFiles(other).allSatisfy { $0.expiresAt == f.now + 7 * UTCTime.day })
        // Disabling what is disabled changes nothing and is not refused.
        let (policy, dataFiles, logFiles) = (try f.policy(id), try f.dataFiles(id), try f.logFiles(id))
        #expect(modify(f, id, ["BackupEnabled": "0"]) == nil)
        #expect(try f.policy(id) == policy && f.dataFiles(id) == dataFiles && f.logFiles(id) == logFiles)
    }

    @Test("R3.6: a new destination gets the new copies; old files stay where they are")
    func changeDestination() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, to: "cn-shanghai", retention: 30)
        try f.advance("3d")
        let before = try f.dataFiles(id)
        #expect(before.count == 4)
        #expect(modify(f, id, ["CrossBackupRegion": "cn-shenzhen"]) == nil)
        try f.advance("2d")
        let after = try f.dataFiles(id)
        #expect(after.count == 6)
        #expect(after.prefix(2).allSatisfy { $0.destination == "cn-shenzhen" })
        #expect(Array(after.dropFirst(2)) == before)
    }

    @Test("R3.7: a released instance can change its retention only")
    func releasedOnlyRetention() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 30)
        try f.advance("1d")
        try f.ok("DeleteDBInstance", ["DBInstanceId": id])
        let before = try f.policy(id)
        #expect(before["DBInstanceStatus"] == .string("Released"))
        for change in [["CrossBackupRegion": "cn-shenzhen"], ["BackupEnabled": "0", "Retention": "7"], ["LogBackupEnabled": "1"]] {
            let e = modify(f, id, change)
            #expect(e?.code == .incorrectDBInstanceState && e?.httpStatus == 403)
        }
        #expect(try f.policy(id) == before)
        #expect(modify(f, id, ["Retention": "365"]) == nil)
        #expect(try f.policy(id)["Retention"] == .int(365))
    }

    @Test("R3.8: a batch is all or nothing and names every failing instance")
    func batch() throws {
        let f = try Fixture()
        let good = try (0..<3).map { _ in try f.create() }
        let basic = try f.create(version: "5.7", category: "Basic", storage: "cloud_essd")
        try f.advance("1d")
        let ids = good + [basic, "rm-doesnotexist"]
        let e = modify(f, ids.joined(separator: ","), ["BackupEnabled": "1", "CrossBackupRegion": "cn-shanghai",
                                                       "Retention": "7"])
        #expect(e?.failures.map(\.instanceID) == [basic, "rm-doesnotexist"])
        #expect(e?.failures.map(\.code) == [.incorrectDBInstanceType, .invalidDBInstanceNotFound])
        #expect(e?.code == .incorrectDBInstanceType && e?.httpStatus == 403)
        #expect(e?.message.contains("2 of 5 instances") == true)
        for id in good { #expect(try f.policy(id)["BackupEnabled"] == .string("Disable")) }

        let body = try f.ok("ModifyInstanceCrossBackupPolicy", [
            "RegionId": "cn-hangzhou", "DBInstanceId": good.joined(separator: ","), "BackupEnabled": "1",
            "CrossBackupRegion": "cn-shanghai", "Retention": "15"])
        #expect(body["Items"]!.items.count == 3)
        for id in good { #expect(try f.policy(id)["Retention"] == .int(15)) }
    }

    @Test("R3.8 in a batch larger than the parts it is changed in: a refusal in a later part undoes the earlier parts")
    func batchInParts() throws {
        let f = try Fixture(options: .init(instances: 40, seed: 3, pendingCohort: 2 * Tx.policyPart + 500))
        var ids = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id)
        try #require(ids.count > 2 * Tx.policyPart)
        let change = PolicyChange(backupEnabled: true, destination: "cn-shanghai", retentionDays: 7, logBackupEnabled: true)
        let before = try f.dump()
        let (early, late) = ("rm-nosuchearly", "rm-nosuchlate")
        ids.insert(late, at: 2 * Tx.policyPart + 10)
        ids.insert(early, at: 10)
        let e = #expect(throws: EngineError.self) { try f.engine.changePolicy(ids: ids, change: change) }
        #expect(e?.failures.map(\.instanceID) == [early, late], "every part is checked, the first refusal's and those after it")
        #expect(e?.code == .invalidDBInstanceIdNotFound && e?.message.contains("2 of \(ids.count) instances") == true)
        #expect(try f.dump() == before, "the parts changed before the refusal are undone")
        // A caller that goes on after a refusal (an import) undoes it with a savepoint, and commits the rest.
        try f.engine.store.write { db in
            #expect(throws: EngineError.self) {
                try db.inSavepoint { _ = try Tx(db).modifyPolicy(ids: ids, change: change); return .commit }
            }
            try Tx(db).setMeta("test_marker", 1)
        }
        #expect(try f.dump().filter { !$0.contains("test_marker") } == before, "the parts changed before the refusal are undone")

        ids.removeAll { $0 == early || $0 == late }
        let late2 = ids.last!
        _ = try f.engine.releaseInstance(id: late2)
        let refused = #expect(throws: EngineError.self) { try f.engine.changePolicy(ids: ids, change: change) }
        #expect(refused?.failures.map(\.instanceID) == [late2] && refused?.code == .incorrectDBInstanceState)
        #expect(try f.engine.instanceIndex(InstanceFilter(set: .backup, regionID: "cn-hangzhou", ids: ids)).isEmpty)

        ids.removeLast()
        #expect(try f.engine.changePolicy(ids: ids + [ids[0]], change: change) == ids, "each once, in the order given")
        #expect(try f.engine.instances(ids: ids).allSatisfy { $0.backupEnabled && $0.backupRegion == "cn-shanghai" && $0.logBackupEnabled })
    }

    @Test("Empty and malformed parameters are refused; unknown ones are accepted and reported")
    func strictParameters() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("1d")
        #expect(modify(f, id, [:])?.code == .parameterLeastAssociate)
        #expect(modify(f, id, ["Retention": "7", "Colour": "blue"]) == nil)
        #expect(OpenAPI.unknownParameters(of: "ModifyInstanceCrossBackupPolicy",
                                          in: ["Retention", "Colour", "SourceIp", "OwnerId", "RegionId"]) == ["Colour", "SourceIp"])
        #expect(modify(f, id, ["BackupEnabled": "maybe"])?.code == .invalidParametersFormat)
        #expect(modify(f, id, ["CrossBackupType": "2", "Retention": "7"])?.code == .invalidParametersFormat)
        #expect(f.refusal("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "Retention": "7"])?.code
                == .missingParameter)
        // B.10: a region with an endpoint of its own does not reach a Hangzhou instance; Shanghai's (the central one) does.
        #expect(f.refusal("ModifyInstanceCrossBackupPolicy", ["RegionId": "ap-southeast-1", "DBInstanceId": id,
                                                               "Retention": "8"])?.code == .invalidDBInstanceNotFound)
        #expect(f.refusal("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-shanghai", "DBInstanceId": id, "Retention": "8"]) == nil)
        let describe = f.refusal("DescribeInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": "rm-x"])
        #expect(describe?.code == .invalidDBInstanceIdNotFound && describe?.httpStatus == 400)
    }

    @Test("A change writes only the columns it changed, with one statement made once for each set of columns; a second instance's change is read back as written")
    func changedColumns() throws {
        let f = try Fixture()
        let (a, b) = (try f.create(), try f.create())
        try f.advance("1d")
        let before = try f.engine.instance(id: a)
        var after = before
        after.retentionDays = 30
        after.backupRegion = "cn-qingdao"
        let changed = Instance.ColumnSet(differing: after, before)
        #expect(changed.columns.map(\.name) == ["xb_region", "retention"])
        #expect(Instance.updateSQL(changed) == "UPDATE instance SET xb_region = ?, retention = ? WHERE seq = ?")
        #expect(Instance.ColumnSet(differing: before, before).isEmpty)
        #expect(Instance.ColumnSet.all.columns.map(\.name) == Instance.mutableColumns.map(\.name))
        // Each instance of a batch writes its own columns: the second's values are its own, not the first's.
        #expect(try f.engine.changePolicy(ids: [a], change: PolicyChange(backupEnabled: true, destination: "cn-qingdao", retentionDays: 30, logBackupEnabled: false)) == [a])
        #expect(try f.engine.changePolicy(ids: [b], change: PolicyChange(backupEnabled: true, destination: "cn-shenzhen", retentionDays: 60, logBackupEnabled: true)) == [b])
        let (x, y) = (try f.engine.instance(id: a), try f.engine.instance(id: b))
        #expect([x.backupRegion, y.backupRegion] == ["cn-qingdao", "cn-shenzhen"])
        #expect([x.retentionDays, y.retentionDays] == [30, 60] && [x.logBackupEnabled, y.logBackupEnabled] == [false, true])
    }
}
