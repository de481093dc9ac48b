import Testing
@testable import CrossRegionEngine

/// One row per documented refusal that applies here (openapi-errors-and-behaviours.md,
/// §A): the action, the request, and the HTTP status and `Code` it must answer.
@Suite("Documented refusals")
struct DocumentedRefusalTests {
    struct Fleet {
        let f: Fixture
        let ok: String, spare: String, basic: String, old: String, pg: String, zjk: String, creating: String, tde: String, released: String
        let set: Int64, tdeSet: Int64, copying: Int64
    }

    static func fleet() throws -> Fleet {
        let f = try Fixture()
        let ok = try f.create(), tde = try f.create(), released = try f.create(), spare = try f.create()
        let basic = try f.create(version: "5.7", category: "Basic", storage: "cloud_essd")
        let old = try f.create(version: "5.5")
        let pg = try f.create(version: "14.0", engineName: "PostgreSQL")
        let zjk = try f.create("cn-zhangjiakou")
        try f.advance("2d")
        try f.ok("ModifyDBInstanceTDE", ["DBInstanceId": tde, "TDEStatus": "Enabled"])
        for id in [ok, tde, released] { try f.enable(id, retention: 30, log: id == ok) }
        try f.advance("2h")
        let set = try f.dataFiles(ok).first { !$0.isCopying }!.id
        let tdeSet = try f.dataFiles(tde).first { !$0.isCopying }!.id
        try f.ok("DeleteDBInstance", ["DBInstanceId": released])
        try f.ok("CreateBackup", ["DBInstanceId": ok])
        try f.advance("10m")
        let copying = try #require(try f.dataFiles(ok).first { $0.isCopying }).id
        let creating = try f.create()
        try f.ok("CreateBackup", ["DBInstanceId": tde])  // still running when the rows are asked
        return Fleet(f: f, ok: ok, spare: spare, basic: basic, old: old, pg: pg, zjk: zjk, creating: creating, tde: tde,
                     released: released, set: set, tdeSet: tdeSet, copying: copying)
    }

    typealias Row = (action: String, params: [String: String], status: Int, code: String)

