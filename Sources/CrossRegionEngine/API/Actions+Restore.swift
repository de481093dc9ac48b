/// Restore across regions (reference §5.3, §6).
extension OpenAPI {
    static let restoreActions: [Action] = [
        Action(name: "DescribeAvailableRecoveryTime", parameters: ["CrossBackupId", "DBInstanceId", "RegionId"],
               readOnly: true) { engine, p in
            guard let id = try p.int("CrossBackupId", in: 1...Int64.max) else { throw EngineError.missing("CrossBackupId") }
            let (inst, window) = try engine.recoveryWindow(backupSetID: id)
            if let wanted = p.string("DBInstanceId"), wanted != inst.id { throw EngineError.backupSetNotFound(String(id)) }
            return [("RegionId", .string(inst.regionID)), ("CrossBackupId", .int(id)),
                    ("RecoveryBeginTime", .time(window.from)), ("RecoveryEndTime", .time(window.to))]
        },
        Action(name: "CheckCreateDdrDBInstance", parameters: [
            "RegionId", "Engine", "EngineVersion", "DBInstanceClass", "DBInstanceStorage", "RestoreType",
            "BackupSetId", "RestoreTime", "SourceRegion", "SourceDBInstanceName",
        ], readOnly: true) { engine, p in
            let request = try restoreRequest(p, typeValues: ["0": true, "1": false])
            do {
                _ = try engine.checkRestore(request)
                return [("IsValid", .string("true"))]
            } catch let e as EngineError where e.httpStatus == 403 {
                // A restore the rules refuse: valid request, answer "false".
                return [("IsValid", .string("false"))]
            }
        },
        Action(name: "CreateDdrInstance", parameters: [
            "RegionId", "Engine", "EngineVersion", "DBInstanceClass", "DBInstanceStorage", "DBInstanceStorageType",
            "DBInstanceNetType", "PayType", "Period", "UsedTime", "SecurityIPList", "RestoreType", "BackupSetId",
            "BackupSetRegion", "RestoreTime", "SourceRegion", "SourceDBInstanceName", "InstanceNetworkType", "VPCId",
            "VSwitchId", "ZoneId", "PrivateIpAddress", "ConnectionMode", "SystemDBCharset", "DBInstanceDescription",
            "ClientToken", "EncryptionKey", "RoleARN",
        ], readOnly: false) { engine, p in
            _ = try p.required("SecurityIPList")
            var request = try restoreRequest(p, typeValues: ["BackupSet": true, "BackupTime": false, "0": true, "1": false])
            request.payType = try p.choice("PayType", ["Postpaid", "Prepaid"]) ?? { throw EngineError.missing("PayType") }()
            request.netType = try p.choice("DBInstanceNetType", ["Internet", "Intranet"])
                ?? { throw EngineError.missing("DBInstanceNetType") }()
            request.description = p.string("DBInstanceDescription")
            let inst = try engine.restore(request)
            return [("DBInstanceId", .string(inst.id)), ("OrderId", .string(String(100_000_000_000 + inst.seq))),
                    ("ConnectionString", .string(inst.connectionString)), ("Port", .string("3306"))]
        },
        Action(name: "RestoreDdrTable", parameters: [
            "RegionId", "DBInstanceId", "RestoreType", "BackupId", "RestoreTime", "SourceRegion",
            "SourceDBInstanceName", "TableMeta", "ClientToken",
        ], readOnly: false) { engine, p in
            let region = try p.region("RegionId")!
            let target = try engine.instance(id: try p.required("DBInstanceId"), in: region)
            let source = try restoreSource(p, typeValues: ["0": true, "1": false], setParameter: "BackupId")
            try engine.restore(into: target.id, from: source)
            return [("DBInstanceId", .string(target.id))]
        },
    ]

    /// The parts a restore check and a restore share; `typeValues` maps
    /// `RestoreType` values to "from a backup set" (true) or "to a time" (false).
    static func restoreRequest(_ p: ApiParams, typeValues: [String: Bool]) throws -> RestoreRequest {
        let region = try p.region("RegionId")!
        let source = try restoreSource(p, typeValues: typeValues, setParameter: "BackupSetId")
        return RestoreRequest(destinationRegion: region, source: source, engine: try p.required("Engine"),
                              engineVersion: try p.required("EngineVersion"),
                              instanceClass: try p.required("DBInstanceClass"),
                              storageGB: try p.int("DBInstanceStorage", code: "InvalidStorage.Format")
                                  ?? { throw EngineError.missing("DBInstanceStorage") }())
    }

    /// A backup set (`RestoreType` 0 / `BackupSet`) or a point in time (1 / `BackupTime`).
    static func restoreSource(_ p: ApiParams, typeValues: [String: Bool], setParameter: String) throws
        -> RestoreRequest.Source
    {
        let rawType = p.string("RestoreType") ?? (typeValues["BackupSet"] == nil ? "0" : "")
        guard let fromSet = typeValues[rawType] else {
            if rawType.isEmpty { throw EngineError.missing("RestoreType") }
            throw EngineError("InvalidRestoreType.Format",
                              "Specified restore type is not valid: \"\(rawType)\" (\(typeValues.keys.sorted().joined(separator: ", "))).")
        }
        if fromSet {
            let raw = try p.required(setParameter)
            guard let id = Int64(raw), id > 0 else { throw EngineError.backupSetNotFound(raw) }
            return .backupSet(id)
        }
        guard p.string("RestoreTime") != nil else { throw EngineError.missing("RestoreTime") }
        let time = try p.time("RestoreTime", code: "InvalidRestoreTime.Format")!
        return .pointInTime(instanceID: try p.required("SourceDBInstanceName"),
                            sourceRegion: try p.region("SourceRegion"), time: time)
    }
}
