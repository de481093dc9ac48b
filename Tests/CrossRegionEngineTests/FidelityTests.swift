import Foundation
import Testing
@testable import CrossRegionEngine

/// What real clients rely on (reference §B): idempotent creates, token
/// paging, released instances, table-level restore, and what Terraform sends.
@Suite("OpenAPI fidelity")
struct FidelityTests {
    static let ddr = ["Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "rds.mysql.s2.large",
                      "DBInstanceStorage": "100", "DBInstanceNetType": "Intranet", "PayType": "Postpaid",
                      "SecurityIPList": "10.0.0.0/8", "RegionId": "cn-shanghai", "RestoreType": "BackupSet"]

    /// An instance with a completed cross-region set in cn-shanghai: (instance, set ID).
    static func withSet(_ f: Fixture, log: Bool = false) throws -> (String, Int64) {
        let id = try f.create()
        try f.advance("2d")
        try f.enable(id, retention: 365, log: log)
        try f.advance("2h")
        return (id, try f.dataFiles(id).first { !$0.isCopying }!.id)
    }

    func instanceCount(_ f: Fixture) throws -> Int {
        try f.engine.instances(InstanceFilter(set: .all), limit: 0).total
    }

    @Test("R9.3: a retried CreateDdrInstance with its ClientToken gets the first answer and creates nothing, even after a restart")
    func clientToken() throws {
        let f = try Fixture()
        let (_, set) = try Self.withSet(f)
        let token = "Terraform-Alicloud-1732600000-0f8c2a1e-5b7d-4c3e-9a61-2d4f8e7b6c5a" // 66 characters, as Terraform sends
        let request = Self.ddr.merging(["BackupSetId": String(set), "ClientToken": token]) { $1 }
        let first = try f.ok("CreateDdrInstance", request)
        let count = try instanceCount(f)
        let again = try f.ok("CreateDdrInstance", request)
        #expect(again.withoutRequestID == first.withoutRequestID)
        #expect(try instanceCount(f) == count)
        // Another request under the same token is refused, and changes nothing.
        let before = try f.dump()
        let other = f.refusal("CreateDdrInstance", request.merging(["DBInstanceStorage": "200"]) { $1 })
        #expect(other?.code == .idempotentParameterMismatch && other?.httpStatus == 400)
        #expect(try f.dump() == before)
        // A new process on the same state remembers it.
        let reopened = OpenAPI(engine: try Engine.open(path: f.path))
        guard case .success(let body) = reopened.call("CreateDdrInstance", request) else {
            Issue.record("the retry after a restart was refused")
            return
        }
        #expect(body.withoutRequestID == first.withoutRequestID)
        #expect(try instanceCount(f) == count)
        // Without a token, each call creates.
        let untokened = Self.ddr.merging(["BackupSetId": String(set)]) { $1 }
        #expect(try f.ok("CreateDdrInstance", untokened)["DBInstanceId"] != f.ok("CreateDdrInstance", untokened)["DBInstanceId"])
    }

    @Test("R9.3: CreateDBInstance and RestoreDdrTable are idempotent too; CreateDBInstance refuses a reused token with its own code")
    func clientTokenOthers() throws {
        let f = try Fixture()
        let create = ["RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0",
                      "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": "100", "DBInstanceNetType": "Intranet",
                      "PayType": "Postpaid", "SecurityIPList": "10.0.0.0/8", "ClientToken": "create-1"]
        let a = try f.ok("CreateDBInstance", create)
        #expect(try f.ok("CreateDBInstance", create)["DBInstanceId"] == a["DBInstanceId"])
        #expect(try instanceCount(f) == 1)
        let reused = f.refusal("CreateDBInstance", create.merging(["DBInstanceStorage": "105"]) { $1 })
        #expect(reused?.code == .invalidRequestId && reused?.httpStatus == 400)
        let long = f.refusal("CreateDBInstance", create.merging(["ClientToken": String(repeating: "x", count: 129)]) { $1 })
        #expect(long?.code == .invalidVersion)
    }

