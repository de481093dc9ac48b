/// The files copied and expired between two times (see `ClockReport`).
public struct ClockReportQuery: StateQuery {
    public static let name = "ClockReport"
    public var from: Seconds
    public var to: Seconds
    public init(from: Seconds, to: Seconds) {
        self.from = from
        self.to = to
    }

    public func check(_ rules: RulesEdition) throws {
        guard to >= from else { throw EngineError(.invalidTime, "To is before From.") }
    }

    public func answer(_ engine: Engine) throws -> ClockReport { try engine.clockReport(from: from, to: to) }
}
