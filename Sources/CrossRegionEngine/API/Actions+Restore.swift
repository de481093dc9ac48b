import Foundation

/// Restore across regions (reference §5.3, §5.4, §6; error tables A.7–A.10, A.21).
extension OpenAPI {
    static let restoreActions: [Action] = [
        Action(name: "DescribeAvailableRecoveryTime", parameters: ["CrossBackupId", "DBInstanceId"],
               readOnly: true) { engine, p in
            guard let id = try p.int("CrossBackupId", in: 1...Int64.max, code: .invalidBackupSetIDNotFound) else {
                throw EngineError.missing("CrossBackupId")
            }
            let (inst, window) = try engine.recoveryWindow(backupSetID: id)
            let region = try p.region("RegionId", required: false)
            if let wanted = p.string("DBInstanceId"), wanted != inst.id { throw EngineError.backupSetNotFound(String(id)) }
            if let region, region != inst.regionID, region != window.backupSet.destination {
                throw EngineError(.invalidBackupSetIDNotFound,
                                  "Set \(id) belongs to \(inst.id) in \(inst.regionID) and is stored in \(window.backupSet.destination), not \(region).")
            }
            return [("RegionId", .string(inst.regionID)), ("CrossBackupId", .int(id)),
                    ("RecoveryBeginTime", .time(window.from)), ("RecoveryEndTime", .time(window.to))]
        },
        Action(name: "CheckCreateDdrDBInstance", parameters: [
            "BackupSetId", "DBInstanceClass", "DBInstanceStorage", "Engine", "EngineVersion", "RestoreTime",
            "RestoreType", "SourceDBInstanceName", "SourceRegion",
        ], readOnly: true, recast: notFound404.merging([
            .crossRegionUnsupportTDE: .crossRegionUnsupportTDE.answering(400),
        ]) { $1 }) { engine, p in
            var request = try restoreRequest(p, types: RestoreKind.checkTypes)
            request.instanceClass = try p.required("DBInstanceClass")
            guard request.storageGB != nil else { throw EngineError.missing("DBInstanceStorage") }
            _ = try engine.checkRestore(request)
            return [("IsValid", .string("true"))]
        },
        Action(name: "CreateDdrInstance", parameters: [
            "BackupSetId", "BackupSetRegion", "ClientToken", "ConnectionMode", "DBInstanceClass",
            "DBInstanceDescription", "DBInstanceNetType", "DBInstanceStorage", "DBInstanceStorageType", "EncryptionKey",
            "Engine", "EngineVersion", "InstanceNetworkType", "PayType", "Period", "PrivateIpAddress", "RestoreTime",
            "RestoreType", "RoleARN", "SecurityIPList", "SourceDBInstanceName", "SourceRegion", "SystemDBCharset",
            "UsedTime", "VPCId", "VSwitchId", "ZoneId",
        ], readOnly: false, malformed: .parametersInvalid) { engine, p in
            var request = try restoreRequest(p, types: RestoreKind.createTypes)
            request.instanceClass = p.string("DBInstanceClass")
            request.securityIPList = try p.required("SecurityIPList")
            request.payType = try p.choice("PayType", ["Postpaid", "Prepaid"]) ?? { throw EngineError.missing("PayType") }()
            try prepaidTerm(p, payType: request.payType)
            request.netType = try p.choice("DBInstanceNetType", ["Internet", "Intranet"],
                                           code: .invalidDBInstanceNetTypeNotFound)
                ?? { throw EngineError.missing("DBInstanceNetType") }()
            request.description = p.string("DBInstanceDescription")
            request.zoneID = p.string("ZoneId")
            request.vpcID = p.string("VPCId")
            request.vSwitchID = p.string("VSwitchId")
            try networkOptions(p)
            let token = try clientToken(p)
            let answer = try engine.once(action: "CreateDdrInstance", token: token, request: p.fingerprint(leaving: ["ClientToken"]),
                                         mismatch: .idempotentParameterMismatch) { tx in
                let (source, _) = try tx.planRestore(request)
                if let type = p.string("DBInstanceStorageType"), type != source.storageType {
                    throw EngineError(.invalidStorageType,
                                      "A restore keeps the source's storage type, \(source.storageType), not \(Shown(type)).")
                }
                if let setRegion = p.string("BackupSetRegion"), case .backupSet(let id) = request.source {
                    let (_, file) = try tx.dataFile(id: id)
                    guard setRegion == file.destination else {
                        throw EngineError(.invalidBackupSetIDNotFound, "Set \(id) is stored in \(file.destination), not \(Shown(setRegion)).")
                    }
                }
                return newInstanceAnswer(try tx.restore(request))
            }
            return answer.map { ($0.0, .string($0.1)) }
        },
        Action(name: "RestoreDdrTable", parameters: [
            "BackupId", "ClientToken", "DBInstanceId", "RestoreTime", "RestoreType", "SourceDBInstanceName",
            "SourceRegion", "TableMeta",
        ], readOnly: false, recast: notFound404) { engine, p in
            let targetID = try p.required("DBInstanceId")
            let source = try restoreSource(p, types: RestoreKind.checkTypes, setParameter: "BackupId")
            let tables = try TableMeta.parse(try p.required("TableMeta"))
            let token = try clientToken(p)
            let answer = try engine.once(action: "RestoreDdrTable", token: token, request: p.fingerprint(leaving: ["ClientToken"]),
                                         mismatch: .idempotentParameterMismatch) { tx in
                let target = try tx.instance(id: targetID)
                try p.regionMatches(target.regionID, notFound: .instanceNotFound(targetID, in: p.string("RegionId") ?? ""))
                return [("DBInstanceId", try tx.restore(into: targetID, from: source, tables: tables).id)]
            }
            return answer.map { ($0.0, .string($0.1)) }
        },
        Action(name: "DescribeCrossBackupMetaList", parameters: [
            "BackupSetId", "GetDbName", "Pattern", "PageSize", "PageIndex", "Region",
        ], readOnly: true, malformed: .invalidParametersFormat.answering(404)) { engine, p in
            let raw = try p.required("BackupSetId")
            guard let id = Int64(raw), id > 0 else { throw EngineError.backupSetNotFound(raw) }
            let (inst, window) = try engine.recoveryWindow(backupSetID: id)
            if let region = p.string("Region") {
                guard p.rules.region(region) != nil else {
                    throw EngineError(.invalidParametersFormat.answering(404), "Region \(Shown(region)) is not a region.")
                }
                guard region == inst.regionID || region == window.backupSet.destination else {
                    throw EngineError(.invalidBackupSetIDNotFound,
                                      "Set \(id) belongs to \(inst.id) in \(inst.regionID) and is stored in \(window.backupSet.destination), not \(region).")
                }
            }
            var dbs = inst.catalogue(at: window.backupSet.sourceEnd)
            var namesOnly = false
            if let exact = p.string("GetDbName") {
                dbs = dbs.filter { $0.name == exact }
            } else if let pattern = p.string("Pattern") {
                dbs = dbs.filter { $0.name.lowercased().contains(pattern.lowercased()) }
                namesOnly = true
            }
            let size = try p.int("PageSize", in: 1...1_000, code: .invalidPageSize) ?? 1
            let index = try p.int("PageIndex", in: 1...1_000_000, code: .invalidPageIndex)
            let total = dbs.count
            let perPage = index == nil ? max(total, 1) : Int(size)
            let page = Int(index ?? 1)
            let items = Array(dbs.dropFirst((page - 1) * perPage).prefix(perPage))
            return [("DBInstanceName", .string(inst.id)), ("PageNumber", .int(Int64(page))),
                    ("PageRecordCount", .int(Int64(items.count))),
                    ("TotalPageCount", .int(Int64((total + perPage - 1) / perPage))),
                    ("TotalRecordCount", .int(Int64(total))),
                    ("Items", .wrapped("Meta", items.map {
                        obj(("Database", .string($0.name)), ("Tables", .string(namesOnly ? "" : $0.tables.joined(separator: ","))),
                            ("Size", .string(String($0.sizeKB))))
                    }))]
        },
    ]