    @Test("DescribeDBInstances pages with MaxResults and NextToken; a forged or foreign token is refused")
    func nextToken() throws {
        let f = try Fixture(options: .standard)
        let all = try f.ok("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "100"])["Items"]!.items
            .map { $0["DBInstanceId"]!.stringValue }
        var seen: [String] = []
        var token: String? = nil
        var pages = 0
        repeat {
            var p = ["RegionId": "cn-hangzhou", "MaxResults": "25"]
            p["NextToken"] = token
            let body = try f.ok("DescribeDBInstances", p)
            let ids = body["Items"]!.items.map { $0["DBInstanceId"]!.stringValue }
            #expect(body["PageNumber"] == .int(1))
            #expect(body["TotalRecordCount"] == .int(Int64(ids.count)), "token mode counts this page only")
            seen += ids
            token = body["NextToken"]!.stringValue
            pages += 1
        } while !(token ?? "").isEmpty && pages < 10
        #expect(pages == 3)
        #expect(seen == all, "the pages chain through every instance once, in order")
        let forged = f.refusal("DescribeDBInstances", ["RegionId": "cn-hangzhou", "MaxResults": "25",
                                                       "NextToken": "rm-zzzz.0123456789abcdef"])
        #expect(forged?.code == .invalidNextToken && forged?.httpStatus == 400)
        let first = try f.ok("DescribeDBInstances", ["RegionId": "cn-hangzhou", "MaxResults": "2"])["NextToken"]!.stringValue
        #expect(f.refusal("DescribeDBInstances", ["RegionId": "cn-shanghai", "MaxResults": "2", "NextToken": first])?.code
                == .invalidNextToken, "a token belongs to its query")
        #expect(f.refusal("DescribeDBInstances", ["RegionId": "cn-hangzhou", "MaxResults": "101"])?.code == .parametersInvalid)
    }

