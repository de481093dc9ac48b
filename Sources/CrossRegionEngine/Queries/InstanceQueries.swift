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

/// One row of an instance index: what a view needs to filter and page a long list.
public struct InstanceIndexEntry: Sendable, Codable, Equatable {
    public var id: String
    public var description: String
}

/// ID and description of every instance `filter` keeps, in the filter's order.
public struct InstanceIndexQuery: StateQuery {
    public static let name = "InstanceIndex"
    public var filter: InstanceFilter
    public init(_ filter: InstanceFilter) { self.filter = filter }

    public func check(_ rules: RulesEdition) throws { try QueryChecks.filter(filter, rules) }

    public func answer(_ engine: Engine) throws -> [InstanceIndexEntry] {
        try engine.instanceIndex(filter).map { InstanceIndexEntry(id: $0.id, description: $0.description) }
    }
}
