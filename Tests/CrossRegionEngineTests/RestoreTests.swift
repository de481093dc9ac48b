import Testing
@testable import CrossRegionEngine

@Suite("R6 restore")
struct RestoreTests {
    func check(_ f: Fixture, _ p: [String: String]) throws -> String {
        try f.ok("CheckCreateDdrDBInstance", [
            "Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "rds.mysql.s2.large",
            "DBInstanceStorage": "100"].merging(p) { $1 })["IsValid"]!.stringValue
    }

    func checkRefusal(_ f: Fixture, _ p: [String: String]) -> EngineError? {
        f.refusal("CheckCreateDdrDBInstance", [
            "Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "rds.mysql.s2.large",
            "DBInstanceStorage": "100"].merging(p) { $1 })
    }

    func create(_ f: Fixture, _ p: [String: String]) -> (String?, EngineError?) {
        switch f.api.call("CreateDdrInstance", [
            "Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "rds.mysql.s2.large",
            "DBInstanceStorage": "100", "DBInstanceNetType": "Intranet", "PayType": "Postpaid",
            "SecurityIPList": "10.0.0.0/8"].merging(p) { $1 }) {
        case .success(let b): return (b["DBInstanceId"]?.stringValue, nil)
        case .failure(let e, _): return (nil, e)
        }
    }