    /// The two vocabularies of `RestoreType` (reference §B.9).
    enum RestoreKind {
        /// `CheckCreateDdrDBInstance`, `RestoreDdrTable`: `0` a set, `1` a time; `0` when absent.
        static let checkTypes: [String: Bool] = ["0": true, "1": false]
        /// `CreateDdrInstance`: `BackupSet` or `BackupTime` (and the pre-2021 `0`/`1`); required.
        static let createTypes: [String: Bool] = ["BackupSet": true, "BackupTime": false, "0": true, "1": false]
    }

    /// The parts a restore check and a restore share.
    static func restoreRequest(_ p: ApiParams, types: [String: Bool]) throws -> RestoreRequest {
        let region = try p.region("RegionId")!
        let source = try restoreSource(p, types: types, setParameter: "BackupSetId")
        return RestoreRequest(destinationRegion: region, source: source, engine: try p.required("Engine"),
                              engineVersion: try p.required("EngineVersion"), instanceClass: nil,
                              storageGB: try p.int("DBInstanceStorage", code: .invalidStorageFormat))
    }

    /// A backup set (`RestoreType` 0 / `BackupSet`) or a point in time (1 / `BackupTime`).
    static func restoreSource(_ p: ApiParams, types: [String: Bool], setParameter: String) throws -> RestoreRequest.Source {
        let required = types["BackupSet"] != nil
        guard let rawType = p.string("RestoreType") ?? (required ? nil : "0") else {
            throw EngineError(.restoreTypeNotFound, "RestoreType is required: BackupSet or BackupTime.")
        }
        guard let fromSet = types[rawType] else {
            throw EngineError(.invalidRestoreTypeFormat,
                              "RestoreType \(Shown(rawType)) is none of \(types.keys.sorted().joined(separator: ", ")).")
        }
        if fromSet {
            guard let raw = p.string(setParameter), !raw.isEmpty else {
                throw EngineError(.noBaksetName, "RestoreType \(rawType) restores a backup set: give \(setParameter).")
            }
            guard let id = Int64(raw), id > 0 else { throw EngineError.backupSetNotFound(raw) }
            return .backupSet(id)
        }
        guard let instance = p.string("SourceDBInstanceName"), !instance.isEmpty else {
            throw EngineError(.noSourceInstanceName, "RestoreType \(rawType) restores a point in time of SourceDBInstanceName.")
        }
        guard p.has("RestoreTime") else { throw EngineError.missing("RestoreTime") }
        let time = try p.time("RestoreTime", code: .invalidRestoreTimeFormat)!
        return .pointInTime(instanceID: instance, sourceRegion: try p.region("SourceRegion", required: false), time: time)
    }

