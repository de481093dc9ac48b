/// What the console asks of the state. The engine over a local file answers
/// directly; `RemoteState` (in `RDSClient`) asks `rds-console serve` the same
/// questions over HTTP, so one console works on either.
public protocol StateAccess: AnyObject {
    /// The simulated time now.
    func now() throws -> Seconds
    /// The edition of the rules the state follows (regions, who qualifies).
    func rulesEdition() throws -> RulesEdition
    /// Moves whenever anyone changes the state (see `Engine.changeToken`).
    func changeToken() throws -> Int64
    func instance(id: String) throws -> Instance
    /// The instances with these IDs (released ones too), in ID order.
    func instances(ids: [String]) throws -> [Instance]
    /// ID and description of every instance `filter` keeps, by ID.
    func instanceIndex(_ filter: InstanceFilter) throws -> [(id: String, description: String)]
    func costs(instanceIDs: [String]) throws -> [String: InstanceCost]
    /// The sums of the costs of every instance `filter` keeps.
    func costTotals(_ filter: InstanceFilter) throws -> CostTotals
    func crossRegionFiles(instanceID: String, query: FileQuery) throws -> FilePage
    func localBackups(instanceID: String) throws -> [LocalBackup]
    func localLogFiles(instanceID: String) throws -> [LocalLogFile]
    func recoveryWindows(instanceID: String) throws -> [RecoveryWindow]
    /// What `modifyPolicy` would do, changing nothing (see `PolicyImpact`).
    func policyImpact(ids: [String], change: PolicyChange, regionID: String?) throws -> PolicyImpact
    /// Applies `change` to all of `ids` or to none; returns the instances it changed.
    func modifyPolicy(ids: [String], change: PolicyChange, regionID: String?) throws -> [Instance]
    /// Restores into a new instance; returns it.
    func restore(_ request: RestoreRequest) throws -> Instance
    /// Restores databases into an instance that exists; returns it.
    func restore(_ tables: TableRestore) throws -> Instance
    func releaseInstance(id: String) throws -> Instance
    /// A disaster-recovery drill of a source region at `at` (nil: now); see `DrillReport`.
    func drill(region: String, at: Seconds?, rpoTarget: Seconds?, rtoTarget: Seconds?) throws -> DrillReport
    /// The files copied and expired between two times (see `ClockReport`).
    func clockReport(from: Seconds, to: Seconds) throws -> ClockReport
    /// Moves the simulated clock on; returns the new time.
    func advanceClock(by seconds: Seconds) throws -> Seconds
    /// Where a pulled state came from and its plan; nil for a state made here.
    func accountRehearsal() throws -> AccountRehearsal?
}

extension Engine: StateAccess {
    public func rulesEdition() throws -> RulesEdition { rules }

    public func instances(ids: [String]) throws -> [Instance] {
        guard !ids.isEmpty else { return [] }
        return try instances(InstanceFilter(set: .all, ids: ids), limit: ids.count).items
    }

    public func releaseInstance(id: String) throws -> Instance { try releaseInstance(id: id, regionID: nil) }

    public func restore(_ tables: TableRestore) throws -> Instance {
        try restore(into: tables.targetID, from: tables.source, tables: tables.databases)
    }

    public func localBackups(instanceID: String) throws -> [LocalBackup] {
        try localBackups(instanceID: instanceID, from: nil, to: nil)
    }
}
