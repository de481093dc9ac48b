/// The console's questions that the OpenAPI cannot express, as the `Local*`
/// actions ask them: the action and parameter names, and how each value is
/// written, in one place for the client (`RemoteState`) and the server
/// (`OpenAPI.localActions`).
public enum LocalRequest: Sendable {
    case clock
    case advanceClock(Seconds)
    case setClock(Seconds)
    /// A question of the state (`StateQuery`): its name and its JSON.
    case ask(query: String, body: String)
    case policyImpact(ids: [String], change: PolicyChange, regionID: String?)
    /// The console's batch: any number of instances, of one region or several, in one transaction.
    case modifyPolicy(ids: [String], change: PolicyChange, regionID: String?)
    case drill(region: String, at: Seconds?, rpoTarget: Seconds?, rtoTarget: Seconds?)

    /// The action names.
    public enum Action: String, CaseIterable, Sendable {
        case describeClock = "LocalDescribeClock"
        case advanceClock = "LocalAdvanceClock"
        case setClock = "LocalSetClock"
        case ask = "LocalAsk"
        case describePolicyImpact = "LocalDescribePolicyImpact"
        case modifyPolicy = "LocalModifyInstanceCrossBackupPolicy"
        case describeDisasterRecoveryDrill = "LocalDescribeDisasterRecoveryDrill"
    }

    /// The parameter names.
    public enum Name {
        public static let instanceID = "DBInstanceId"
        public static let query = "Query"
        public static let body = "Body"
        public static let regionID = "RegionId"
        public static let span = "Span"
        public static let time = "Time"
        public static let backupEnabled = "BackupEnabled"
        public static let destination = "CrossBackupRegion"
        public static let retention = "Retention"
        public static let logBackupEnabled = "LogBackupEnabled"
        /// A batch across regions: `source:destination` pairs, comma-separated (`Local*` actions only).
        public static let destinationBySource = "CrossBackupRegionBySource"
        public static let change = [backupEnabled, destination, retention, logBackupEnabled]
        // A drill's time and targets, as its report names them.
        public static let at = "At"
        public static let rpoTarget = "RPOTargetSeconds"
        public static let rtoTarget = "RTOTargetSeconds"
        /// The policy fields with one allowed value, accepted with a change.
        public static let fixedPolicy = ["CrossBackupType", "RetentType"]
    }

    public var action: Action {
        switch self {
        case .clock: return .describeClock
        case .advanceClock: return .advanceClock
        case .setClock: return .setClock
        case .ask: return .ask
        case .policyImpact: return .describePolicyImpact
        case .modifyPolicy: return .modifyPolicy
        case .drill: return .describeDisasterRecoveryDrill
        }
    }

    public var parameters: [String: String] {
        switch self {
        case .clock: return [:]
        case .advanceClock(let seconds): return [Name.span: "\(seconds)s"]
        case .setClock(let t): return [Name.time: UTCTime.format(t)]
        case .ask(let query, let body): return [Name.query: query, Name.body: body]
        case .policyImpact(let ids, let change, let region), .modifyPolicy(let ids, let change, let region):
            var p = change.parameters
            p[Name.instanceID] = ids.joined(separator: ",")
            p[Name.regionID] = region
            return p
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
        if !destinationBySource.isEmpty {
            p[Name.destinationBySource] = destinationBySource.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }
                .joined(separator: ",")
        }
        return p
    }

    /// The change `parameters` (or a script) wrote; a bad value is refused with its documented code.
    /// `bySource`: the action reads `CrossBackupRegionBySource` (a `Local*` one; the cloud's never does).
    init(_ p: ApiParams, bySource: Bool = false) throws {
        if let dest = p.string(Name.destination), p.rules.region(dest) == nil {
            throw EngineError(.invalidRegionFormat, "CrossBackupRegion \(Shown(dest)) is not a region.")
        }
        var bySourceRegion: [String: String] = [:]
        if bySource, let text = p.string(Name.destinationBySource) {
            for pair in text.split(separator: ",") {
                let parts = pair.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2, p.rules.region(parts[0]) != nil, p.rules.region(parts[1]) != nil,
                      bySourceRegion.updateValue(parts[1], forKey: parts[0]) == nil else {
                    throw EngineError(.invalidRegionFormat,
                                      "\(Name.destinationBySource) holds \(Shown(String(pair))): give SOURCE:DESTINATION pairs of regions, each source once.")
                }
            }
        }
        self.init(backupEnabled: try p.onOff(Name.backupEnabled), destination: p.string(Name.destination),
                  retentionDays: try p.string(Name.retention).map(PolicyChange.parseRetention),
                  logBackupEnabled: try p.onOff(Name.logBackupEnabled), destinationBySource: bySourceRegion)
    }
}
