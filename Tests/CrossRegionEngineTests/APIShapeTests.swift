import Foundation
import Testing
@testable import CrossRegionEngine

/// Every action answers in the documented shape (reference §4–§7).
@Suite("OpenAPI shapes")
struct APIShapeTests {
    /// Fields of the SDK models that have no meaning here and are left out,
    /// by action: blue/green deployments, dedicated hosts, Babelfish, serverless,
    /// console tips and the other features this emulator does not model.
    /// Everything else of every model is filled (and checked to be).
    static let omitted: [String: Set<String>] = [
        "CreateDBInstance": ["TagResult", "TaskId"],
        "DescribeBackupPolicy": ["AdvancedDataPolicies", "AdvancedLogPolicies"],
        "DescribeBackups": ["Items.Backup[].BackupDownloadLinkByDB"],
        "DescribeDBInstanceAttribute": Set([
            "AdvancedFeatures", "BabelfishConfig", "BlueGreenDeploymentName", "BlueInstanceName", "BpeEnabled",
            "Collation", "CompressionMode", "CompressionRatio", "ComputeBurstEnabled", "ConsoleVersion",
            "DBClusterNodes", "DedicatedHostGroupId", "DisasterRecoveryInfo",
            "DisasterRecoveryInstances", "DrReplicaInfo", "Extra", "GeneralGroupName", "GreenInstanceName", "IoAccelerationEnabled",
            "IsAnalyticIns", "IsAnalyticReadOnlyIns", "MultipleTempUpgrade", "NodePerformance",
            "OptimizedWritesInfo", "PGBouncerEnabled", "ReadOnlyStatus",
            "ReadonlyInstanceSQLDelayedTime", "ServerlessConfig", "SuperPermissionMode", "TempUpgradeTimeEnd",
            "TempUpgradeTimeStart", "Tips", "VectorSupportStatus", "WarmStandbyInfo", "kindCode",
        ].map { "Items.DBInstanceAttribute[]." + $0 }),
        "DescribeDBInstances": Set([
            "BlueGreenDeploymentName", "BlueInstanceName", "BpeEnabled", "DedicatedHostGroupId",
            "DedicatedHostGroupName", "DedicatedHostIdForLog", "DedicatedHostIdForMaster", "DedicatedHostIdForSlave",
            "DedicatedHostNameForLog", "DedicatedHostNameForMaster", "DedicatedHostNameForSlave",
            "DedicatedHostZoneIdForLog", "DedicatedHostZoneIdForMaster", "DedicatedHostZoneIdForSlave",
            "GeneralGroupName", "GreenInstanceName", "IoAccelerationEnabled", "IsAnalyticIns",
            "IsAnalyticReadOnlyIns", "SwitchWeight", "Tips", "VpcName",
        ].map { "Items.DBInstance[]." + $0 }),
    ]

    /// Fields the documented example and a real answer carry that the SDK model lacks (B.14).
    static let beyondTheModel: [String: Set<String>] = ["DescribeDBInstances": ["Items.DBInstance[].InsId"]]

