/// Instance and default-backup actions (reference §7).
extension OpenAPI {
    static let fleetActions: [Action] = [
        Action(name: "CreateDBInstance", parameters: [
            "RegionId", "ZoneId", "Engine", "EngineVersion", "DBInstanceClass", "DBInstanceStorage",
            "DBInstanceStorageType", "Category", "DBInstanceNetType", "PayType", "SecurityIPList",
            "DBInstanceDescription", "InstanceNetworkType", "VPCId", "VSwitchId", "ConnectionMode", "Period",
            "UsedTime", "ClientToken",
        ], readOnly: false) { engine, p in
            _ = try p.required("SecurityIPList")
            let request = NewInstance(
                regionID: try p.region("RegionId")!, zoneID: p.string("ZoneId"), engine: try p.required("Engine"),
                engineVersion: try p.required("EngineVersion"), category: p.string("Category") ?? "HighAvailability",
                storageType: p.string("DBInstanceStorageType") ?? "local_ssd",
                instanceClass: try p.required("DBInstanceClass"),
                storageGB: try p.int("DBInstanceStorage", code: "InvalidStorage.Format") ?? { throw EngineError.missing("DBInstanceStorage") }(),
                description: p.string("DBInstanceDescription"), payType: try p.required("PayType"),
                netType: try p.required("DBInstanceNetType"))
            let inst = try engine.createInstance(request)
            return [("DBInstanceId", .string(inst.id)), ("OrderId", .string(String(100_000_000_000 + inst.seq))),
                    ("ConnectionString", .string(inst.connectionString)), ("Port", .string("3306"))]
        },
        Action(name: "DeleteDBInstance", parameters: ["DBInstanceId", "RegionId", "ReleasedKeepPolicy"],
               readOnly: false) { engine, p in
            try engine.releaseInstance(id: try p.required("DBInstanceId"))
            return []
        },
        Action(name: "DescribeDBInstances", parameters: [
            "RegionId", "DBInstanceId", "Engine", "EngineVersion", "DBInstanceStatus", "DBInstanceType", "Category",
            "SearchKey", "ZoneId", "InstanceLevel", "PageSize", "PageNumber", "MaxResults", "NextToken", "PayType",
            "Expired", "Tags", "VpcId", "VSwitchId", "InstanceNetworkType", "ConnectionMode", "DBInstanceClass",
        ], readOnly: true) { engine, p in
            let page = try p.page()
            let status = p.string("DBInstanceStatus")
            let filter = InstanceFilter(
                set: status == "Released" ? .all : .live, regionID: try p.region("RegionId"),
                ids: p.string("DBInstanceId").map(splitIDs), engine: p.string("Engine"),
                engineVersion: p.string("EngineVersion"), status: status, zoneID: p.string("ZoneId"),
                searchKey: p.string("SearchKey"))
            let level = try p.int("InstanceLevel", in: 0...1) ?? 0
            let result = try engine.instances(filter, offset: page.offset, limit: page.size)
            return [("PageNumber", .int(page.number)), ("PageRecordCount", .int(Int64(result.items.count))),
                    ("TotalRecordCount", .int(Int64(result.total))),
                    ("Items", .wrapped("DBInstance", result.items.map { $0.listJSON(at: result.at, withCategory: level == 1) }))]
        },
        Action(name: "DescribeDBInstanceAttribute", parameters: ["DBInstanceId", "Expired", "Engine"],
               readOnly: true) { engine, p in
            let ids = splitIDs(try p.required("DBInstanceId"))
            let now = try engine.now()
            let found = try ids.map { try engine.instance(id: $0) }
            return [("Items", .wrapped("DBInstanceAttribute", found.map { $0.attributeJSON(at: now) }))]
        },
        Action(name: "ModifyDBInstanceTDE", parameters: ["DBInstanceId", "TDEStatus", "EncryptionKey", "RoleArn",
                                                         "DBName", "IsRotate"], readOnly: false) { engine, p in
            let id = try p.required("DBInstanceId")
            switch try p.required("TDEStatus") {
            case "Enabled", "Enable", "1": try engine.enableTDE(id: id)
            case "Disabled", "Disable", "0":
                throw EngineError("OperationDenied.TDE", "TDE cannot be disabled once it is enabled on a MySQL instance.", status: 403)
            case let v:
                throw EngineError("InvalidParameter", "The parameter TDEStatus must be Enabled; \"\(v)\" is not.")
            }
            return []
        },
        Action(name: "DescribeDBInstanceTDE", parameters: ["DBInstanceId"], readOnly: true) { engine, p in
            let inst = try engine.instance(id: try p.required("DBInstanceId"))
            return [("TDEStatus", .string(inst.tdeEnabled ? "Enabled" : "Disabled")),
                    ("TDEMode", .string(inst.tdeEnabled ? "Aliyun_Generate_Key" : "Unknown")),
                    ("EncryptionKey", .string("")), ("Databases", .wrapped("Database", []))]
        },
        Action(name: "CreateBackup", parameters: ["DBInstanceId", "BackupMethod", "BackupStrategy", "BackupType",
                                                  "DBName", "BackupRetentionPeriod"], readOnly: false) { engine, p in
            _ = try p.choice("BackupMethod", ["Physical", "Snapshot", "Logical"])
            _ = try p.choice("BackupType", ["FullBackup", "Auto"])
            let id = try engine.createBackup(id: try p.required("DBInstanceId"))
            return [("BackupJobId", .string(String(id)))]
        },
        Action(name: "DescribeBackups", parameters: ["DBInstanceId", "BackupId", "BackupStatus", "BackupMode",
                                                     "BackupType", "StartTime", "EndTime", "PageSize", "PageNumber",
                                                     "BackupLocation"], readOnly: true) { engine, p in
            let id = try p.required("DBInstanceId")
            let from = try p.time("StartTime", code: "InvalidStartTime.Malformed")
            let to = try p.time("EndTime", code: "InvalidEndTime.Malformed")
            if let from, let to, to <= from {
                throw EngineError("InvalidEndTime.Malformed", "Specified EndTime must be later than StartTime.")
            }
            let page = try p.page()
            let mode = try p.choice("BackupMode", ["Automated", "Manual"])
            let status = try p.choice("BackupStatus", ["Success", "Failed"])
            let backupID = p.string("BackupId")
            let inst = try engine.instance(id: id)
            let all = try engine.localBackups(instanceID: id, from: from, to: to).filter {
                (mode == nil || $0.mode == mode) && status != "Failed" && (backupID == nil || String($0.id) == backupID)
            }
            let items = all.dropFirst(page.offset).prefix(page.size)
            return [("PageNumber", .string(String(page.number))), ("PageRecordCount", .string(String(items.count))),
                    ("TotalRecordCount", .string(String(all.count))), ("TotalEcsSnapshotSize", .int(0)),
                    ("Items", .wrapped("Backup", items.map { $0.json(of: inst) }))]
        },
        Action(name: "DescribeBackupPolicy", parameters: ["DBInstanceId", "BackupPolicyMode", "CompressType",
                                                          "ReleasedKeepPolicy"], readOnly: true) { engine, p in
            let inst = try engine.instance(id: try p.required("DBInstanceId"))
            _ = try p.choice("BackupPolicyMode", ["DataBackupPolicy", "LogBackupPolicy"])
            let now = try engine.now()
            let window = inst.dailyBackup(day: 0).start
            let next = inst.dailyBackup(day: UTCTime.floorDiv(now - window, UTCTime.day) + 1).start
            return [("BackupRetentionPeriod", .int(7)),
                    ("PreferredBackupTime", .string("\(UTCTime.formatMinutes(window).suffix(6).dropLast())Z-\(UTCTime.formatMinutes(window + UTCTime.hour).suffix(6).dropLast())Z")),
                    ("PreferredBackupPeriod", .string("Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday")),
                    ("PreferredNextBackupTime", .string(UTCTime.formatMinutes(next))),
                    ("BackupLog", .string("Enable")), ("EnableBackupLog", .string("1")),
                    ("LogBackupRetentionPeriod", .int(7)), ("LocalLogRetentionHours", .int(18)),
                    ("LocalLogRetentionSpace", .string("30")), ("HighSpaceUsageProtection", .string("Enable")),
                    ("LogBackupLocalRetentionNumber", .int(60)), ("Category", .string("Standard")),
                    ("BackupMethod", .string("Physical")), ("CompressType", .string("4")),
                    ("ReleasedKeepPolicy", .string("None")), ("SupportReleasedKeep", .int(1))]
        },
    ]

