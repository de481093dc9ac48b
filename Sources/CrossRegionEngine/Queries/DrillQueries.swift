/// The figures of a region's drill now, without its rows (DR Readiness, a row per region).
public struct DrillSummaryQuery: StateQuery {
    public static let name = "DrillSummary"
    public var region: String
    public var rpoTarget: Seconds?
    public var rtoTarget: Seconds?
    public init(region: String, rpoTarget: Seconds?, rtoTarget: Seconds?) {
        self.region = region
        self.rpoTarget = rpoTarget
        self.rtoTarget = rtoTarget
    }

    public func check(_ rules: RulesEdition) throws {
        guard rules.region(region) != nil else {
            throw EngineError(.invalidRegionFormat, "\(Shown(region)) is not a region of this state's rules (\(rules.rawValue)).")
        }
        for target in [rpoTarget, rtoTarget].compactMap({ $0 }) where !(1...Int64(Int32.max)).contains(target) {
            throw EngineError(.invalidParametersFormat, "A target is 1 to \(Int32.max) seconds; \(target) is not.")
        }
    }

    public func answer(_ engine: Engine) throws -> DrillReport.Summary {
        try engine.drillSummary(region: region, rpoTarget: rpoTarget, rtoTarget: rtoTarget)
    }
}
