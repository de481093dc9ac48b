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

/// A part of the sums of the costs of every instance `filter` keeps (see `Engine.costTotals(_:after:limit:)`).
public struct CostTotalsPartQuery: StateQuery {
    public static let name = "CostTotalsPart"
    public var filter: InstanceFilter
    public var after: CostTotalsPosition?
    public var limit: Int
    /// The most instances a part may sum.
    public static let maxLimit = 100_000

    public init(_ filter: InstanceFilter, after: CostTotalsPosition?, limit: Int) {
        self.filter = filter
        self.after = after
        self.limit = limit
    }

    public func check(_ rules: RulesEdition) throws {
        try QueryChecks.filter(filter, rules)
        guard (1...Self.maxLimit).contains(limit) else {
            throw EngineError(.invalidParametersFormat, "A part of the totals sums 1 to \(Self.maxLimit) instances, not \(limit).")
        }
        if let after {
            try QueryChecks.id(after.id)
            guard rules.region(after.regionID) != nil else {
                throw EngineError(.invalidRegionFormat, "RegionId \(Shown(after.regionID)) is not a region.")
            }
        }
    }

    public func answer(_ engine: Engine) throws -> CostTotalsPart { try engine.costTotals(filter, after: after, limit: limit) }
}

/// These instances with their costs, in the order given, in one read (an export's rows).
public struct InstancesWithCostsQuery: StateQuery {
    public static let name = "InstancesWithCosts"
    public var ids: [String]
    public init(ids: [String]) { self.ids = ids }

    public func check(_ rules: RulesEdition) throws { try QueryChecks.ids(ids) }

    public func answer(_ engine: Engine) throws -> [InstanceWithCost] { try engine.instancesWithCosts(ids: ids) }
}