    /// `Period` and `UsedTime`, needed by `Prepaid` (Year 1–3, Month 1–9).
    static func prepaidTerm(_ p: ApiParams, payType: String) throws {
        guard payType == "Prepaid" else { return }
        guard let period = try p.choice("Period", ["Year", "Month"]) else {
            throw EngineError(.missingParameter, "PayType Prepaid needs Period (Year or Month) and UsedTime.")
        }
        let range: ClosedRange<Int64> = period == "Year" ? 1...3 : 1...9
        guard try p.int("UsedTime", in: range, code: .invalidUsedTime) != nil else {
            throw EngineError(.missingParameter, "PayType Prepaid needs UsedTime.")
        }
    }

    /// `InstanceNetworkType`, `ConnectionMode` and `SystemDBCharset`: checked, not modelled further.
    static func networkOptions(_ p: ApiParams) throws {
        if try p.choice("InstanceNetworkType", ["VPC", "Classic"]) == "Classic" {
            throw EngineError(.invalidInstanceNetworkType, "InstanceNetworkType must be VPC.")
        }
        _ = try p.choice("ConnectionMode", ["Standard", "Safe"])
        _ = try p.choice("SystemDBCharset", ["utf8", "gbk", "latin1", "utf8mb4"], code: .invalidCharacterSetNameFormat)
    }

    /// `ClientToken`: printable ASCII; documented as at most 64 characters,
    /// 128 accepted because Terraform sends 66 (reference §B.1, §C.9).
    static func clientToken(_ p: ApiParams) throws -> String? {
        guard let token = p.string("ClientToken") else { return nil }
        guard (1...128).contains(token.count), token.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw EngineError(p.malformed,
                              "ClientToken \(Shown(token)) must be printable ASCII, at most 64 characters as documented (128 are taken).")
        }
        return token
    }

    /// The answer of the actions that create an instance.
    static func newInstanceAnswer(_ inst: Instance) -> [(String, String)] {
        [("DBInstanceId", inst.id), ("OrderId", String(100_000_000_000 + inst.seq)),
         ("ConnectionString", inst.connectionString), ("Port", "3306")]
    }
}
