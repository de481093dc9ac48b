/// Where a pulled state came from and its plan; nil for a state made here.
public struct AccountRehearsalQuery: StateQuery {
    public static let name = "AccountRehearsal"
    public init() {}

    public func answer(_ engine: Engine) throws -> AccountRehearsal? { try engine.accountRehearsal() }
}
