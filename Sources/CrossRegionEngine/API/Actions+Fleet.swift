/// Instance and default-backup actions (reference §7; error tables A.11–A.20).
extension OpenAPI {
    static let fleetActions: [Action] = [
        Action(name: "CreateDBInstance", parameters: [
            "Amount", "AutoCreateProxy", "AutoPay", "AutoRenew", "AutoUpgradeMinorVersion", "AutoUseCoupon",
            "BabelfishConfig", "BpeEnabled", "BurstingEnabled", "BusinessInfo", "Category", "ClientToken",
            "ColdDataEnabled", "ConnectionMode", "ConnectionString", "CreateStrategy", "CustomExtraInfo",
            "DBInstanceClass", "DBInstanceDescription", "DBInstanceNetType", "DBInstanceStorage",
            "DBInstanceStorageType", "DBIsIgnoreCase", "DBParamGroupId", "DBTimeZone", "DedicatedHostGroupId",
            "DeletionProtection", "DryRun", "EncryptionKey", "Engine", "EngineVersion", "ExternalReplication",
            "InstanceNetworkType", "IoAccelerationEnabled", "OptimizedWrites", "PayType", "Period", "Port",
            "PrivateIpAddress", "PromotionCode", "RoleARN", "SecurityIPList", "ServerlessConfig",
            "StorageAutoScale", "StorageThreshold", "StorageUpperBound", "SystemDBCharset", "Tag",
            "TargetDedicatedHostIdForLog", "TargetDedicatedHostIdForMaster", "TargetDedicatedHostIdForSlave",
            "TargetMinorVersion", "UsedTime", "UserBackupId", "VPCId", "VSwitchId", "WhitelistTemplateList", "ZoneId",
            "ZoneIdSlave1", "ZoneIdSlave2",
        ], readOnly: false, malformed: .invalidParameter) { engine, p in
            let request = NewInstance(
                regionID: try p.region("RegionId")!, zoneID: p.string("ZoneId"), engine: try p.required("Engine"),
                engineVersion: try p.required("EngineVersion"), category: p.string("Category") ?? "HighAvailability",
                storageType: p.string("DBInstanceStorageType") ?? "local_ssd",
                instanceClass: try p.required("DBInstanceClass"),
                storageGB: try p.int("DBInstanceStorage", code: .invalidStorageFormat)
                    ?? { throw EngineError.missing("DBInstanceStorage") }(),
                description: p.string("DBInstanceDescription"),
                payType: try p.choice("PayType", NewInstance.payTypes) ?? { throw EngineError.missing("PayType") }(),
                netType: try p.choice("DBInstanceNetType", NewInstance.netTypes, code: .invalidDBInstanceNetTypeNotFound)
                    ?? { throw EngineError.missing("DBInstanceNetType") }(),
                vpcID: p.string("VPCId"), vSwitchID: p.string("VSwitchId"),
                securityIPList: try p.required("SecurityIPList"))
            try prepaidTerm(p, payType: request.payType)
            try networkOptions(p)
            try tags(p)
            _ = try p.int("Amount", in: 1...1, code: .invalidParameter)
            for flag in ["DBIsIgnoreCase", "DeletionProtection", "AutoPay", "AutoRenew", "StorageAutoScale"] {
                _ = try p.bool(flag)
            }
            try request.validate()
            if try p.bool("DryRun") == true {
                return [("DryRun", .bool(true)), ("DryRunResult", .bool(true)), ("Message", .string("The request passed the check; nothing was created."))]
            }
            let token = try clientToken(p)
            let answer = try engine.once(action: "CreateDBInstance", token: token, request: p.fingerprint(leaving: ["ClientToken"]),
                                         mismatch: .invalidRequestId) { tx in
                newInstanceAnswer(try tx.createInstance(request))
            }
            return answer.map { ($0.0, .string($0.1)) }
        },
        Action(name: "DeleteDBInstance", parameters: ["DBInstanceId", "ReleasedKeepPolicy"], readOnly: false,
               malformed: .parametersInvalid) { engine, p in
            let id = try p.required("DBInstanceId")
            _ = try p.choice("ReleasedKeepPolicy", ["None", "Lastest", "All"])
            let inst = try engine.releaseInstance(id: id, regionID: try p.region("RegionId", required: false))
            return [("RegionId", .string(inst.regionID))]
        },
        Action(name: "DescribeDBInstances", parameters: [
            "Category", "ClientToken", "ConnectionMode", "ConnectionString", "DBInstanceClass", "DBInstanceId",
            "DBInstanceStatus", "DBInstanceType", "DedicatedHostGroupId", "DedicatedHostId", "Engine",
            "EngineVersion", "Expired", "Filter", "InstanceLevel", "InstanceNetworkType", "MaxResults", "NextToken",
            "PageNumber", "PageSize", "PayType", "QueryAutoRenewal", "SearchKey", "Tags", "VSwitchId", "VpcId",
            "ZoneId", "proxyId",
        ], readOnly: true, malformed: .parametersInvalid) { engine, p in
            let status = p.string("DBInstanceStatus")
            var filter = InstanceFilter(
                set: status == InstanceStatus.released.rawValue ? .all : .live, regionID: try p.region("RegionId"),
                ids: p.string("DBInstanceId").map(splitIDs), engine: p.string("Engine"),
                engineVersion: p.string("EngineVersion"), status: status, zoneID: p.string("ZoneId"),
                searchKey: p.string("SearchKey"))
            filter.category = p.string("Category")
            filter.instanceClass = p.string("DBInstanceClass")
            filter.payType = try p.choice("PayType", ["Postpaid", "Prepaid"])
            filter.vpcID = p.string("VpcId")
            filter.vSwitchID = p.string("VSwitchId")
            // Every instance here is a primary, in a VPC, in standard mode, never expired and untagged.
            let type = try p.choice("DBInstanceType", ["Primary", "Readonly", "Guard", "Temp"],
                                    code: .invalidDBInstanceTypeValueNotSupport)
            let expired = try p.choice("Expired", ["True", "False", "true", "false"], code: .invalidExpiredFormat)
            let network = try p.choice("InstanceNetworkType", ["VPC", "Classic"])
            let mode = try p.choice("ConnectionMode", ["Standard", "Safe"])
            let tagged = try tagFilter(p)
            _ = try p.bool("QueryAutoRenewal")
            let none = (type ?? "Primary") != "Primary" || expired?.lowercased() == "true" || (network ?? "VPC") != "VPC"
                || (mode ?? "Standard") != "Standard" || tagged
            let level = try p.int("InstanceLevel", in: 0...1) ?? 0
            let tokenMode = p.has("MaxResults") || p.has("NextToken")
            let maxResults = try p.int("MaxResults", in: 1...100) ?? 30
            let page = try p.page()
            if tokenMode {
                let query = p.fingerprint(leaving: ["NextToken", "MaxResults", "PageSize", "PageNumber"])
                let secret = try engine.pageTokenSecret()
                if let token = p.string("NextToken"), !token.isEmpty {
                    guard let after = PageToken.open(token, query: query, secret: secret) else {
                        throw EngineError(.invalidNextToken, "NextToken \(Shown(token)) was not issued for this query.")
                    }
                    filter.afterID = after
                }
                let result = none ? InstancePage(total: 0, items: [], at: 0)
                    : try engine.instances(filter, offset: 0, limit: Int(maxResults) + 1)
                let items = Array(result.items.prefix(Int(maxResults)))
                let next = result.items.count > items.count ? PageToken.make(after: items.last!.id, query: query, secret: secret) : ""
                return [("PageNumber", .int(1)), ("PageRecordCount", .int(Int64(items.count))),
                        ("TotalRecordCount", .int(Int64(items.count))), ("NextToken", .string(next)),
                        ("Items", .wrapped("DBInstance", items.map { $0.listJSON(at: result.at, detailed: level == 1) }))]
            }
            let result = none ? InstancePage(total: 0, items: [], at: 0)
                : try engine.instances(filter, offset: page.offset, limit: page.size)
            // Page mode carries NextToken too (B.14): where a token-mode listing would go on from this page.
            let query = p.fingerprint(leaving: ["NextToken", "MaxResults", "PageSize", "PageNumber"])
            let more = page.offset + result.items.count < result.total
            let next = more ? PageToken.make(after: result.items.last!.id, query: query, secret: try engine.pageTokenSecret()) : ""
            return [("PageNumber", .int(page.number)), ("PageRecordCount", .int(Int64(result.items.count))),
                    ("TotalRecordCount", .int(Int64(result.total))), ("NextToken", .string(next)),
                    ("Items", .wrapped("DBInstance", result.items.map { $0.listJSON(at: result.at, detailed: level == 1) }))]
        },
        Action(name: "DescribeDBInstanceAttribute", parameters: ["DBInstanceId", "Expired"], readOnly: true,
               malformed: .parametersInvalid) { engine, p in
            let ids = splitIDs(try p.required("DBInstanceId"))
            _ = try p.choice("Expired", ["True", "False", "true", "false"], code: .invalidExpiredFormat)
            let now = try engine.now()
            let found = try ids.map { try engine.liveInstance(id: $0, regionID: try p.region("RegionId", required: false)) }
            return [("Items", .wrapped("DBInstanceAttribute", found.map { $0.attributeJSON(at: now) }))]
        },
        Action(name: "ModifyDBInstanceTDE", parameters: [
            "Certificate", "DBInstanceId", "DBName", "EncryptionKey", "IsRotate", "PassWord", "PrivateKey", "RoleArn",
            "TDEStatus",
        ], readOnly: false, malformed: .parametersInvalid) { engine, p in
            let id = try p.required("DBInstanceId")
            let region = try p.region("RegionId", required: false)
            switch try p.required("TDEStatus") {
            case "Enabled", "Enable", "1": try engine.enableTDE(id: id, regionID: region)
            case "Disabled", "Disable", "0":
                throw EngineError(.operationDeniedDBInstanceType, "TDE cannot be turned off once it is on for a MySQL instance.")
            case let v:
                throw EngineError(.parametersInvalid, "TDEStatus must be Enabled; \(Shown(v)) is not.")
            }
            return []
        },
        Action(name: "DescribeDBInstanceTDE", parameters: ["DBInstanceId"], readOnly: true) { engine, p in
            let inst = try engine.liveInstance(id: try p.required("DBInstanceId"), regionID: try p.region("RegionId", required: false))
            return [("TDEStatus", .string(inst.tdeEnabled ? "Enabled" : "Disabled")),
                    ("TDEMode", .string(inst.tdeEnabled ? "Aliyun_Generate_Key" : "Unknown")),
                    ("EncryptionKey", .string("")), ("Databases", .wrapped("Database", []))]
        },
        Action(name: "CreateBackup", parameters: [
            "BackupMethod", "BackupRetentionPeriod", "BackupStrategy", "BackupType", "DBInstanceId", "DBName",
        ], readOnly: false, malformed: .parametersInvalid) { engine, p in
            _ = try p.choice("BackupMethod", ["Physical", "Snapshot", "Logical"])
            _ = try p.choice("BackupType", ["FullBackup", "Auto"])
            _ = try p.choice("BackupStrategy", ["db", "instance"])
            _ = try p.int("BackupRetentionPeriod", in: 7...730)
            let id = try engine.createBackup(id: try p.required("DBInstanceId"), regionID: try p.region("RegionId", required: false))
            return [("BackupJobId", .string(String(id)))]
        },
        Action(name: "DescribeBackups", parameters: [
            "BackupId", "BackupMode", "BackupStatus", "BackupType", "DBInstanceId", "EndTime", "PageNumber",
            "PageSize", "StartTime",
        ], readOnly: true, recast: notFound404) { engine, p in
            let id = try p.required("DBInstanceId")
            let (from, to) = try backupTimes(p)
            let page = try p.page(sizes: [30, 50, 100], sizeCode: .invalidMaxRecordsPerPageMalformed,
                                  numberCode: .invalidPageNumbersMalformed)
            let mode = try p.choice("BackupMode", ["Automated", "Manual"])
            let status = try p.choice("BackupStatus", ["Success", "Failed"])
            let backupID = p.string("BackupId")
            _ = try p.choice("BackupType", ["FullBackup", "IncrementalBackup"])
            let inst = try engine.liveInstance(id: id, regionID: try p.region("RegionId", required: false))
            let all = try engine.localBackups(instanceID: id, from: from, to: to).filter {
                (mode == nil || $0.mode == mode) && status != "Failed" && (backupID == nil || String($0.id) == backupID)
                    && p.string("BackupType") != "IncrementalBackup"
            }
            let items = all.dropFirst(page.offset).prefix(page.size)
            return [("PageNumber", .string(String(page.number))), ("PageRecordCount", .string(String(items.count))),
                    ("TotalRecordCount", .string(String(all.count))), ("TotalEcsSnapshotSize", .int(0)),
                    ("Items", .wrapped("Backup", items.map { $0.json(of: inst) }))]
        },
        Action(name: "DescribeDetachedBackups", parameters: [
            "Region", "DBInstanceId", "BackupId", "BackupStatus", "BackupMode", "StartTime", "EndTime", "PageSize",
            "PageNumber",
        ], readOnly: true) { engine, p in
            let region = try p.region("Region")!
            let (from, to) = try backupTimes(p)
            let page = try p.page(sizes: [30, 50, 100])
            let mode = try p.choice("BackupMode", ["Automated", "Manual"])
            let status = try p.choice("BackupStatus", ["Success", "Failed"])
            let backupID = p.string("BackupId")
            let all = try engine.detachedBackups(regionID: region, instanceID: p.string("DBInstanceId"), from: from, to: to)
                .filter { (mode == nil || $0.1.mode == mode) && status != "Failed" && (backupID == nil || String($0.1.id) == backupID) }
            let items = all.dropFirst(page.offset).prefix(page.size)
            return [("PageNumber", .string(String(page.number))), ("PageRecordCount", .string(String(items.count))),
                    ("TotalRecordCount", .string(String(all.count))),
                    ("Items", .wrapped("Backup", items.map { $0.1.detachedJSON(of: $0.0) }))]
        },
        Action(name: "DescribeBackupPolicy", parameters: [
            "BackupPolicyMode", "CompressType", "DBInstanceId", "ReleasedKeepPolicy",
        ], readOnly: true, recast: notFound404) { engine, p in
            let inst = try engine.liveInstance(id: try p.required("DBInstanceId"), regionID: try p.region("RegionId", required: false))
            _ = try p.choice("BackupPolicyMode", ["DataBackupPolicy", "LogBackupPolicy"])
            let now = try engine.now()
            return inst.backupPolicyJSON(at: now)
        },
    ]