    @Test("Every answer has the names, JSON types and nesting of the SDK model; each request field of the model is accepted")
    func everyActionMatchesItsModel() throws {
        let models = try SDKModels.load()
        let f = try Fixture()
        let id = try f.create()
        let other = try f.create()
        let tde = try f.create()
        try f.advance("2d")
        try f.ok("ModifyDBInstanceTDE", ["DBInstanceId": tde, "TDEStatus": "Enabled"])
        try f.enable(id, to: "cn-qingdao", retention: 30, log: true)
        try f.advance("1d")
        let set = try f.dataFiles(id).first { !$0.isCopying }!.id
        let db = try f.engine.instance(id: id).catalogue(at: f.now)[0]
        let tables = "[{\"type\":\"db\",\"name\":\"\(db.name)\",\"tables\":[{\"type\":\"table\",\"name\":\"\(db.tables[0])\"}]}]"
        let now = UTCTime.format(f.now)
        let h = ["RegionId": "cn-hangzhou", "DBInstanceId": id]
        let calls: [(String, [String: String])] = [
            ("DescribeDBInstances", ["RegionId": "cn-hangzhou", "InstanceLevel": "1"]),
            ("DescribeDBInstances", ["RegionId": "cn-hangzhou", "MaxResults": "1"]),
            ("DescribeDBInstanceAttribute", ["DBInstanceId": id]),
            ("DescribeDBInstanceTDE", ["DBInstanceId": tde]),
            ("DescribeBackupPolicy", ["DBInstanceId": id]),
            ("DescribeBackups", ["DBInstanceId": id]),
            ("CreateBackup", ["DBInstanceId": other]),
            ("DescribeAvailableCrossRegion", ["RegionId": "cn-hangzhou"]),
            ("DescribeInstanceCrossBackupPolicy", h),
            ("DescribeCrossRegionBackupDBInstance", ["RegionId": "cn-hangzhou"]),
            ("DescribeCrossRegionBackups", h.merging(["StartTime": "2026-01-01T00:00Z", "EndTime": now]) { $1 }),
            ("DescribeCrossRegionBackups", h.merging(["CrossBackupId": String(set)]) { $1 }),
            ("DescribeCrossRegionLogBackupFiles", h.merging(["StartTime": "2026-01-01T00:00:00Z", "EndTime": now]) { $1 }),
            ("DescribeAvailableRecoveryTime", ["CrossBackupId": String(set)]),
            ("CheckCreateDdrDBInstance", ["RegionId": "cn-qingdao", "Engine": "MySQL", "EngineVersion": "8.0",
                                          "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": "100",
                                          "RestoreType": "0", "BackupSetId": String(set)]),
            ("CreateDdrInstance", ["RegionId": "cn-qingdao", "Engine": "MySQL", "EngineVersion": "8.0",
                                   "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": "100",
                                   "DBInstanceNetType": "Intranet", "PayType": "Postpaid", "SecurityIPList": "127.0.0.1",
                                   "RestoreType": "BackupTime", "RestoreTime": UTCTime.format(f.now - 7200),
                                   "SourceRegion": "cn-hangzhou", "SourceDBInstanceName": id]),
            ("RestoreDdrTable", ["RegionId": "cn-hangzhou", "DBInstanceId": other, "RestoreType": "0",
                                 "BackupId": String(set), "TableMeta": tables]),
            ("ModifyDBInstanceTDE", ["DBInstanceId": other, "TDEStatus": "Enabled"]),
            ("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": other,
                                                 "BackupEnabled": "1", "CrossBackupRegion": "cn-shenzhen",
                                                 "Retention": "8"]),
            ("CreateDBInstance", ["RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0",
                                  "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": "100",
                                  "DBInstanceNetType": "Intranet", "PayType": "Postpaid", "SecurityIPList": "127.0.0.1"]),
            ("CreateDBInstance", ["RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0",
                                  "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStorage": "100", "DryRun": "true",
                                  "DBInstanceNetType": "Intranet", "PayType": "Postpaid", "SecurityIPList": "127.0.0.1"]),
            ("DeleteDBInstance", ["DBInstanceId": other]),
        ]
        var missingByAction: [String: Set<String>] = [:]
        for (action, params) in calls {
            let body = try f.ok(action, params)
            let (wrong, missing) = SDKModels.compare(body, models.responses[action]!)
            let extra = Self.beyondTheModel[action] ?? []
            #expect(wrong.filter { !extra.contains(String($0.prefix { $0 != ":" })) }.isEmpty, "\(action): \(wrong)")
            missingByAction[action, default: missing].formIntersection(missing)
        }
        #expect(Set(missingByAction.keys) == Set(models.responses.keys), "every action of the models was called")
        for (action, missing) in missingByAction.sorted(by: { $0.key < $1.key }) {
            #expect(missing == Self.omitted[action] ?? [], "\(action) leaves out \(missing.sorted())")
        }
        for (action, fields) in models.requests {
            let a = try #require(OpenAPI.byName[action])
            #expect(Set(a.parameters).union(ApiParams.common).isSuperset(of: fields), "\(action) accepts its model")
            #expect(Set(a.parameters).isSubset(of: fields), "\(action) takes nothing beyond its model")
        }
    }

    @Test("Local actions: the clock and the console's reads, checked like the others")
    func localActions() throws {
        let f = try Fixture(options: .standard)
        let clock = try f.ok("LocalDescribeClock", [:])
        #expect(clock.keys == ["RequestId", "Now", "Generation", "Rules"])
        #expect(clock["Now"] == .string("2026-10-01T00:00:00Z") && clock["Rules"] == .string("seed"))
        #expect(try f.ok("LocalAdvanceClock", ["Span": "1d12h"])["Now"] == .string("2026-10-02T12:00:00Z"))
        #expect(try f.engine.now() == UTCTime.parse("2026-10-02T12:00:00Z"))
        let moved = try f.ok("LocalDescribeClock", [:])["Generation"]
        #expect(moved != clock["Generation"])
        #expect(throws: EngineError(.invalidDuration,
                                    "Span: \"soon\" is not a span: \"s\" has no number before it; write a span such as 90m, 36h, 7d, 2w, 1y or 1d12h (at most 100y).")) {
            try f.ok("LocalAdvanceClock", ["Span": "soon"])
        }
        #expect(OpenAPI.changesState("LocalAdvanceClock") && !OpenAPI.changesState("LocalAsk"))
    }

    @Test("LocalAsk: a question as its JSON, answered as the engine answers it; what a caller may not ask is refused with its code")
    func localAsk() throws {
        let f = try Fixture(options: .standard)
        func ask(_ name: String, _ body: String) -> EngineError? { f.refusal("LocalAsk", ["Query": name, "Body": body]) }
        let filter = InstanceFilter(set: .backup, regionID: "cn-hangzhou")
        let answer = try f.ok("LocalAsk", ["Query": InstanceIndexQuery.name, "Body": try StateQueries.encode(InstanceIndexQuery(filter))])
        let ids = try JSONDecoder().decode(InstanceIndex.self, from: Data(answer["Result"]!.compact().utf8)).map(\.id)
        let direct = try f.engine.instanceIndex(filter).map(\.id)
        #expect(!ids.isEmpty && ids == direct)
        #expect(ask("Everything", "{}")?.code == .invalidParametersFormat)
        #expect(ask(InstancesQuery.name, "[1,2]")?.code == .invalidParametersFormat, "not the query's shape")
        #expect(ask(InstanceIndexQuery.name, #"{"filter":{"set":"everything","order":{"key":"Id","descending":false}}}"#)?.code
                == .invalidParametersFormat)
        var mars = filter
        mars.regionID = "mars-1"
        #expect(ask(InstanceIndexQuery.name, try StateQueries.encode(InstanceIndexQuery(mars)))?.code == .invalidRegionFormat)
        let page = CrossRegionFilesQuery(instanceID: ids[0], query: FileQuery(kind: .data, limit: 5_000))
        #expect(ask(CrossRegionFilesQuery.name, try StateQueries.encode(page))?.code == .invalidParametersFormat)
        #expect(ask(ClockReportQuery.name, try StateQueries.encode(ClockReportQuery(from: 10, to: 5)))?.code == .invalidTime)
        for limit in [0, CostTotalsPartQuery.maxLimit + 1] {
            #expect(ask(CostTotalsPartQuery.name, try StateQueries.encode(CostTotalsPartQuery(filter, after: nil, limit: limit)))?.code
                    == .invalidParametersFormat)
        }
        let nowhere = CostTotalsPartQuery(filter, after: CostTotalsPosition(regionID: "mars-1", id: ids[0]), limit: 10)
        #expect(ask(CostTotalsPartQuery.name, try StateQueries.encode(nowhere))?.code == .invalidRegionFormat)
        let part = try f.ok("LocalAsk", ["Query": CostTotalsPartQuery.name,
                                         "Body": try StateQueries.encode(CostTotalsPartQuery(filter, after: nil, limit: 2))])
        let decoded = try JSONDecoder().decode(CostTotalsPart.self, from: Data(part["Result"]!.compact().utf8))
        #expect(decoded == (try Engine.open(path: f.path).costTotals(filter, after: nil, limit: 2)))
        // A value with an escaped control character, or a body nested past any query, is refused before it is decoded.
        #expect(ask(InstancesQuery.name, #"{"ids":["rm-\u001b]52;c;aGk=\u0007"]}"#)?.message.contains("control character") == true)
        #expect(ask(InstancesQuery.name, #"{"ids":["a\nb"]}"#)?.code == .invalidParametersFormat)
        #expect(ask(InstancesQuery.name, String(repeating: "[", count: 50))?.message.contains("nested") == true)
        let plain = try f.ok("LocalAsk", ["Query": InstancesQuery.name, "Body": #"{"ids":["rm-\u00e9\\n", "\#(ids[0])"]}"#])
        #expect(try JSONDecoder().decode([Instance].self, from: Data(plain["Result"]!.compact().utf8)).map(\.id) == [ids[0]],
                "an escaped letter or backslash is a value like any other (no such instance, so not in the answer)")
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
        #expect(e.httpStatus == 400)
        #expect(f.refusal("DescribeEverything", [:])?.code == .invalidActionNotFound)
        #expect(f.refusal("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "0"])?.code == .parametersInvalid)
        #expect(f.refusal("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "abc"])?.code == .parametersInvalid)
        #expect(f.refusal("DescribeCrossRegionLogBackupFiles", ["RegionId": "cn-hangzhou", "DBInstanceId": "x",
                                                                "StartTime": "yesterday", "EndTime": "2026-01-01T00:00:00Z"])?
            .code == .invalidStartTimeFormat)
        #expect(f.refusal("CreateDBInstance", ["RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "9.9",
                                               "DBInstanceClass": "x", "DBInstanceStorage": "100",
                                               "DBInstanceNetType": "Intranet", "PayType": "Postpaid",
                                               "SecurityIPList": "1.1.1.1"])?.code == .invalidEngineVersionMalformed)
        // The common parameters are accepted everywhere.
        #expect(f.refusal("DescribeAvailableCrossRegion", ["RegionId": "cn-hangzhou", "OwnerId": "1",
                                                           "ResourceOwnerAccount": "a", "ResourceOwnerId": "2",
                                                           "OwnerAccount": "b", "ResourceGroupId": "rg"]) == nil)
    }
}

@Suite("Refusals compared")
struct RefusalEqualityTests {
    @Test("A refusal equals another only with the same code, status and message; a code alone is its Code whatever the status")
    func equality() {
        let base = EngineError(.invalidDBInstanceIdNotFound, "No instance \"rm-x\".")
        #expect(base == EngineError(.invalidDBInstanceIdNotFound, "No instance \"rm-x\"."))
        #expect(base != EngineError(.invalidDBInstanceIdNotFound.answering(404), "No instance \"rm-x\"."), "another status")
        #expect(base != EngineError(.invalidDBInstanceIdNotFound, "No instance \"rm-y\"."), "another message")
        #expect(base.code == ErrorCode.invalidDBInstanceIdNotFound.answering(404))
        switch base.code {
        case .invalidDBInstanceNotFound: Issue.record("matched another Code")
        case .invalidDBInstanceIdNotFound: break
        default: Issue.record("did not match its own Code")
        }
    }
}
