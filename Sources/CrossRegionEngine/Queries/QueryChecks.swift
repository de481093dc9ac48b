/// The checks a query's values pass when it comes from an endpoint's caller: the same
/// bounds the OpenAPI's parameters have.
enum QueryChecks {
    /// At most this many instance IDs in one question (a console's marks over a large fleet).
    static let maxIDs = 1_000_000

    static func ids(_ ids: [String]) throws {
        guard ids.count <= maxIDs else {
            throw EngineError(.invalidParametersFormat, "\(ids.count) instance IDs were asked at once; at most \(maxIDs).")
        }
        if let long = ids.first(where: { $0.utf8.count > 64 }) {
            throw EngineError(.invalidParametersFormat, "\(Shown(long)) is not an instance ID.")
        }
    }

    static func id(_ id: String) throws { try ids([id]) }

    static func filter(_ f: InstanceFilter, _ rules: RulesEdition) throws {
        if let region = f.regionID, rules.region(region) == nil {
            throw EngineError(.invalidRegionFormat,
                              "RegionId \(Shown(region)) is not a region; known: \(rules.regions.map(\.id).joined(separator: ", ")).")
        }
        try ids(f.ids ?? [])
        let texts = [f.engine, f.engineVersion, f.status, f.zoneID, f.searchKey, f.category, f.instanceClass, f.payType,
                     f.vpcID, f.vSwitchID, f.afterID].compactMap { $0 }
        if let long = texts.first(where: { $0.utf8.count > 1_024 }) {
            throw EngineError(.invalidParametersFormat, "\(Shown(long)) is longer than a filter's value may be.")
        }
    }
}