    @Test("R6.1: restorable once a cross-region data backup has completed")
    func restorable() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        #expect(try f.engine.recoveryWindows(instanceID: id).isEmpty)
        try f.enable(id)
        let setID = try f.dataFiles(id)[0].id
        let copying = checkRefusal(f, ["RegionId": "cn-shanghai", "RestoreType": "0", "BackupSetId": String(setID)])
        #expect(copying?.code == .noAvailableDisasterRestoreBakset && copying?.httpStatus == 400)
        try f.advance("1h")
        #expect(try check(f, ["RegionId": "cn-shanghai", "RestoreType": "0", "BackupSetId": String(setID)]) == "true")
        #expect(f.refusal("CheckCreateDdrDBInstance", ["RegionId": "cn-shanghai", "Engine": "MySQL", "EngineVersion": "8.0",
                                                       "DBInstanceClass": "x", "DBInstanceStorage": "100",
                                                       "RestoreType": "0", "BackupSetId": "999999999"])?.code
                == .invalidBackupSetIDNotFound)
    }

    @Test("R6.2: without log backup only the sets' own times; with it, up to the end of the binlog chain")
    func recoveryWindows() throws {
        let f = try Fixture()
        let plain = try f.create()
        let logged = try f.create()
        try f.advance("2d")
        try f.enable(plain, retention: 30)
        try f.enable(logged, retention: 30, log: true)
        try f.advance("3d")
        let w1 = try f.engine.recoveryWindows(instanceID: plain)
        #expect(w1.count == 4)
        #expect(w1.allSatisfy { $0.from == $0.to && $0.from == $0.backupSet.sourceEnd })
        let w2 = try f.engine.recoveryWindows(instanceID: logged)
        let lastLog = try f.logFiles(logged).first { !$0.isCopying }!
        #expect(w2.last!.to == lastLog.sourceEnd)
        #expect(w2.first!.to == lastLog.sourceEnd)
        let api = try f.ok("DescribeAvailableRecoveryTime", ["CrossBackupId": String(w2.last!.backupSet.id)])
        #expect(api["RecoveryBeginTime"] == .string(UTCTime.format(w2.last!.from)))
        #expect(api["RecoveryEndTime"] == .string(UTCTime.format(lastLog.sourceEnd)))
        // A point in time inside the chain is restorable, one past its end is not.
        let inside = UTCTime.format(lastLog.sourceStart)
        let past = UTCTime.format(lastLog.sourceEnd + 1800) // the next binlog is still being copied
        let base = ["RegionId": "cn-shanghai", "RestoreType": "1", "SourceRegion": "cn-hangzhou",
                    "SourceDBInstanceName": logged]
        #expect(try check(f, base.merging(["RestoreTime": inside]) { $1 }) == "true")
        #expect(checkRefusal(f, base.merging(["RestoreTime": past]) { $1 })?.code == .noAvailableDisasterRestoreBakset)
        #expect(checkRefusal(f, ["RegionId": "cn-shanghai", "RestoreType": "1", "SourceRegion": "cn-hangzhou",
                                 "SourceDBInstanceName": plain, "RestoreTime": inside])?.code == .noAvailableDisasterRestoreBakset)
        #expect(checkRefusal(f, base.merging(["RestoreTime": inside, "SourceRegion": "cn-beijing"]) { $1 })?.code
                == .invalidDBInstanceNotFound)
    }

    @Test("R6.3: restore makes a new instance with the source's engine, Creating then Running")
    func restoreCreates() throws {
        let f = try Fixture()
        let id = try f.create(version: "5.7")
        try f.advance("2d")
        try f.enable(id, to: "cn-qingdao")
        try f.advance("1h")
        let setID = String(try f.dataFiles(id)[0].id)
        let (_, wrong) = create(f, ["RegionId": "cn-qingdao", "RestoreType": "BackupSet", "BackupSetId": setID])
        #expect(wrong?.code == .invalidEngineVersionMalformed)
        let (_, elsewhere) = create(f, ["RegionId": "cn-shenzhen", "RestoreType": "BackupSet", "BackupSetId": setID,
                                        "EngineVersion": "5.7"])
        #expect(elsewhere?.code == .disasterRestoreRegionNotMatched && elsewhere?.httpStatus == 400)
        let (newID, e) = create(f, ["RegionId": "cn-qingdao", "RestoreType": "BackupSet", "BackupSetId": setID,
                                    "EngineVersion": "5.7"])
        #expect(e == nil)
        let new = try f.engine.instance(id: newID!)
        #expect(new.regionID == "cn-qingdao")
        #expect(new.engineVersion == "5.7" && new.category == "HighAvailability" && new.storageType == "local_ssd")
        #expect(new.status(at: f.now) == .creating)
        try f.advance("2h")
        #expect(try f.engine.instance(id: newID!).status(at: f.now) == .running)
    }

    @Test("R6.3: restoring into an existing instance needs the same engine version and marks the target")
    func restoreIntoExisting() throws {
        let f = try Fixture()
        let id = try f.create()
        let target = try f.create("cn-shanghai")
        let older = try f.create("cn-shanghai", version: "5.7")
        try f.advance("2d")
        try f.enable(id)
        try f.advance("1h")
        let set = String(try f.dataFiles(id)[0].id)
        let meta = try f.ok("DescribeCrossBackupMetaList", ["BackupSetId": set])
        let db = meta["Items"]!.items[0]
        let dbName = db["Database"]!.stringValue, table = db["Tables"]!.stringValue.split(separator: ",")[0]
        let tables = "[{\"type\":\"db\",\"name\":\"\(dbName)\",\"newname\":\"\(dbName)_back\",\"tables\":[{\"type\":\"table\",\"name\":\"\(table)\",\"newname\":\"\(table)\"}]}]"
        let older_ = f.refusal("RestoreDdrTable", ["RegionId": "cn-shanghai", "DBInstanceId": older, "RestoreType": "0",
                                                  "BackupId": set, "TableMeta": tables])
        #expect(older_?.code == .incorrectEngineVersion && older_?.httpStatus == 400)
        let before = try f.dump()
        let unknownTable = tables.replacingOccurrences(of: "\"name\":\"\(table)\"", with: "\"name\":\"no_such_table\"")
        #expect(f.refusal("RestoreDdrTable", ["RegionId": "cn-shanghai", "DBInstanceId": target, "RestoreType": "0",
                                              "BackupId": set, "TableMeta": unknownTable])?.code == .invalidParametersFormat)
        #expect(f.refusal("RestoreDdrTable", ["RegionId": "cn-shanghai", "DBInstanceId": target, "RestoreType": "0",
                                              "BackupId": set, "TableMeta": "{not json"])?.code == .invalidParametersFormat)
        #expect(try f.dump() == before)
        try f.ok("RestoreDdrTable", ["RegionId": "cn-shanghai", "DBInstanceId": target, "RestoreType": "0", "BackupId": set,
                                     "TableMeta": tables])
        #expect(try f.engine.instance(id: target).restoredFrom == "\(id) backup set \(set)")
        #expect(try f.engine.instance(id: older).restoredFrom == nil)
    }

    @Test("R6.4: with TDE, restore only into the source region")
    func tde() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.ok("ModifyDBInstanceTDE", ["DBInstanceId": id, "TDEStatus": "Enabled"])
        #expect(try f.ok("DescribeDBInstanceTDE", ["DBInstanceId": id])["TDEStatus"] == .string("Enabled"))
        try f.enable(id)
        try f.advance("1h")
        let file = try f.dataFiles(id)[0]
        #expect(file.restoreRegions == ["cn-hangzhou"])
        let set = String(file.id)
        let checked = checkRefusal(f, ["RegionId": "cn-shanghai", "RestoreType": "0", "BackupSetId": set])
        #expect(checked?.code == .crossRegionUnsupportTDE && checked?.httpStatus == 400)
        let (_, e) = create(f, ["RegionId": "cn-shanghai", "RestoreType": "BackupSet", "BackupSetId": set])
        #expect(e?.code == .crossRegionUnsupportTDE && e?.httpStatus == 403)
        #expect(try check(f, ["RegionId": "cn-hangzhou", "RestoreType": "0", "BackupSetId": set]) == "true")
        let (newID, ok) = create(f, ["RegionId": "cn-hangzhou", "RestoreType": "BackupSet", "BackupSetId": set])
        #expect(ok == nil && newID != nil)
        #expect(try f.engine.instance(id: newID!).tdeEnabled, "restored from a TDE set, the new instance has TDE on")
    }

    @Test("R6.4: TDE is per set: a set taken before TDE was turned on restores anywhere")
    func tdePerSet() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 30)
        try f.advance("1h")
        let before = try f.dataFiles(id)[0]
        try f.ok("ModifyDBInstanceTDE", ["DBInstanceId": id, "TDEStatus": "Enabled"])
        try f.advance("1d")
        let after = try f.dataFiles(id).first { !$0.isCopying && $0.id != before.id }!
        #expect(!before.takenWithTDE && before.restoreRegions == ["cn-hangzhou", "cn-shanghai"])
        #expect(after.takenWithTDE && after.restoreRegions == ["cn-hangzhou"])
        let (plainID, plain) = create(f, ["RegionId": "cn-shanghai", "RestoreType": "BackupSet", "BackupSetId": String(before.id)])
        #expect(plain == nil)
        #expect(try f.engine.instance(id: plainID!).tdeEnabled == false)
        let (_, refused) = create(f, ["RegionId": "cn-shanghai", "RestoreType": "BackupSet", "BackupSetId": String(after.id)])
        #expect(refused?.code == .crossRegionUnsupportTDE)
        // A point in time whose base set is the earlier one follows that set.
        let (pitrID, pitr) = create(f, ["RegionId": "cn-shanghai", "RestoreType": "BackupTime", "SourceRegion": "cn-hangzhou",
                                        "SourceDBInstanceName": id, "RestoreTime": UTCTime.format(before.sourceEnd)])
        #expect(pitr == nil && pitrID != nil)
    }

    @Test("R6.5: a released instance's retained files restore like any other")
    func releasedRestore() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 30)
        try f.advance("2d")
        try f.ok("DeleteDBInstance", ["DBInstanceId": id])
        try f.advance("10d")
        let set = String(try f.dataFiles(id)[0].id)
        let (newID, e) = create(f, ["RegionId": "cn-shanghai", "RestoreType": "BackupSet", "BackupSetId": set])
        #expect(e == nil)
        #expect(try f.engine.instance(id: newID!).restoredFrom?.contains(id) == true)
    }
}
