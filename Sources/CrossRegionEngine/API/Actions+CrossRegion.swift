/// Cross-region backup policy and file actions (reference §4, §5).
extension OpenAPI {
    static let crossRegionActions: [Action] = [
        Action(name: "DescribeAvailableCrossRegion", parameters: ["RegionId"], readOnly: true) { _, p in
            let region = Region.named(try p.region("RegionId")!)!
            return [("Regions", .wrapped("Region", region.destinations.map(JSON.string)))]
        },
        Action(name: "ModifyInstanceCrossBackupPolicy", parameters: [
            "RegionId", "DBInstanceId", "BackupEnabled", "CrossBackupRegion", "CrossBackupType", "LogBackupEnabled",
            "RetentType", "Retention",
        ], readOnly: false) { engine, p in
            let region = try p.region("RegionId")!
            let ids = splitIDs(try p.required("DBInstanceId"))
            _ = try p.choice("CrossBackupType", ["1"])
            _ = try p.int("RetentType", in: 1...1)
            let change = PolicyChange(
                backupEnabled: try p.onOff("BackupEnabled"), destination: p.string("CrossBackupRegion"),
                retentionDays: try p.string("Retention").map(PolicyChange.parseRetention),
                logBackupEnabled: try p.onOff("LogBackupEnabled"))
            let changed = try engine.modifyPolicy(ids: ids, change: change, regionID: region)
            var fields = changed[0].policyJSON(withInstance: false)
            if changed.count > 1 {
                fields[0] = ("DBInstanceId", .string(changed.map(\.id).joined(separator: ",")))
                fields.append(("Items", .wrapped("Item", changed.map { obj($0.policyJSON(withInstance: false)) })))
            }
            return [("RegionId", .string(region))] + fields
        },
        Action(name: "DescribeInstanceCrossBackupPolicy", parameters: ["RegionId", "DBInstanceId"], readOnly: true) { engine, p in
            let region = try p.region("RegionId")!
            let inst = try engine.instance(id: try p.required("DBInstanceId"), in: region)
            let now = try engine.now()
            return [("RegionId", .string(inst.regionID))] + inst.policyJSON(withInstance: true, at: now)
        },
        Action(name: "DescribeCrossRegionBackupDBInstance", parameters: ["RegionId", "DBInstanceId", "PageSize", "PageNumber"],
               readOnly: true) { engine, p in
            let region = try p.region("RegionId")!
            let ids = p.string("DBInstanceId").map(splitIDs)
            if let ids, ids.count > 30 {
                throw EngineError("InvalidParameter", "The parameter DBInstanceId takes at most 30 IDs; \(ids.count) were given.")
            }
            let page = try p.page()
            let result = try engine.instances(InstanceFilter(set: .backup, regionID: region, ids: ids),
                                              offset: page.offset, limit: page.size)
            return [("RegionId", .string(region)), ("PageNumber", .int(page.number)), ("PageSize", .int(Int64(page.size))),
                    ("ItemsNumbers", .int(Int64(result.items.count))), ("TotalRecords", .int(Int64(result.total))),
                    ("Items", .wrapped("Item", result.items.map { obj($0.policyJSON(withInstance: true, at: result.at)) }))]
        },
        Action(name: "DescribeCrossRegionBackups", parameters: [
            "RegionId", "DBInstanceId", "CrossBackupId", "StartTime", "EndTime", "CrossBackupRegion", "BackupId",
            "PageSize", "PageNumber",
        ], readOnly: true) { engine, p in
            let region = try p.region("RegionId")!
            let id = try p.required("DBInstanceId")
            let crossID = try p.int("CrossBackupId", in: 1...Int64.max)
            let from = try p.time("StartTime", code: "InvalidStartTime.Malformed")
            let to = try p.time("EndTime", code: "InvalidEndTime.Malformed")
            guard crossID != nil || (from != nil && to != nil) else {
                throw EngineError("MissingParameter", "Give either CrossBackupId or both StartTime and EndTime.")
            }
            if let from, let to, to < from {
                throw EngineError("InvalidEndTime.Malformed", "Specified EndTime must not be earlier than StartTime.")
            }
            _ = try p.int("BackupId")
            let dest = try p.region("CrossBackupRegion", required: false)
            let page = try p.page()
            _ = try engine.instance(id: id, in: region)
            var items: [CrossRegionFile]
            var total: Int
            if let crossID {
                let (inst, file) = try engine.crossRegionBackup(id: crossID)
                let keep = inst.id == id && !file.isCopying && (dest == nil || file.destination == dest)
                    && (from.map { file.sourceStart >= $0 } ?? true) && (to.map { file.sourceStart <= $0 } ?? true)
                items = keep && page.offset == 0 ? [file] : []
                total = keep ? 1 : 0
            } else {
                let result = try engine.crossRegionFiles(
                    instanceID: id, query: FileQuery(kind: .data, from: from, to: to, destination: dest,
                                                     completedOnly: true, offset: page.offset, limit: page.size))
                (items, total) = (result.items, result.total)
            }
            let inst = try engine.instance(id: id)
            return [("RegionId", .string(region)), ("StartTime", .time(from)), ("EndTime", .time(to)),
                    ("PageNumber", .int(page.number)), ("PageRecordCount", .int(Int64(items.count))),
                    ("TotalRecordCount", .int(Int64(total))),
                    ("Items", .wrapped("Item", items.map { $0.dataJSON(of: inst) }))]
        },
        Action(name: "DescribeCrossRegionLogBackupFiles", parameters: [
            "RegionId", "DBInstanceId", "StartTime", "EndTime", "CrossBackupRegion", "PageSize", "PageNumber",
        ], readOnly: true) { engine, p in
            let region = try p.region("RegionId")!
            let id = try p.required("DBInstanceId")
            guard p.string("StartTime") != nil else { throw EngineError.missing("StartTime") }
            guard p.string("EndTime") != nil else { throw EngineError.missing("EndTime") }
            let from = try p.time("StartTime", code: "InvalidStartTime.Format")!
            let to = try p.time("EndTime", code: "InvalidEndTime.Format")!
            guard to >= from else {
                throw EngineError("InvalidEndTime.Format", "Specified end time is not valid: it is earlier than the start time.")
            }
            let dest = try p.region("CrossBackupRegion", required: false)
            let page = try p.page()
            let inst = try engine.instance(id: id, in: region)
            let result = try engine.crossRegionFiles(
                instanceID: id, query: FileQuery(kind: .log, from: from, to: to, destination: dest, completedOnly: true,
                                                 offset: page.offset, limit: page.size))
            return [("RegionId", .string(region)), ("DBInstanceId", .string(id)), ("StartTime", .time(from)),
                    ("EndTime", .time(to)), ("PageNumber", .int(page.number)),
                    ("PageRecordCount", .int(Int64(result.items.count))), ("TotalRecordCount", .int(Int64(result.total))),
                    ("Items", .wrapped("Item", result.items.map { $0.logJSON(of: inst) }))]
        },
    ]
}

