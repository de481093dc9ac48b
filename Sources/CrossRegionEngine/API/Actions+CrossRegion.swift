/// Cross-region backup policy and file actions (reference §4, §5; error tables A.1–A.6).
extension OpenAPI {
    static let crossRegionActions: [Action] = [
        Action(name: "DescribeAvailableCrossRegion", parameters: [], readOnly: true) { _, p in
            let region = try sourceRegion(p)
            return [("Regions", .wrapped("Region", p.rules.destinations(from: region.id).map(JSON.string)))]
        },
        Action(name: "ModifyInstanceCrossBackupPolicy", parameters: [
            "BackupEnabled", "CrossBackupRegion", "CrossBackupType", "DBInstanceId", "LogBackupEnabled", "RetentType",
            "Retention",
        ], readOnly: false, recast: notFound404, batchIsLocal: true) { engine, p in
            let region = try p.region("RegionId")!
            let ids = splitIDs(try p.required("DBInstanceId"))
            try checkFixedPolicy(p)
            let change = try PolicyChange(p)
            let changed = try engine.modifyPolicy(ids: ids, change: change, regionID: region)
            var fields = changed[0].policyJSON(withInstance: false)
            if changed.count > 1 {
                fields[0] = ("DBInstanceId", .string(changed.map(\.id).joined(separator: ",")))
                fields.append(("Items", .wrapped("Item", changed.map { obj($0.policyJSON(withInstance: false)) })))
            }
            return [("RegionId", .string(region))] + fields
        },
        Action(name: "DescribeInstanceCrossBackupPolicy", parameters: ["DBInstanceId"], readOnly: true) { engine, p in
            let region = try sourceRegion(p).id
            let inst = try engine.instance(id: try p.required("DBInstanceId"), in: region)
            let now = try engine.now()
            return [("RegionId", .string(inst.regionID))] + inst.policyJSON(withInstance: true, at: now)
        },
        Action(name: "DescribeCrossRegionBackupDBInstance", parameters: ["DBInstanceId", "PageNumber", "PageSize"],
               readOnly: true) { engine, p in
            let region = try sourceRegion(p).id
            let ids = p.string("DBInstanceId").map(splitIDs)
            if let ids, ids.count > 30 {
                throw EngineError(.invalidParametersFormat, "DBInstanceId takes at most 30 IDs; \(ids.count) were given.")
            }
            let page = try p.page()
            let result = try engine.instances(InstanceFilter(set: .backup, regionID: region, ids: ids),
                                              offset: page.offset, limit: page.size)
            return [("RegionId", .string(region)), ("PageNumber", .int(page.number)), ("PageSize", .int(Int64(page.size))),
                    ("ItemsNumbers", .int(Int64(result.items.count))), ("TotalRecords", .int(Int64(result.total))),
                    ("Items", .wrapped("Item", result.items.map { obj($0.policyJSON(withInstance: true, at: result.at)) }))]
        },
        Action(name: "DescribeCrossRegionBackups", parameters: [
            "BackupId", "CrossBackupId", "CrossBackupRegion", "DBInstanceId", "EndTime", "PageNumber", "PageSize",
            "StartTime",
        ], readOnly: true, recast: notFound404) { engine, p in
            let region = try sourceRegion(p).id
            let id = try p.required("DBInstanceId")
            let crossID = try p.int("CrossBackupId", in: 1...Int64.max)
            let (from, to) = try timeRange(p)
            guard crossID != nil || (from != nil && to != nil) else {
                throw EngineError(.parameterAbsence, "Give either CrossBackupId or both StartTime and EndTime.")
            }
            _ = try p.int("BackupId")
            let dest = try p.region("CrossBackupRegion", required: false)
            let page = try p.page(sizes: [30, 50, 100])
            let inst = try engine.instance(id: id, in: region)
            var items: [CrossRegionFile]
            var total: Int
            if let crossID {
                let file = try? engine.crossRegionBackup(id: crossID)
                let keep = file.map { (owner, f) in
                    owner.id == id && !f.isCopying && (dest == nil || f.destination == dest)
                        && (from.map { f.sourceStart >= $0 } ?? true) && (to.map { f.sourceStart <= $0 } ?? true)
                } ?? false
                items = keep && page.offset == 0 ? [file!.1] : []
                total = keep ? 1 : 0
            } else {
                let result = try engine.crossRegionFiles(
                    instanceID: id, query: FileQuery(kind: .data, from: from, to: to, destination: dest,
                                                     completedOnly: true, offset: page.offset, limit: page.size))
                (items, total) = (result.items, result.total)
            }
            return [("RegionId", .string(region)), ("StartTime", .time(from)), ("EndTime", .time(to)),
                    ("PageNumber", .int(page.number)), ("PageRecordCount", .int(Int64(items.count))),
                    ("TotalRecordCount", .int(Int64(total))),
                    ("Items", .wrapped("Item", items.map { $0.dataJSON(of: inst) }))]
        },
        Action(name: "DescribeCrossRegionLogBackupFiles", parameters: [
            "CrossBackupRegion", "DBInstanceId", "EndTime", "PageNumber", "PageSize", "StartTime",
        ], readOnly: true, recast: notFound404) { engine, p in
            let region = try sourceRegion(p).id
            let id = try p.required("DBInstanceId")
            guard p.has("StartTime"), p.has("EndTime") else {
                throw EngineError(.parameterAbsence, "StartTime and EndTime are both required.")
            }
            let (from, to) = try timeRange(p)
            let dest = try p.region("CrossBackupRegion", required: false)
            let page = try p.page(sizes: [30, 50, 100])
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

    /// `RegionId` of the cross-region actions: a known region (400
    /// `InvalidRegion.Format`) that can be a source (403 `CrossBackupNotSupport`).
    static func sourceRegion(_ p: ApiParams) throws -> Region {
        let region = Region.named(try p.region("RegionId")!)!
        guard p.rules.isSource(region.id) else {
            throw EngineError(.crossBackupNotSupport,
                              "\(region.displayName) (\(region.id)) cannot be the source of a cross-region backup.")
        }
        return region
    }

    /// `StartTime` and `EndTime` of the file queries; the end may not come before the start.
    static func timeRange(_ p: ApiParams) throws -> (Seconds?, Seconds?) {
        let from = try p.time("StartTime", code: .invalidStartTimeFormat)
        let to = try p.time("EndTime", code: .invalidEndTimeFormat)
        if let from, let to, to < from {
            throw EngineError(.invalidTimeFormat,
                              "EndTime \(UTCTime.format(to)) is earlier than StartTime \(UTCTime.format(from)).")
        }
        return (from, to)
    }
}

extension Engine {
    /// An instance a request with `RegionId` `regionID` reaches: one of its region, or of a
    /// region served by the same endpoint (B.10).
    func instance(id: String, in regionID: String) throws -> Instance {
        let inst = try instance(id: id)
        guard Region.sharesEndpoint(regionID, with: inst.regionID) else { throw EngineError.instanceNotFound(id, in: regionID) }
        return inst
    }
}

extension Instance {
    /// The policy fields of `DescribeInstanceCrossBackupPolicy` (§4.2), or of the
    /// `ModifyInstanceCrossBackupPolicy` answer (§4.1) without the instance fields.
    func policyJSON(withInstance: Bool, at now: Seconds = 0) -> [(String, JSON)] {
        var f: [(String, JSON)] = [("DBInstanceId", .string(id))]
        if withInstance {
            f += [("DBInstanceDescription", .string(description)), ("DBInstanceStatus", .string(status(at: now).rawValue)),
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
            ("CrossBackupDownloadLink", .string(inst.setsCanBeDownloaded ? Region.ossURL(destination, name) : "")),
            ("RestoreRegions", .wrapped("RestoreRegion", restoreRegions.map(JSON.string))))
    }

    func logJSON(of inst: Instance) -> JSON {
        obj(("CrossLogBackupId", .int(id)), ("CrossBackupRegion", .string(destination)),
            ("LogFileName", .string(name)), ("LogBeginTime", .time(sourceStart)), ("LogEndTime", .time(sourceEnd)),
            ("CrossLogBackupSize", .int(sizeBytes)), ("InstanceId", .int(hostInstanceID)),
            ("CrossDownloadLink", .string(inst.setsCanBeDownloaded ? Region.ossURL(destination, name) : "")),
            ("CrossIntranetDownloadLink", .string(inst.setsCanBeDownloaded ? Region.ossURL(destination, name, intranet: true) : "")),
            ("LinkExpiredTime", .time(expiresAt)))
    }
}
