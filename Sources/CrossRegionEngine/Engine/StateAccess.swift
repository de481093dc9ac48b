/// What the console asks of the state. The engine over a local file answers
/// directly; `RemoteState` (in `RDSClient`) asks `rds-console serve` the same
/// questions over HTTP, so one console works on either.
///
/// A question is a `StateQuery` (`ask`); the methods below the protocol are its
/// everyday spellings. What is not a question is a method of its own: the clock,
/// the impact preview (a write rolled back, so it takes the write lock), the drill
/// (its own documented local action) and the changes.
public protocol StateAccess: AnyObject {
    /// The simulated time now.
    func now() throws -> Seconds
    /// The edition of the rules the state follows (regions, who qualifies).
    func rulesEdition() throws -> RulesEdition
    /// Moves whenever anyone changes the state (see `Engine.changeToken`).
    func changeToken() throws -> Int64
    /// The answer to a question of the state.
    func ask<Q: StateQuery>(_ query: Q) throws -> Q.Answer
    /// What `modifyPolicy` would do, changing nothing (see `PolicyImpact`).
    func policyImpact(ids: [String], change: PolicyChange, regionID: String?) throws -> PolicyImpact
    /// Applies `change` to all of `ids` or to none; returns the IDs it set, in the order given, each once.
    func changePolicy(ids: [String], change: PolicyChange, regionID: String?) throws -> [String]
    /// Restores into a new instance; returns it.
    func restore(_ request: RestoreRequest) throws -> Instance
    /// Restores databases into an instance that exists; returns it.
    func restore(_ tables: TableRestore) throws -> Instance
    func releaseInstance(id: String) throws -> Instance
    /// A disaster-recovery drill of a source region at `at` (nil: now); see `DrillReport`.
    func drill(region: String, at: Seconds?, rpoTarget: Seconds?, rtoTarget: Seconds?) throws -> DrillReport
    /// Moves the simulated clock on; returns the new time.
    func advanceClock(by seconds: Seconds) throws -> Seconds
    /// Where the state is served from (`host:port` of an `rds-console serve`); nil for a local file.
    var servedFrom: String? { get }
}

extension StateAccess {
    public func instance(id: String) throws -> Instance {
        guard let found = try ask(InstancesQuery(ids: [id])).first else { throw EngineError.instanceNotFound(id) }
        return found
    }

    /// The instances with these IDs (released ones too), in ID order.
    public func instances(ids: [String]) throws -> [Instance] { try ask(InstancesQuery(ids: ids)) }

    /// ID and description of every instance `filter` keeps, by ID.
    public func instanceIndex(_ filter: InstanceFilter) throws -> InstanceIndex { try ask(InstanceIndexQuery(filter)) }

    public func costs(instanceIDs: [String]) throws -> [String: InstanceCost] { try ask(CostsQuery(ids: instanceIDs)) }

    /// The sums of the costs of every instance `filter` keeps.
    public func costTotals(_ filter: InstanceFilter) throws -> CostTotals { try ask(CostTotalsQuery(filter)) }
    /// A part of those totals (see `Engine.costTotals(_:after:limit:)`).
    public func costTotals(_ filter: InstanceFilter, after: CostTotalsPosition?, limit: Int) throws -> CostTotalsPart {
        try ask(CostTotalsPartQuery(filter, after: after, limit: limit))
    }

    public func crossRegionFiles(instanceID: String, query: FileQuery) throws -> FilePage {
        try ask(CrossRegionFilesQuery(instanceID: instanceID, query: query))
    }

    public func localBackups(instanceID: String) throws -> [LocalBackup] { try ask(LocalBackupsQuery(instanceID: instanceID)) }
    public func localLogFiles(instanceID: String) throws -> [LocalLogFile] { try ask(LocalLogFilesQuery(instanceID: instanceID)) }
    public func recoveryWindows(instanceID: String) throws -> [RecoveryWindow] { try ask(RecoveryWindowsQuery(instanceID: instanceID)) }

    /// The files copied and expired between two times (see `ClockReport`).
    public func clockReport(from: Seconds, to: Seconds) throws -> ClockReport { try ask(ClockReportQuery(from: from, to: to)) }

    /// Where a pulled state came from and its plan; nil for a state made here.
    public func accountRehearsal() throws -> AccountRehearsal? { try ask(AccountRehearsalQuery()) }
}

extension Engine: StateAccess {
    public func rulesEdition() throws -> RulesEdition { rules }

    public var servedFrom: String? { nil }

    public func instances(ids: [String]) throws -> [Instance] { try InstancesQuery(ids: ids).answer(self) }

    public func releaseInstance(id: String) throws -> Instance { try releaseInstance(id: id, regionID: nil) }

    public func restore(_ tables: TableRestore) throws -> Instance {
        try restore(into: tables.targetID, from: tables.source, tables: tables.databases)
    }

    public func localBackups(instanceID: String) throws -> [LocalBackup] {
        try localBackups(instanceID: instanceID, from: nil, to: nil)
    }
}
