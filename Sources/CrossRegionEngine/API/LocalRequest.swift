/// The console's questions that the OpenAPI cannot express, as the `Local*`
/// actions ask them: the action and parameter names, and how each value is
/// written, in one place for the client (`RemoteState`) and the server
/// (`OpenAPI.localActions`).
public enum LocalRequest: Sendable {
    case clock
    case advanceClock(Seconds)
    case setClock(Seconds)
    case instances(ids: [String])
    case instanceIndex(InstanceFilter)
    case costs(ids: [String])
    case crossRegionFiles(instanceID: String, query: FileQuery)
    case localBackups(instanceID: String)
    case localLogFiles(instanceID: String)
    case recoveryWindows(instanceID: String)
    case policyImpact(ids: [String], change: PolicyChange, regionID: String)
    case costTotals(InstanceFilter)
    case clockReport(from: Seconds, to: Seconds)
    case drill(region: String, at: Seconds?, rpoTarget: Seconds?, rtoTarget: Seconds?)
    case accountRehearsal

    /// The most instances `LocalDescribeInstances` reads in one request.
    public static let maxInstances = 1_000

    /// The action names.
    public enum Action: String, CaseIterable, Sendable {
        case describeClock = "LocalDescribeClock"
        case advanceClock = "LocalAdvanceClock"
        case setClock = "LocalSetClock"
        case describeInstances = "LocalDescribeInstances"
        case describeInstanceIndex = "LocalDescribeInstanceIndex"
        case describeCosts = "LocalDescribeCosts"
        case describeCrossRegionFiles = "LocalDescribeCrossRegionFiles"
        case describeLocalBackups = "LocalDescribeLocalBackups"
        case describeLocalLogFiles = "LocalDescribeLocalLogFiles"
        case describeRecoveryWindows = "LocalDescribeRecoveryWindows"
        case describePolicyImpact = "LocalDescribePolicyImpact"
        case describeCostTotals = "LocalDescribeCostTotals"
        case describeClockReport = "LocalDescribeClockReport"
        case describeDisasterRecoveryDrill = "LocalDescribeDisasterRecoveryDrill"
        case describeAccountPlan = "LocalDescribeAccountPlan"
    }

    /// The parameter names.
    public enum Name {
        public static let instanceID = "DBInstanceId"
        public static let span = "Span"
        public static let time = "Time"
        public static let from = "From"
        public static let to = "To"
        public static let kind = "Kind"
        public static let offset = "Offset"
        public static let limit = "Limit"
        public static let completedOnly = "CompletedOnly"
        // An instance filter, field by field.
        public static let set = "Set"
        public static let regionID = "RegionId"
        public static let searchKey = "SearchKey"
        public static let engine = "Engine"
        public static let engineVersion = "EngineVersion"
        public static let status = "DBInstanceStatus"
        public static let zoneID = "ZoneId"
        public static let category = "Category"
        public static let instanceClass = "DBInstanceClass"
        public static let payType = "PayType"
        public static let vpcID = "VpcId"
        public static let vSwitchID = "VSwitchId"
        public static let afterID = "AfterDBInstanceId"
        public static let sortBy = "SortBy"
        public static let sortOrder = "SortOrder"
        // A policy change, as ModifyInstanceCrossBackupPolicy names it.
        public static let backupEnabled = "BackupEnabled"
        public static let destination = "CrossBackupRegion"
        public static let retention = "Retention"
        public static let logBackupEnabled = "LogBackupEnabled"
        public static let change = [backupEnabled, destination, retention, logBackupEnabled]
        // A drill's time and targets, as its report names them.
        public static let at = "At"
        public static let rpoTarget = "RPOTargetSeconds"
        public static let rtoTarget = "RTOTargetSeconds"
        /// The policy fields with one allowed value, accepted with a change.
        public static let fixedPolicy = ["CrossBackupType", "RetentType"]
        public static let filter = [set, regionID, instanceID, searchKey, engine, engineVersion, status, zoneID, category,
                                    instanceClass, payType, vpcID, vSwitchID, afterID, sortBy, sortOrder]
    }

    public var action: Action {
        switch self {
        case .clock: return .describeClock
        case .advanceClock: return .advanceClock
        case .setClock: return .setClock
        case .instances: return .describeInstances
        case .instanceIndex: return .describeInstanceIndex
        case .costs: return .describeCosts
        case .crossRegionFiles: return .describeCrossRegionFiles
        case .localBackups: return .describeLocalBackups
        case .localLogFiles: return .describeLocalLogFiles
        case .recoveryWindows: return .describeRecoveryWindows
        case .policyImpact: return .describePolicyImpact
        case .costTotals: return .describeCostTotals
        case .clockReport: return .describeClockReport
        case .drill: return .describeDisasterRecoveryDrill
        case .accountRehearsal: return .describeAccountPlan
        }
    }

