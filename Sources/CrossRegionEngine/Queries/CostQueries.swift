/// The cost of each of these instances (unknown IDs are absent).
public struct CostsQuery: StateQuery {
    public static let name = "Costs"
    public var ids: [String]
    public init(ids: [String]) { self.ids = ids }

    public func check(_ rules: RulesEdition) throws { try QueryChecks.ids(ids) }

    public func answer(_ engine: Engine) throws -> [String: InstanceCost] { try engine.costs(instanceIDs: ids) }
}

/// The sums of the costs of every instance `filter` keeps.
public struct CostTotalsQuery: StateQuery {
    public static let name = "CostTotals"
    public var filter: InstanceFilter
    public init(_ filter: InstanceFilter) { self.filter = filter }

    public func check(_ rules: RulesEdition) throws { try QueryChecks.filter(filter, rules) }

    public func answer(_ engine: Engine) throws -> CostTotals { try engine.costTotals(filter) }
}

/// These instances with their costs, in the order given, in one read (an export's rows).
public struct InstancesWithCostsQuery: StateQuery {
    public static let name = "InstancesWithCosts"
    public var ids: [String]
    public init(ids: [String]) { self.ids = ids }

    public func check(_ rules: RulesEdition) throws { try QueryChecks.ids(ids) }

    public func answer(_ engine: Engine) throws -> [InstanceWithCost] { try engine.instancesWithCosts(ids: ids) }
}