    @Test("The cloud's dialect (serve --openapi-only): Local* actions are unknown APIs, ModifyInstanceCrossBackupPolicy takes one instance")
    func cloudDialect() throws {
        let f = try Fixture(options: .standard)
        let cloud = OpenAPI(engine: f.engine, dialect: .cloud)
        func refusal(_ action: String, _ params: [String: String]) -> EngineError? {
            if case .failure(let e, _) = cloud.call(action, params) { return e }
            return nil
        }
        for action in LocalRequest.Action.allCases.map(\.rawValue) {
            let e = refusal(action, ["RegionId": "cn-hangzhou"])
            #expect(e?.code == .invalidActionNotFound && e?.httpStatus == 404, "\(action)")
            #expect(e?.message.contains("Local") == true && e?.message.contains("actions:") == false, "no list of rds-console's own actions")
        }
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).prefix(2).map(\.id)
        let batch = ["RegionId": "cn-hangzhou", "DBInstanceId": ids.joined(separator: ","), "BackupEnabled": "1",
                     "CrossBackupRegion": "cn-shanghai", "CrossBackupType": "1", "RetentType": "1", "Retention": "7"]
        let e = refusal("ModifyInstanceCrossBackupPolicy", batch)
        #expect(e?.code == .invalidDBInstanceNotFound && e?.httpStatus == 404)
        #expect(try f.engine.instance(id: ids[0]).backupEnabled == false, "nothing changed")
        var one = batch
        one["DBInstanceId"] = ids[0]
        if case .failure(let e, _) = cloud.call("ModifyInstanceCrossBackupPolicy", one) { Issue.record("refused: \(e.message)") }
        #expect(try f.engine.instance(id: ids[0]).backupEnabled)
        #expect(try f.ok("ModifyInstanceCrossBackupPolicy", batch.merging(["DBInstanceId": ids.joined(separator: ",")]) { $1 })["Items"] != nil,
                "rds-console's own dialect takes a batch")
        if case .failure(let e, _) = cloud.call("DescribeDBInstanceAttribute", ["DBInstanceId": ids.joined(separator: ",")]) {
            Issue.record("the cloud lists several instances on DescribeDBInstanceAttribute: \(e.message)")
        }
    }

    @Test("NextToken is an HMAC under a secret of the state's own: the old salt forges nothing, and a demo of the same seed refuses the other's tokens")
    func nextTokenSeal() throws {
        let f = try Fixture(options: .standard), twin = try Fixture(options: .standard)
        let page = ["RegionId": "cn-hangzhou", "MaxResults": "2"]
        let token = try f.ok("DescribeDBInstances", page)["NextToken"]!.stringValue
        let twinToken = try twin.ok("DescribeDBInstances", page)["NextToken"]!.stringValue
        #expect(token.split(separator: ".").last?.count == 32, "128 bits of HMAC-SHA256")
        #expect(token != twinToken, "two demo states of one seed seal the same page differently")
        #expect(twin.refusal("DescribeDBInstances", page.merging(["NextToken": token]) { $1 })?.code == .invalidNextToken,
                "a token of one state is refused by another")
        // What the old seal allowed: a token made from the state's ID salt for any query.
        let salt = try f.engine.store.read { try Int64.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'id_salt'") ?? 0 }
        let id = String(token.split(separator: ".")[0])
        var h = UInt64(bitPattern: salt) ^ 0xCBF2_9CE4_8422_2325
        for b in id.utf8 + [0] + #"[["RegionId","cn-hangzhou"]]"#.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        let hex = String(SplitMix64.mix(h), radix: 16)
        let forged = id + "." + String(repeating: "0", count: 16 - hex.count) + hex
        #expect(f.refusal("DescribeDBInstances", page.merging(["NextToken": forged]) { $1 })?.code == .invalidNextToken)
        let secrets = try [f, twin].map { fixture in
            try fixture.engine.store.read { try String.fetchOne($0, sql: "SELECT text FROM meta WHERE key = 'token_secret'") }
        }
        #expect(secrets[0]?.count == 64 && secrets[0] != secrets[1])
        #expect(try f.ok("DescribeDBInstances", page.merging(["NextToken": token]) { $1 })["Items"]!.items.count == 2)
    }

    @Test("§B.4: a released instance is gone for the instance actions; its backups stay reachable")
    func releasedInstances() throws {
        let f = try Fixture()
        let (id, set) = try Self.withSet(f)
        try f.ok("DeleteDBInstance", ["DBInstanceId": id, "RegionId": "cn-hangzhou"])
        for (action, params, code, status) in [
            ("DescribeDBInstanceAttribute", ["DBInstanceId": id], ErrorCode.invalidDBInstanceIdNotFound, 400),
            ("DeleteDBInstance", ["DBInstanceId": id], .invalidDBInstanceIdNotFound, 400),
            ("DescribeBackups", ["DBInstanceId": id], .invalidDBInstanceNotFound, 404),
            ("DescribeBackupPolicy", ["DBInstanceId": id], .invalidDBInstanceNotFound, 404),
            ("CreateBackup", ["DBInstanceId": id], .invalidDBInstanceIdNotFound, 400),
        ] {
            let e = f.refusal(action, params)
            #expect(e?.code == code && e?.httpStatus == status, "\(action)")
        }
        // Its local backups, through DescribeDetachedBackups (counters as strings).
        let detached = try f.ok("DescribeDetachedBackups", ["Region": "cn-hangzhou"])
        #expect(detached["TotalRecordCount"] == .string("3"))
        #expect(detached["Items"]!.items.allSatisfy { $0["DBInstanceId"] == .string(id) })
        #expect(try f.ok("DescribeDetachedBackups", ["Region": "cn-shanghai"])["TotalRecordCount"] == .string("0"))
        // Its cross-region files, as before, and its policy with LockMode Released.
        #expect(try f.policy(id)["LockMode"] == .string("Released"))
        #expect(try f.ok("DescribeCrossRegionBackups", ["RegionId": "cn-hangzhou", "DBInstanceId": id,
                                                        "CrossBackupId": String(set)])["TotalRecordCount"] == .int(1))
        // Listed on request with its DestroyTime.
        let listed = try f.ok("DescribeDBInstances", ["RegionId": "cn-hangzhou", "DBInstanceStatus": "Released"])["Items"]!.items
        #expect(listed.map { $0["DBInstanceId"]!.stringValue } == [id])
        #expect(listed[0]["DestroyTime"] == .string(UTCTime.format(f.now + 7 * UTCTime.day)))
        try f.advance("8d")
        #expect(try f.ok("DescribeDetachedBackups", ["Region": "cn-hangzhou"])["TotalRecordCount"] == .string("0"))
    }

    @Test("DescribeCrossBackupMetaList: the databases and tables a set holds, as of its time")
    func metaList() throws {
        let f = try Fixture()
        let (id, set) = try Self.withSet(f)
        let body = try f.ok("DescribeCrossBackupMetaList", ["BackupSetId": String(set)])
        #expect(body.keys == ["RequestId", "DBInstanceName", "PageNumber", "PageRecordCount", "TotalPageCount",
                              "TotalRecordCount", "Items"])
        #expect(body["DBInstanceName"] == .string(id))
        let dbs = body["Items"]!.items
        #expect(dbs.count >= 2 && body["TotalRecordCount"] == .int(Int64(dbs.count)))
        #expect(dbs.allSatisfy { !$0["Tables"]!.stringValue.isEmpty && Int($0["Size"]!.stringValue) != nil })
        // Sets carry the catalogue of their time: a month later, one more archive table.
        try f.advance("31d")
        let later = try f.dataFiles(id).first { !$0.isCopying }!.id
        func tables(_ s: Int64) throws -> Int {
            try f.ok("DescribeCrossBackupMetaList", ["BackupSetId": String(s)])["Items"]!.items
                .reduce(0) { $0 + $1["Tables"]!.stringValue.split(separator: ",").count }
        }
        #expect(try tables(later) == tables(set) + 1)
        #expect(try tables(set) == tables(set), "an old set keeps its catalogue")
        // Exact name, fuzzy pattern (names only), pages of PageSize with a 1-based PageIndex.
        let name = dbs[0]["Database"]!.stringValue
        #expect(try f.ok("DescribeCrossBackupMetaList", ["BackupSetId": String(set), "GetDbName": name])["Items"]!.items
            .map { $0["Database"]!.stringValue } == [name])
        let fuzzy = try f.ok("DescribeCrossBackupMetaList", ["BackupSetId": String(set), "Pattern": String(name.prefix(2))])
        #expect(fuzzy["Items"]!.items.allSatisfy { $0["Tables"] == .string("") })
        let page2 = try f.ok("DescribeCrossBackupMetaList", ["BackupSetId": String(set), "PageSize": "1", "PageIndex": "2"])
        #expect(page2["Items"]!.items.map { $0["Database"]! } == [dbs[1]["Database"]!])
        #expect(page2["TotalPageCount"] == .int(Int64(dbs.count)))
        for (params, code, status) in [
            (["BackupSetId": "42"], ErrorCode.invalidBackupSetIDNotFound, 404),
            (["BackupSetId": String(set), "PageSize": "x", "PageIndex": "1"], .invalidPageSize, 400),
            (["BackupSetId": String(set), "PageSize": "1", "PageIndex": "0"], .invalidPageIndex, 400),
            (["BackupSetId": String(set), "Region": "mars"], .invalidParametersFormat, 404),
        ] {
            let e = f.refusal("DescribeCrossBackupMetaList", params)
            #expect(e?.code == code && e?.httpStatus == status, "\(params)")
        }
    }

    @Test("CreateDBInstance keeps only well-formed values: catalogue classes, the region's zones, IP lists, descriptions, Prepaid terms")
    func createValues() throws {
        let f = try Fixture()
        let base = ["RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0",
                    "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": "100", "DBInstanceNetType": "Intranet",
                    "PayType": "Postpaid", "SecurityIPList": "10.0.0.0/8"]
        for (change, code) in [
            (["DBInstanceClass": String(repeating: "x", count: 1000)], ErrorCode.invalidDBInstanceClassMalformed),
            (["DBInstanceClass": "rds.mysql.s2.huge"], .invalidDBInstanceClassMalformed),
            (["DBInstanceClass": "pg.n2.small.1"], .invalidDBInstanceClassMalformed),
            (["ZoneId": "cn-shanghai-b"], .invalidZoneNotSupported),
            (["ZoneId": "cn-hangzhou-z"], .invalidZoneNotSupported),
            (["SecurityIPList": "10.0.0.0/33"], .invalidSecurityIPListFormat),
            (["SecurityIPList": "1.2.3.4,1.2.3.4"], .invalidSecurityIPListDuplicate),
            (["SecurityIPList": "localhost"], .invalidSecurityIPListFormat),
            (["DBInstanceDescription": "orders\nprod"], .invalidVersion),
            (["DBInstanceDescription": "1orders"], .invalidDBInstanceDescriptionFormat),
            (["PayType": "Prepaid"], .missingParameter),
            (["PayType": "Prepaid", "Period": "Year", "UsedTime": "4"], .invalidUsedTime),
            (["DBInstanceStorage": "7"], .invalidStorageFormat),
            (["DBInstanceNetType": "Extranet"], .invalidDBInstanceNetTypeNotFound),
            (["Tag.1.Key": " ", "Tag.1.Value": "x"], .invalidTagKeyMalformed),
            (["InstanceNetworkType": "Classic"], .invalidInstanceNetworkType),
        ] {
            #expect(f.refusal("CreateDBInstance", base.merging(change) { $1 })?.code == code, "\(change)")
        }
        #expect(try instanceCount(f) == 0)
        let dry = try f.ok("CreateDBInstance", base.merging(["DryRun": "true"]) { $1 })
        #expect(dry["DryRun"] == .bool(true) && dry["DryRunResult"] == .bool(true) && dry["DBInstanceId"] == nil)
        #expect(try instanceCount(f) == 0)
        let ok = try f.ok("CreateDBInstance", base.merging([
            "ZoneId": "cn-hangzhou-i", "PayType": "Prepaid", "Period": "Month", "UsedTime": "3", "VPCId": "vpc-abc123",
            "VSwitchId": "vsw-def456", "Tag.1.Key": "env", "Tag.1.Value": "prod", "DBIsIgnoreCase": "true"]) { $1 })
        let attr = try f.ok("DescribeDBInstanceAttribute", ["DBInstanceId": ok["DBInstanceId"]!.stringValue])["Items"]!.items[0]
        #expect(attr["ZoneId"] == .string("cn-hangzhou-i") && attr["VpcId"] == .string("vpc-abc123"))
        #expect(attr["VSwitchId"] == .string("vsw-def456") && attr["SecurityIPList"] == .string("10.0.0.0/8"))
        #expect(attr["DBInstanceCPU"] == .string("2") && attr["DBInstanceMemory"] == .int(4_096))
        #expect(OpenAPI.unknownParameters(of: "CreateDBInstance", in: ["Tag.1.Key", "Tag.1.Value", "DBIsIgnoreCase"]).isEmpty)
    }

    @Test("Values are never cut at a NUL, never hold control characters, and a refused value is never echoed whole")
    func parameterValues() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("1h")
        let before = try f.dump()
        for (action, params) in [
            ("DeleteDBInstance", ["DBInstanceId": id + "\u{0}garbage"]),
            ("DescribeInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id + "\u{0}"]),
            ("DescribeCrossRegionBackups", ["RegionId": "cn-hangzhou", "DBInstanceId": id + "\u{0}x", "CrossBackupId": "1"]),
            ("CheckCreateDdrDBInstance", ["RegionId": "cn-shanghai", "Engine": "MySQL", "EngineVersion": "8.0",
                                          "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": "100",
                                          "RestoreType": "1", "SourceDBInstanceName": id + "\u{0}",
                                          "RestoreTime": "2026-10-01T00:00:00Z"]),
            ("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "Retention": "30\u{1B}"]),
        ] {
            let e = f.refusal(action, params)
            #expect(e?.httpStatus == 400, "\(action)")
            #expect(e?.message.contains("character") == true, "\(action): \(e?.message ?? "accepted")")
        }
        #expect(f.refusal("DescribeDBInstances", ["RegionId": "cn-hangzhou", "Region\u{1}Id": "x"])?.code == .parametersInvalid)
        var many = ["RegionId": "cn-hangzhou"]
        for i in 0..<600 { many["P\(i)"] = "v" }
        #expect(f.refusal("DescribeDBInstances", many)?.message.contains("601 parameters were given") == true)
        let warning = OpenAPI.unknownParametersWarning(of: "DescribeDBInstances", in: many.keys)
        #expect(warning?.hasSuffix("and 590 more: accepted and ignored, as the cloud's gateway does") == true)
        #expect(OpenAPI.unknownParametersWarning(of: "DescribeDBInstances", in: ["Bad\u{1B}[31mName"])
                == "DescribeDBInstances does not take Bad?[31mName: accepted and ignored, as the cloud's gateway does")
        #expect(try f.dump() == before)
        let huge = String(repeating: "A", count: 50_000_000)
        let e = f.refusal("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "Retention": huge])
        #expect(e?.code == .invalidParametersFormat)
        #expect((e?.message.utf8.count ?? .max) < 400, "the refused value is quoted at most 100 characters")
    }

    @Test("§B.5: Terraform's calls for alicloud_rds_instance_cross_backup_policy, exactly as it sends them")
    func terraform() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("1d")
        let extras = ["SourceIp": "192.0.2.10", "DBProxyEndpointId": "cn-hangzhou"]
        // Create, then update: every setting, integers for the switches, the stray parameters.
        for (log, retention) in [("1", "15"), ("0", "30")] {
            try f.ok("ModifyInstanceCrossBackupPolicy", extras.merging([
                "RegionId": "cn-hangzhou", "DBInstanceId": id, "CrossBackupType": "1", "BackupEnabled": "1",
                "RetentType": "1", "LogBackupEnabled": log, "CrossBackupRegion": "cn-shanghai", "Retention": retention]) { $1 })
            // Read.
            let read = try f.ok("DescribeInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id,
                                                                      "SourceIp": "192.0.2.10"])
            #expect(read["BackupEnabled"] == .string("Enable") && read["Retention"] == .int(Int64(retention)!))
            #expect(read["LogBackupEnabled"] == .string(log == "1" ? "Enable" : "Disable"))
            #expect(read["LockMode"] != .string("null"))
        }
        // Delete: exactly RegionId, DBInstanceId, BackupEnabled="0" and SourceIp.
        try f.ok("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "BackupEnabled": "0",
                                                     "SourceIp": "192.0.2.10"])
        let gone = try f.policy(id)
        #expect(gone["BackupEnabled"] == .string("Disable") && gone["Retention"] == .int(30))
        // Destroying again, and destroying a policy whose instance does not exist, answer what Terraform takes as gone.
        #expect(f.refusal("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id,
                                                              "BackupEnabled": "0", "SourceIp": "192.0.2.10"]) == nil)
        let missing = f.refusal("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": "rm-gone",
                                                                    "BackupEnabled": "0", "SourceIp": "192.0.2.10"])
        #expect(missing?.httpStatus == 404 && missing?.code == .invalidDBInstanceNotFound)
    }
}