    /// `CrossBackupType` and `RetentType` of a policy change: each has one allowed value.
    static func checkFixedPolicy(_ p: ApiParams) throws {
        _ = try p.choice("CrossBackupType", ["1"])
        _ = try p.int("RetentType", in: 1...1)
    }

    static func splitIDs(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }

    /// `StartTime`/`EndTime` of the local-backup lists (`yyyy-MM-ddTHH:mmZ`); the end after the start.
    static func backupTimes(_ p: ApiParams) throws -> (Seconds?, Seconds?) {
        let from = try p.time("StartTime", code: .invalidStartTimeFormat)
        let to = try p.time("EndTime", code: .invalidEndTimeFormat)
        if let from, let to, to <= from {
            throw EngineError(.invalidParameterCombination,
                              "(EndTime \(UTCTime.format(to)), StartTime \(UTCTime.format(from))).")
        }
        return (from, to)
    }

    /// `Tag.N.Key`/`Tag.N.Value` of `CreateDBInstance`: checked (at most 20,
    /// keys not empty); tags are not kept.
    static func tags(_ p: ApiParams) throws {
        let keys = p.all.keys.filter { $0.hasPrefix("Tag.") && $0.hasSuffix(".Key") }
        if keys.count > 20 { throw EngineError(.numberExceedTags, "\(keys.count) tags were given.") }
        for k in keys where p.string(k)!.trimmingSpaces().isEmpty {
            throw EngineError(.invalidTagKeyMalformed, "\(k) is empty.")
        }
    }

    /// `Tags` of `DescribeDBInstances` (a JSON object or list, at most 5):
    /// true when a filter is given (no instance here carries tags). An empty
    /// list or object filters nothing (B.11: footmark and the Ansible modules
    /// send `Tags=[]` on every listing).
    static func tagFilter(_ p: ApiParams) throws -> Bool {
        guard let text = p.string("Tags"), !text.isEmpty else { return false }
        let count: Int
        switch try? JSONValue.parse(text) {
        case .object(let o): count = o.count
        case .array(let a): count = a.count
        default: throw EngineError(p.malformed, "Tags must be JSON such as {\"env\":\"prod\"}; \(Shown(text)) is not.")
        }
        guard count <= 5 else { throw EngineError(p.malformed, "Tags takes at most 5 tags; \(count) were given.") }
        return count > 0
    }
}