    public var parameters: [String: String] {
        switch self {
        case .clock, .accountRehearsal: return [:]
        case .advanceClock(let seconds): return [Name.span: "\(seconds)s"]
        case .setClock(let t): return [Name.time: UTCTime.format(t)]
        case .instances(let ids), .costs(let ids): return [Name.instanceID: ids.joined(separator: ",")]
        case .instanceIndex(let f), .costTotals(let f): return f.parameters
        case .clockReport(let from, let to): return [Name.from: UTCTime.format(from), Name.to: UTCTime.format(to)]
        case .crossRegionFiles(let id, let q):
            return [Name.instanceID: id, Name.kind: q.kind == .log ? "log" : "data", Name.offset: String(q.offset),
                    Name.limit: String(q.limit), Name.completedOnly: q.completedOnly ? "1" : "0"]
        case .localBackups(let id), .localLogFiles(let id), .recoveryWindows(let id): return [Name.instanceID: id]
        case .policyImpact(let ids, let change, let region):
            return change.parameters.merging([Name.instanceID: ids.joined(separator: ","), Name.regionID: region]) { $1 }
        case .drill(let region, let at, let rpo, let rto):
            var p = [Name.regionID: region]
            p[Name.at] = at.map(UTCTime.format)
            p[Name.rpoTarget] = rpo.map(String.init)
            p[Name.rtoTarget] = rto.map(String.init)
            return p
        }
    }
}

extension PolicyChange {
    typealias Name = LocalRequest.Name

    /// The fields that are set, by their ModifyInstanceCrossBackupPolicy names.
    public var parameters: [String: String] {
        var p: [String: String] = [:]
        p[Name.backupEnabled] = backupEnabled.map { $0 ? "1" : "0" }
        p[Name.destination] = destination
        p[Name.retention] = retentionDays.map(String.init)
        p[Name.logBackupEnabled] = logBackupEnabled.map { $0 ? "1" : "0" }
        return p
    }

    /// The change `parameters` (or a script) wrote; a bad value is refused with its documented code.
    init(_ p: ApiParams) throws {
        if let dest = p.string(Name.destination), p.rules.region(dest) == nil {
            throw EngineError(.invalidRegionFormat, "CrossBackupRegion \(Shown(dest)) is not a region.")
        }
        self.init(backupEnabled: try p.onOff(Name.backupEnabled), destination: p.string(Name.destination),
                  retentionDays: try p.string(Name.retention).map(PolicyChange.parseRetention),
                  logBackupEnabled: try p.onOff(Name.logBackupEnabled))
    }
}

extension InstanceFilter {
    typealias Name = LocalRequest.Name

    /// Every field that is set, by its parameter name.
    var parameters: [String: String] {
        var p = [Name.set: set.rawValue]
        p[Name.regionID] = regionID
        p[Name.instanceID] = ids?.joined(separator: ",")
        p[Name.searchKey] = searchKey
        p[Name.engine] = engine
        p[Name.engineVersion] = engineVersion
        p[Name.status] = status
        p[Name.zoneID] = zoneID
        p[Name.category] = category
        p[Name.instanceClass] = instanceClass
        p[Name.payType] = payType
        p[Name.vpcID] = vpcID
        p[Name.vSwitchID] = vSwitchID
        p[Name.afterID] = afterID
        if order != .byID {
            p[Name.sortBy] = order.key.rawValue
            p[Name.sortOrder] = order.descending ? "Desc" : "Asc"
        }
        return p
    }

    /// The filter `parameters` wrote.
    init(_ p: ApiParams) throws {
        let set = try p.choice(Name.set, Set.allCases.map(\.rawValue)).flatMap(Set.init) ?? .live
        self.init(set: set, regionID: try p.region(Name.regionID, required: false),
                  ids: p.string(Name.instanceID).map(OpenAPI.splitIDs), engine: p.string(Name.engine),
                  engineVersion: p.string(Name.engineVersion), status: p.string(Name.status), zoneID: p.string(Name.zoneID),
                  searchKey: p.string(Name.searchKey))
        category = p.string(Name.category)
        instanceClass = p.string(Name.instanceClass)
        payType = p.string(Name.payType)
        vpcID = p.string(Name.vpcID)
        vSwitchID = p.string(Name.vSwitchID)
        afterID = p.string(Name.afterID)
        if let key = try p.choice(Name.sortBy, InstanceOrder.Key.allCases.map(\.rawValue)).flatMap(InstanceOrder.Key.init) {
            order = InstanceOrder(key, descending: try p.choice(Name.sortOrder, ["Asc", "Desc"]) == "Desc")
        }
    }
}