extension Engine {
    /// An instance that must be in `regionID`.
    func instance(id: String, in regionID: String) throws -> Instance {
        let inst = try instance(id: id)
        guard inst.regionID == regionID else { throw EngineError.instanceNotFound(id, in: regionID) }
        return inst
    }
}

extension Instance {
    /// The policy fields of `DescribeInstanceCrossBackupPolicy` (§4.2), or of the
    /// `ModifyInstanceCrossBackupPolicy` answer (§4.1) without the instance fields.
    func policyJSON(withInstance: Bool, at now: Seconds = 0) -> [(String, JSON)] {
        var f: [(String, JSON)] = [("DBInstanceId", .string(id))]
        if withInstance {
            f += [("DBInstanceDescription", .string(description)), ("DBInstanceStatus", .string(status(at: now))),
                  ("Engine", .string(engine)), ("EngineVersion", .string(engineVersion)),
                  ("LockMode", .string(isReleased ? "Released" : "Unlock"))]
        }
        f += [("BackupEnabled", .enable(backupEnabled))]
        if withInstance { f.append(("BackupEnabledTime", .time(backupEnabled ? backupEnabledAt : nil))) }
        f += [("LogBackupEnabled", .enable(logBackupEnabled))]
        if withInstance { f.append(("LogBackupEnabledTime", .time(logBackupEnabled ? logBackupEnabledAt : nil))) }
        f += [("CrossBackupRegion", .string(backupRegion ?? "")), ("CrossBackupType", .string("1")),
              ("RetentType", .int(1)), ("Retention", .int(retentionDays))]
        return f
    }
}

extension CrossRegionFile {
    func dataJSON(of inst: Instance) -> JSON {
        obj(("CrossBackupId", .int(id)), ("CrossBackupRegion", .string(destination)),
            ("BackupStartTime", .time(sourceStart)), ("BackupEndTime", .time(sourceEnd)),
            ("ConsistentTime", .time(sourceEnd)), ("BackupType", .string("F")), ("BackupMethod", .string("P")),
            ("BackupSetScale", .int(0)), ("BackupSetStatus", .int(0)), ("Category", .string(inst.category)),
            ("DBInstanceStorageType", .string(inst.storageType)), ("Engine", .string(inst.engine)),
            ("EngineVersion", .string(inst.engineVersion)), ("InstanceId", .int(hostInstanceID)),
            ("CrossBackupSetFile", .string(name)), ("CrossBackupSetLocation", .string("oss")),
            ("CrossBackupSetSize", .int(sizeBytes)),
            ("CrossBackupDownloadLink", .string("https://\(destination).oss.example/\(name)")),
            ("RestoreRegions", .wrapped("RestoreRegion", restoreRegions.map(JSON.string))))
    }

    func logJSON(of inst: Instance) -> JSON {
        obj(("CrossLogBackupId", .int(id)), ("CrossBackupRegion", .string(destination)),
            ("LogFileName", .string(name)), ("LogBeginTime", .time(sourceStart)), ("LogEndTime", .time(sourceEnd)),
            ("CrossLogBackupSize", .int(sizeBytes)), ("InstanceId", .int(hostInstanceID)),
            ("CrossDownloadLink", .string("https://\(destination).oss.example/\(name)")),
            ("CrossIntranetDownloadLink", .string("https://\(destination)-internal.oss.example/\(name)")),
            ("LinkExpiredTime", .time(expiresAt)))
    }
}