    static func rows(_ x: Fleet) -> [Row] {
        let hz = "cn-hangzhou"
        func modify(_ id: String, _ p: [String: String]) -> [String: String] {
            ["RegionId": hz, "DBInstanceId": id].merging(p) { $1 }
        }
        let enable = ["BackupEnabled": "1", "CrossBackupRegion": "cn-shanghai", "Retention": "7"]
        let check = ["Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "rds.mysql.s2.large",
                     "DBInstanceStorage": "100"]
        let create = check.merging(["DBInstanceNetType": "Intranet", "PayType": "Postpaid", "SecurityIPList": "10.0.0.0/8"]) { $1 }
        func checkSet(_ region: String, _ set: Int64) -> [String: String] {
            check.merging(["RegionId": region, "RestoreType": "0", "BackupSetId": String(set)]) { $1 }
        }
        func createSet(_ region: String, _ set: Int64) -> [String: String] {
            create.merging(["RegionId": region, "RestoreType": "BackupSet", "BackupSetId": String(set)]) { $1 }
        }
        let files = ["RegionId": hz, "DBInstanceId": x.ok, "StartTime": "2026-01-01T00:00:00Z", "EndTime": "2030-01-01T00:00:00Z"]
        return [
            // A.1 DescribeAvailableCrossRegion
            ("DescribeAvailableCrossRegion", ["RegionId": "xx-nowhere-1"], 400, "InvalidRegion.Format"),
            ("DescribeAvailableCrossRegion", ["RegionId": "us-west-1"], 403, "CrossBackupNotSupport"),
            // A.2 ModifyInstanceCrossBackupPolicy
            ("ModifyInstanceCrossBackupPolicy", modify(x.ok, ["Retention": "6"]), 400, "InvalidParameters.Format"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.ok, ["Retention": "1826"]), 400, "InvalidParameters.Format"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.ok, ["Retention": "abc"]), 400, "InvalidParameters.Format"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.ok, ["CrossBackupType": "2"]), 400, "InvalidParameters.Format"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.ok, ["RetentType": "2"]), 400, "InvalidParameters.Format"),
            ("ModifyInstanceCrossBackupPolicy", ["RegionId": hz, "Retention": "7"], 400, "MissingParameter"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.spare, ["BackupEnabled": "1", "Retention": "7"]), 400, "ParameterAbsence"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.ok, [:]), 400, "ParameterLeastAssociate"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.ok, ["CrossBackupRegion": "cn-atlantis"]), 400, "InvalidRegion.Format"),
            ("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-atlantis", "DBInstanceId": x.ok, "Retention": "7"], 400, "InvalidRegion.Format"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.old, enable), 403, "IncorrectEngineVersion"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.basic, enable), 403, "IncorrectDBInstanceType"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.pg, enable), 403, "IncorrectDBInstanceEngine"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.creating, enable), 403, "IncorrectDBInstanceState"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.released, ["CrossBackupRegion": "cn-shenzhen"]), 403, "IncorrectDBInstanceState"),
            ("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-zhangjiakou", "DBInstanceId": x.zjk].merging(enable) { $1 },
             403, "CrossBackupNotSupport"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.basic, enable.merging(["CrossBackupRegion": "cn-beijing"]) { $1 }),
             403, "IncorrectDBInstanceType"),
            ("ModifyInstanceCrossBackupPolicy", modify(x.ok, ["CrossBackupRegion": "cn-beijing"]), 403, "CrossBackupNotSupport"),
            ("ModifyInstanceCrossBackupPolicy", modify("rm-nothing", ["Retention": "7"]), 404, "InvalidDBInstance.NotFound"),
            ("ModifyInstanceCrossBackupPolicy", ["RegionId": "ap-southeast-1", "DBInstanceId": x.ok, "Retention": "7"],
             404, "InvalidDBInstance.NotFound"),
            // A.3 DescribeInstanceCrossBackupPolicy
            ("DescribeInstanceCrossBackupPolicy", ["RegionId": "xx", "DBInstanceId": x.ok], 400, "InvalidRegion.Format"),
            ("DescribeInstanceCrossBackupPolicy", ["RegionId": hz, "DBInstanceId": "rm-nothing"], 400, "InvalidDBInstanceId.NotFound"),
            ("DescribeInstanceCrossBackupPolicy", ["RegionId": "cn-zhangjiakou", "DBInstanceId": x.zjk], 403, "CrossBackupNotSupport"),
            // A.4 DescribeCrossRegionBackupDBInstance
            ("DescribeCrossRegionBackupDBInstance", ["RegionId": "eu-central-1"], 403, "CrossBackupNotSupport"),
            ("DescribeCrossRegionBackupDBInstance", ["RegionId": "xx"], 400, "InvalidRegion.Format"),
            // A.5 DescribeCrossRegionBackups
            ("DescribeCrossRegionBackups", ["RegionId": hz, "DBInstanceId": x.ok], 400, "ParameterAbsence"),
            ("DescribeCrossRegionBackups", files.merging(["StartTime": "yesterday"]) { $1 }, 400, "InvalidStartTime.Format"),
            ("DescribeCrossRegionBackups", files.merging(["EndTime": "2030-13-01T00:00:00Z"]) { $1 }, 400, "InvalidEndTime.Format"),
            ("DescribeCrossRegionBackups", files.merging(["EndTime": "2025-01-01T00:00:00Z"]) { $1 }, 400, "InvalidTime.Format"),
            ("DescribeCrossRegionBackups", files.merging(["PageSize": "20"]) { $1 }, 400, "InvalidParameters.Format"),
            ("DescribeCrossRegionBackups", files.merging(["RegionId": "cn-zhangjiakou"]) { $1 }, 403, "CrossBackupNotSupport"),
            ("DescribeCrossRegionBackups", files.merging(["DBInstanceId": "rm-nothing"]) { $1 }, 404, "InvalidDBInstance.NotFound"),
            // A.6 DescribeCrossRegionLogBackupFiles
            ("DescribeCrossRegionLogBackupFiles", ["RegionId": hz, "DBInstanceId": x.ok, "StartTime": "2026-01-01T00:00:00Z"],
             400, "ParameterAbsence"),
            ("DescribeCrossRegionLogBackupFiles", files.merging(["StartTime": "soon"]) { $1 }, 400, "InvalidStartTime.Format"),
            ("DescribeCrossRegionLogBackupFiles", files.merging(["CrossBackupRegion": "cn-x"]) { $1 }, 400, "InvalidRegion.Format"),
            ("DescribeCrossRegionLogBackupFiles", files.merging(["DBInstanceId": "rm-nothing"]) { $1 }, 404, "InvalidDBInstance.NotFound"),
            // A.7 DescribeAvailableRecoveryTime
            ("DescribeAvailableRecoveryTime", ["CrossBackupId": "123"], 404, "InvalidBackupSetID.NotFound"),
            ("DescribeAvailableRecoveryTime", ["CrossBackupId": String(x.set), "DBInstanceId": x.tde], 404, "InvalidBackupSetID.NotFound"),
            // A.8 CheckCreateDdrDBInstance
            ("CheckCreateDdrDBInstance", checkSet("cn-shanghai", x.set).merging(["RestoreType": "2"]) { $1 }, 400, "InvalidRestoreType.Format"),
            ("CheckCreateDdrDBInstance", checkSet("cn-shanghai", x.tdeSet), 400, "CrossRegionUnsupportTDE"),
            ("CheckCreateDdrDBInstance", checkSet("cn-qingdao", x.set), 400, "DisasterRestoreRegionNotMatched"),
            ("CheckCreateDdrDBInstance", checkSet("cn-shanghai", x.copying), 400, "NoAvailableDisasterRestoreBakset"),
            ("CheckCreateDdrDBInstance", check.merging(["RegionId": "cn-shanghai", "RestoreType": "1",
                                                        "RestoreTime": "2026-10-01T00:00:00Z"]) { $1 }, 400, "NoSourceInstanceName"),
            ("CheckCreateDdrDBInstance", check.merging(["RegionId": "cn-shanghai", "RestoreType": "1", "SourceDBInstanceName": x.ok,
                                                        "RestoreTime": "2026-01-01T00:00:00Z"]) { $1 }, 400, "NoAvailableDisasterRestoreBakset"),
            ("CheckCreateDdrDBInstance", checkSet("cn-shanghai", x.set).merging(["Engine": "SQLServer"]) { $1 }, 400, "InvalidEngine.Malformed"),
            ("CheckCreateDdrDBInstance", checkSet("cn-shanghai", x.set).merging(["EngineVersion": "5.7"]) { $1 }, 400, "InvalidEngineVersion.Malformed"),
            ("CheckCreateDdrDBInstance", checkSet("cn-shanghai", x.set).merging(["DBInstanceStorage": "3"]) { $1 }, 400, "InvalidStorage.Format"),
            ("CheckCreateDdrDBInstance", checkSet("cn-shanghai", 999_999), 404, "InvalidBackupSetID.NotFound"),
            ("CheckCreateDdrDBInstance", check.merging(["RegionId": "cn-shanghai", "RestoreType": "1", "SourceDBInstanceName": "rm-nothing",
                                                        "RestoreTime": "2026-10-01T00:00:00Z"]) { $1 }, 404, "InvalidDBInstance.NotFound"),
            ("CheckCreateDdrDBInstance", checkSet("cn-shanghai", x.set).merging(["DBInstanceClass": "db.t3.micro"]) { $1 },
             404, "InvalidDBInstanceClass.NotFound"),
            // A.9 CreateDdrInstance
            ("CreateDdrInstance", createSet("cn-shanghai", x.set).merging(["RestoreType": "0x"]) { $1 }, 400, "InvalidRestoreType.Format"),
            ("CreateDdrInstance", createSet("cn-shanghai", x.set).filter { $0.key != "RestoreType" }, 404, "RestoreType.NotFound"),
            ("CreateDdrInstance", createSet("cn-shanghai", x.set).filter { $0.key != "BackupSetId" }, 400, "NoBaksetName"),
            ("CreateDdrInstance", createSet("cn-qingdao", x.set), 400, "DisasterRestoreRegionNotMatched"),
            ("CreateDdrInstance", createSet("cn-shanghai", x.set).merging(["SecurityIPList": "300.1.1.1"]) { $1 }, 400, "InvalidSecurityIPList.Format"),
            ("CreateDdrInstance", createSet("cn-shanghai", x.set).merging(["DBInstanceDescription": "-bad"]) { $1 },
             400, "InvalidDBInstanceDescription.Format"),
            ("CreateDdrInstance", createSet("cn-shanghai", x.set).merging(["ZoneId": "cn-hangzhou-h"]) { $1 }, 400, "InvalidZoneId.NotSupported"),
            ("CreateDdrInstance", createSet("cn-shanghai", x.tdeSet), 403, "CrossRegionUnsupportTDE"),
            ("CreateDdrInstance", createSet("cn-shanghai", 999_999), 404, "InvalidBackupSetID.NotFound"),
            ("CreateDdrInstance", createSet("cn-shanghai", x.set).merging(["DBInstanceClass": "rds.mysql.zz"]) { $1 },
             404, "InvalidDBInstanceClass.NotFound"),
            ("CreateDdrInstance", createSet("cn-shanghai", x.set).merging(["DBInstanceNetType": "Public"]) { $1 },
             404, "InvalidDBInstanceNetType.NotFound"),
            // A.10 RestoreDdrTable (A.8's codes, inferred)
            ("RestoreDdrTable", ["DBInstanceId": x.tde, "RestoreType": "0", "BackupId": String(x.set), "TableMeta": "[]"],
             400, "InvalidParameters.Format"),
            ("RestoreDdrTable", ["DBInstanceId": "rm-nothing", "RestoreType": "0", "BackupId": String(x.set),
                                 "TableMeta": "[{\"type\":\"db\",\"name\":\"shop\"}]"], 404, "InvalidDBInstance.NotFound"),
            // A.11 DescribeDBInstances
            ("DescribeDBInstances", ["RegionId": hz, "MaxResults": "5", "NextToken": "forged"], 400, "Invalid.NextToken"),
            ("DescribeDBInstances", ["RegionId": hz, "DBInstanceType": "Replica"], 400, "InvalidDBInstanceType.ValueNotSupport"),
            ("DescribeDBInstances", ["RegionId": hz, "Expired": "maybe"], 400, "InvalidExpired.Format"),
            // A.12 DescribeDBInstanceAttribute
            ("DescribeDBInstanceAttribute", ["DBInstanceId": "rm-nothing"], 400, "InvalidDBInstanceId.NotFound"),
            ("DescribeDBInstanceAttribute", ["DBInstanceId": x.released], 400, "InvalidDBInstanceId.NotFound"),
            ("DescribeDBInstanceAttribute", ["DBInstanceId": x.ok, "RegionId": "ap-southeast-1"], 400, "InvalidDBInstanceId.NotFound"),
            // A.13 DescribeBackups
            ("DescribeBackups", ["DBInstanceId": x.ok, "StartTime": "x"], 400, "InvalidStartTime.Format"),
            ("DescribeBackups", ["DBInstanceId": x.ok, "StartTime": "2026-10-02T00:00Z", "EndTime": "2026-10-01T00:00Z"],
             400, "InvalidParameterCombination"),
            ("DescribeBackups", ["DBInstanceId": x.ok, "PageNumber": "0"], 400, "InvalidPageNumbers.Malformed"),
            ("DescribeBackups", ["DBInstanceId": x.ok, "PageSize": "31"], 403, "InvalidMaxRecordsPerPage.Malformed"),
            ("DescribeBackups", ["DBInstanceId": "rm-nothing"], 404, "InvalidDBInstance.NotFound"),
            // A.14 DescribeBackupPolicy
            ("DescribeBackupPolicy", ["DBInstanceId": "rm-nothing"], 404, "InvalidDBInstance.NotFound"),
            // A.17–A.19
            ("CreateBackup", ["DBInstanceId": x.tde], 400, "BackupJobExists"),
            ("DeleteDBInstance", ["DBInstanceId": x.creating], 403, "OperationDenied.DBInstanceStatus"),
            ("DeleteDBInstance", ["DBInstanceId": x.released], 400, "InvalidDBInstanceId.NotFound"),
            ("ModifyDBInstanceTDE", ["DBInstanceId": x.pg, "TDEStatus": "Enabled"], 403, "OperationDenied.DBInstanceType"),
            ("CreateDBInstance", create.merging(["RegionId": hz, "DBInstanceClass": "x"]) { $1 }, 400, "InvalidDBInstanceClass.Malformed"),
            ("CreateDBInstance", create.merging(["RegionId": hz, "EngineVersion": "9.9"]) { $1 }, 400, "InvalidEngineVersion.Malformed"),
            ("CreateDBInstance", create.merging(["RegionId": hz, "SecurityIPList": "a.b.c.d"]) { $1 }, 400, "InvalidSecurityIPList.Format"),
            ("CreateDBInstance", create.merging(["RegionId": hz, "DBInstanceStorageType": "floppy"]) { $1 },
             400, "InvalidParameter.NotSupportDBInstanceStorageType"),
            ("CreateDBInstance", create.merging(["RegionId": hz, "ZoneId": "cn-hangzhou-q"]) { $1 }, 400, "InvalidZone.NotSupported"),
            // A.21 DescribeCrossBackupMetaList
            ("DescribeCrossBackupMetaList", ["BackupSetId": String(x.copying)], 400, "NoAvailableDisasterRestoreBakset"),
            ("DescribeCrossBackupMetaList", ["BackupSetId": "1"], 404, "InvalidBackupSetID.NotFound"),
            // A.22 the gateway
            ("DescribeNothing", [:], 404, "InvalidAction.NotFound"),
            ("DescribeDBInstances", [:], 400, "MissingParameter"),
        ]
    }

    @Test("Every documented refusal that applies here answers its documented status and code, and changes nothing")
    func table() throws {
        let x = try Self.fleet()
        let before = try x.f.dump()
        var codes = Set<String>()
        for row in Self.rows(x) {
            guard case .failure(let e, let body) = x.f.api.call(row.action, row.params) else {
                Issue.record("\(row.action) \(row.params) was accepted; expected \(row.status) \(row.code)")
                continue
            }
            #expect(e.httpStatus == row.status && e.code.code == row.code,
                    "\(row.action) \(row.params): \(e.httpStatus) \(e.code) — \(e.message)")
            #expect(body["Code"] == .string(row.code))
            #expect(!e.documented.isEmpty && e.message.hasPrefix(e.documented + " "), "\(row.code): documented message first")
            codes.insert(row.code)
        }
        #expect(codes.count >= 40)
        #expect(try x.f.dump() == before, "no refusal changed the state")
    }
}
