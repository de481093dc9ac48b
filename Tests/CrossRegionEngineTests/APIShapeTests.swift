import Testing
@testable import CrossRegionEngine

/// Every action answers in the documented shape (reference §4–§7).
@Suite("OpenAPI shapes")
struct APIShapeTests {
    @Test("Every action of the reference answers a real call with its documented fields")
    func everyAction() throws {
        let f = try Fixture()
        let id = try f.create()
        let other = try f.create()
        try f.advance("2d")
        try f.enable(id, to: "cn-qingdao", retention: 30, log: true)
        try f.advance("1d")
        let set = try f.dataFiles(id).first { !$0.isCopying }!.id
        let now = UTCTime.format(f.now)
        let h = ["RegionId": "cn-hangzhou", "DBInstanceId": id]
        let calls: [(String, [String: String], [String])] = [
            ("DescribeDBInstances", ["RegionId": "cn-hangzhou"],
             ["PageNumber", "PageRecordCount", "TotalRecordCount", "Items"]),
            ("DescribeDBInstanceAttribute", ["DBInstanceId": id], ["Items"]),
            ("DescribeDBInstanceTDE", ["DBInstanceId": id], ["TDEStatus", "TDEMode", "EncryptionKey", "Databases"]),
            ("DescribeBackupPolicy", ["DBInstanceId": id],
             ["BackupRetentionPeriod", "PreferredBackupTime", "PreferredBackupPeriod", "PreferredNextBackupTime",
              "BackupLog", "EnableBackupLog", "LogBackupRetentionPeriod", "LocalLogRetentionHours",
              "LocalLogRetentionSpace", "HighSpaceUsageProtection", "LogBackupLocalRetentionNumber", "Category",
              "BackupMethod", "CompressType", "ReleasedKeepPolicy", "SupportReleasedKeep"]),
            ("DescribeBackups", ["DBInstanceId": id],
             ["PageNumber", "PageRecordCount", "TotalRecordCount", "TotalEcsSnapshotSize", "Items"]),
            ("CreateBackup", ["DBInstanceId": other], ["BackupJobId"]),
            ("DescribeAvailableCrossRegion", ["RegionId": "cn-hangzhou"], ["Regions"]),
            ("DescribeInstanceCrossBackupPolicy", h,
             ["RegionId", "DBInstanceId", "DBInstanceDescription", "DBInstanceStatus", "Engine", "EngineVersion",
              "LockMode", "BackupEnabled", "BackupEnabledTime", "LogBackupEnabled", "LogBackupEnabledTime",
              "CrossBackupRegion", "CrossBackupType", "RetentType", "Retention"]),
            ("DescribeCrossRegionBackupDBInstance", ["RegionId": "cn-hangzhou"],
             ["RegionId", "PageNumber", "PageSize", "ItemsNumbers", "TotalRecords", "Items"]),
            ("DescribeCrossRegionBackups", h.merging(["StartTime": "2026-01-01T00:00Z", "EndTime": now]) { $1 },
             ["RegionId", "StartTime", "EndTime", "PageNumber", "PageRecordCount", "TotalRecordCount", "Items"]),
            ("DescribeCrossRegionBackups", h.merging(["CrossBackupId": String(set)]) { $1 },
             ["RegionId", "StartTime", "EndTime", "PageNumber", "PageRecordCount", "TotalRecordCount", "Items"]),
            ("DescribeCrossRegionLogBackupFiles", h.merging(["StartTime": "2026-01-01T00:00:00Z", "EndTime": now]) { $1 },
             ["RegionId", "DBInstanceId", "StartTime", "EndTime", "PageNumber", "PageRecordCount", "TotalRecordCount",
              "Items"]),
            ("DescribeAvailableRecoveryTime", ["CrossBackupId": String(set)],
             ["RegionId", "CrossBackupId", "RecoveryBeginTime", "RecoveryEndTime"]),
            ("CheckCreateDdrDBInstance", ["RegionId": "cn-qingdao", "Engine": "MySQL", "EngineVersion": "8.0",
                                          "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": "100",
                                          "RestoreType": "0", "BackupSetId": String(set)], ["IsValid"]),
            ("CreateDdrInstance", ["RegionId": "cn-qingdao", "Engine": "MySQL", "EngineVersion": "8.0",
                                   "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": "100",
                                   "DBInstanceNetType": "Intranet", "PayType": "Postpaid", "SecurityIPList": "127.0.0.1",
                                   "RestoreType": "BackupTime", "RestoreTime": UTCTime.format(f.now - 7200),
                                   "SourceRegion": "cn-hangzhou", "SourceDBInstanceName": id],
             ["DBInstanceId", "OrderId", "ConnectionString", "Port"]),
            ("RestoreDdrTable", ["RegionId": "cn-hangzhou", "DBInstanceId": other, "RestoreType": "0",
                                 "BackupId": String(set)], ["DBInstanceId"]),
            ("ModifyDBInstanceTDE", ["DBInstanceId": other, "TDEStatus": "Enabled"], []),
            ("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": other,
                                                 "BackupEnabled": "1", "CrossBackupRegion": "cn-shenzhen",
                                                 "Retention": "8"],
             ["RegionId", "DBInstanceId", "BackupEnabled", "LogBackupEnabled", "CrossBackupRegion", "CrossBackupType",
              "RetentType", "Retention"]),
            ("DeleteDBInstance", ["DBInstanceId": other], []),
        ]
        var covered = Set<String>()
        for (action, params, fields) in calls {
            let body = try f.ok(action, params)
            #expect(body.keys == ["RequestId"] + fields, "\(action)")
            covered.insert(action)
        }
        covered.insert("CreateDBInstance") // every fixture makes instances with it
        #expect(covered == Set(OpenAPI.actionNames.filter { !$0.hasPrefix("Local") }))
    }

    @Test("Local actions: the clock and the console's reads, checked like the others")
    func localActions() throws {
        let f = try Fixture(options: .standard)
        let clock = try f.ok("LocalDescribeClock", [:])
        #expect(clock.keys == ["RequestId", "Now", "Generation"])
        #expect(clock["Now"] == .string("2026-10-01T00:00:00Z"))
        #expect(try f.ok("LocalAdvanceClock", ["Span": "1d12h"])["Now"] == .string("2026-10-02T12:00:00Z"))
        #expect(try f.engine.now() == UTCTime.parse("2026-10-02T12:00:00Z"))
        let moved = try f.ok("LocalDescribeClock", [:])["Generation"]
        #expect(moved != clock["Generation"])
        #expect(throws: EngineError("InvalidParameter.Duration",
                                    "Span needs a span such as 90m, 36h, 7d, 2w, 1y or 1d12h (at most 100y); got \"soon\".")) {
            try f.ok("LocalAdvanceClock", ["Span": "soon"])
        }
        #expect(throws: EngineError.self) { try f.ok("LocalDescribeInstanceIndex", ["Set": "everything"]) }
        #expect(throws: EngineError.self) { try f.ok("LocalDescribeInstances", ["DBInstanceId": "rm-nosuchinstance"]) }
        #expect(OpenAPI.changesState("LocalAdvanceClock") && !OpenAPI.changesState("LocalDescribeInstances"))
    }

    @Test("List wrappers are objects holding arrays; counters have the documented types")
    func wrappersAndTypes() throws {
        let f = try Fixture(options: .standard)
        let list = try f.ok("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "2"])
        #expect(list["Items"]?["DBInstance"]?.items.count == 2)
        #expect(list["TotalRecordCount"]?.intValue == 64)
        let inst = list["Items"]!["DBInstance"]!.items[0]["DBInstanceId"]!.stringValue
        let backups = try f.ok("DescribeBackups", ["DBInstanceId": inst])
        #expect(backups["TotalRecordCount"] == .string("7"))
        #expect(backups["Items"]?["Backup"]?.items.count == 7)
        #expect(try f.ok("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "2", "PageNumber": "33"])["Items"]?["DBInstance"]?.items.isEmpty == true)
    }

    @Test("Refusals carry the Alibaba error body with a stable code")
    func errorBody() throws {
        let f = try Fixture()
        guard case .failure(let e, let body) = f.api.call("DescribeInstanceCrossBackupPolicy",
                                                          ["RegionId": "cn-hangzhou", "DBInstanceId": "rm-missing"]) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(body.keys == ["RequestId", "HostId", "Code", "Message", "Recommend"])
        #expect(body["Code"] == .string("InvalidDBInstanceId.NotFound"))
        #expect(e.httpStatus == 404)
        #expect(f.refusal("DescribeEverything", [:])?.code == "InvalidAction.NotFound")
        #expect(f.refusal("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "0"])?.code == "InvalidParameter")
        #expect(f.refusal("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "abc"])?.code == "InvalidParameter")
        #expect(f.refusal("DescribeCrossRegionLogBackupFiles", ["RegionId": "cn-hangzhou", "DBInstanceId": "x",
                                                                "StartTime": "yesterday", "EndTime": "2026-01-01T00:00:00Z"])?
            .code == "InvalidStartTime.Format")
        #expect(f.refusal("CreateDBInstance", ["RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "9.9",
                                               "DBInstanceClass": "x", "DBInstanceStorage": "100",
                                               "DBInstanceNetType": "Intranet", "PayType": "Postpaid",
                                               "SecurityIPList": "1.1.1.1"])?.code == "InvalidEngineVersion.Malformed")
        // The common parameters are accepted everywhere.
        #expect(f.refusal("DescribeAvailableCrossRegion", ["RegionId": "cn-hangzhou", "OwnerId": "1",
                                                           "ResourceOwnerAccount": "a", "ResourceOwnerId": "2",
                                                           "OwnerAccount": "b", "ResourceGroupId": "rg"]) == nil)
    }
}
