/// The instances with these IDs (released ones too), in ID order; unknown IDs are absent.
public struct InstancesQuery: StateQuery {
    public static let name = "Instances"
    public var ids: [String]
    public init(ids: [String]) { self.ids = ids }

    public func check(_ rules: RulesEdition) throws { try QueryChecks.ids(ids) }

    public func answer(_ engine: Engine) throws -> [Instance] {
        guard !ids.isEmpty else { return [] }
        return try engine.instances(InstanceFilter(set: .all, ids: ids), limit: ids.count).items
    }
}

/// ID and description of every instance `filter` keeps, in the filter's order.
public struct InstanceIndexQuery: StateQuery {
    public static let name = "InstanceIndex"
    public var filter: InstanceFilter
    public init(_ filter: InstanceFilter) { self.filter = filter }

    public func check(_ rules: RulesEdition) throws { try QueryChecks.filter(filter, rules) }

    public func answer(_ engine: Engine) throws -> InstanceIndex { try engine.instanceIndex(filter) }
}