    static func splitIDs(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
}

extension Instance {
    var connectionString: String { "\(id).mysql.rds.aliyuncs.com" }

    func listJSON(at now: Seconds, withCategory: Bool) -> JSON {
        var f: [(String, JSON)] = [
            ("DBInstanceId", .string(id)), ("DBInstanceDescription", .string(description)),
            ("DBInstanceStatus", .string(status(at: now))), ("Engine", .string(engine)),
            ("EngineVersion", .string(engineVersion)), ("DBInstanceStorageType", .string(storageType)),
            ("DBInstanceClass", .string(instanceClass)), ("DBInstanceType", .string("Primary")),
            ("RegionId", .string(regionID)), ("ZoneId", .string(zoneID)),
            ("LockMode", .string(isReleased ? "Released" : "Unlock")), ("LockReason", .string("")),
            ("PayType", .string(payType)), ("CreateTime", .time(createdAt)), ("ExpireTime", .string("")),
            ("InstanceNetworkType", .string("VPC")), ("DBInstanceNetType", .string(netType)),
            ("ConnectionMode", .string("Standard")), ("ConnectionString", .string(connectionString)),
            ("ResourceGroupId", .string("rg-default")), ("DeletionProtection", .bool(false)),
            ("MutriORsignle", .bool(false)), ("ReadOnlyDBInstanceIds", .wrapped("ReadOnlyDBInstanceId", [])),
        ]
        if withCategory { f.append(("Category", .string(category))) }
        return obj(f)
    }

    func attributeJSON(at now: Seconds) -> JSON {
        obj(("DBInstanceId", .string(id)), ("DBInstanceDescription", .string(description)),
            ("DBInstanceStatus", .string(status(at: now))), ("Engine", .string(engine)),
            ("EngineVersion", .string(engineVersion)), ("Category", .string(category)),
            ("DBInstanceStorageType", .string(storageType)), ("DBInstanceClass", .string(instanceClass)),
            ("DBInstanceStorage", .int(storageGB)), ("DBInstanceType", .string("Primary")),
            ("RegionId", .string(regionID)), ("ZoneId", .string(zoneID)), ("PayType", .string(payType)),
            ("CreationTime", .time(createdAt)), ("ExpireTime", .string("")),
            ("LockMode", .string(isReleased ? "Released" : "Unlock")), ("ConnectionString", .string(connectionString)),
            ("Port", .string("3306")), ("DBInstanceNetType", .string(netType)), ("InstanceNetworkType", .string("VPC")),
            ("ConnectionMode", .string("Standard")), ("MaintainTime", .string("18:00Z-22:00Z")),
            ("ResourceGroupId", .string("rg-default")))
    }
}

extension LocalBackup {
    func json(of inst: Instance) -> JSON {
        obj(("BackupId", .string(String(id))), ("DBInstanceId", .string(instanceID)),
            ("BackupStatus", .string("Success")), ("BackupStartTime", .time(start)), ("BackupEndTime", .time(end)),
            ("BackupType", .string("FullBackup")), ("BackupMode", .string(mode)), ("BackupMethod", .string("Physical")),
            ("BackupSize", .int(sizeBytes)), ("BackupInitiator", .string(initiator)),
            ("HostInstanceID", .string(String(inst.hostInstanceID))), ("IsAvail", .int(1)),
            ("ConsistentTime", .int(end)), ("Engine", .string(inst.engine)), ("EngineVersion", .string(inst.engineVersion)),
            ("StoreStatus", .string("Disabled")), ("MetaStatus", .string("OK")), ("StorageClass", .string("0")),
            ("Encryption", .string(inst.tdeEnabled ? "{\"TDE\":\"Enabled\"}" : "")),
            ("BackupDownloadURL", .string("")), ("BackupIntranetDownloadURL", .string("")),
            ("ExpectExpireTime", .time(expiresAt)))
    }
}
