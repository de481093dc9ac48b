import Foundation

/// The engine's whole surface in the RDS OpenAPI's own terms: an action name
/// and string parameters in, the documented JSON out (or an Alibaba-style
/// error). The `api` command and any network endpoint call this one type.
public struct OpenAPI: Sendable {
    public let engine: Engine
    public let dialect: Dialect

    /// Which actions answer, and how.
    public enum Dialect: Sendable {
        /// The cloud's actions and rds-console's own (`Local*`, a batch of
        /// instances on `ModifyInstanceCrossBackupPolicy`).
        case full
        /// What the cloud itself answers, as a stand-in for it (`serve
        /// --openapi-only`): a `Local*` action is an unknown API, and an action
        /// that takes one instance takes one.
        case cloud
    }

    public init(engine: Engine, dialect: Dialect = .full) {
        self.engine = engine
        self.dialect = dialect
    }

    /// What one action takes and does.
    struct Action: Sendable {
        let name: String
        /// The request fields of the action's SDK model (`sdk-models.json`),
        /// beside `ApiParams.common`.
        let parameters: [String]
        /// `Describe*`/`Check*` and the other reads.
        let readOnly: Bool
        /// The code this action documents for a malformed value.
        var malformed: ErrorCode = .invalidParametersFormat
        /// The action's own code for a case the engine names generically
        /// (by the engine's code), e.g. a 404 not-found where the engine says 400.
        var recast: [ErrorCode: ErrorCode] = [:]
        /// The cloud takes one instance in `DBInstanceId`; a comma-separated
        /// batch is rds-console's own extension.
        var batchIsLocal = false
        let run: @Sendable (Engine, ApiParams) throws -> [(String, JSON)]
    }

    /// The documented not-found of the actions whose table has the 404 row (§C.2).
    ///
    /// (`Local*` actions are rds-console's own: `Action.isLocal`.)
    static let notFound404: [ErrorCode: ErrorCode] = [.invalidDBInstanceIdNotFound: .invalidDBInstanceNotFound]

    static let actions: [Action] = fleetActions + crossRegionActions + restoreActions + localActions
    static let byName: [String: Action] = Dictionary(uniqueKeysWithValues: actions.map { ($0.name, $0) })
    /// What each action takes: its model's parameters and the common ones.
    static let known: [String: Set<String>] = byName.mapValues { Set($0.parameters).union(ApiParams.common) }

    /// Every action name, sorted.
    public static var actionNames: [String] { actions.map(\.name).sorted() }

    /// Whether `action` is one that may change the state (what a read-only key may not call).
    public static func changesState(_ action: String) -> Bool { byName[action].map { !$0.readOnly } ?? false }

    /// Whether `action` is known to change nothing (what a client may safely send twice).
    public static func isKnownRead(_ action: String) -> Bool { byName[action]?.readOnly ?? false }

    /// The parameter names `action` does not know (neither in its SDK model nor
    /// common): accepted, as the real gateway accepts them, but worth a warning (R9.2).
    public static func unknownParameters(of action: String, in names: some Sequence<String>) -> [String] {
        guard let known = known[action] else { return [] }
        // A list parameter of the model travels flattened: Tag.1.Key, Tag.1.Value.
        return names.filter { !known.contains($0) && !known.contains(String($0.prefix { $0 != "." })) }.sorted()
    }

    /// The one-line warning for parameters `action` does not take, or nil:
    /// names shown safely (no control characters, at most 64 characters
    /// each), at most ten of them.
    public static func unknownParametersWarning(of action: String, in names: some Sequence<String>) -> String? {
        let unknown = unknownParameters(of: action, in: names)
        guard !unknown.isEmpty else { return nil }
        let shown = unknown.prefix(10).map { name in
            String(String.UnicodeScalarView(name.unicodeScalars.prefix(64).map {
                [.control, .format].contains($0.properties.generalCategory) ? "?" : $0
            }))
        }
        let more = unknown.count > 10 ? " and \(unknown.count - 10) more" : ""
        return "\(action) does not take \(shown.joined(separator: ", "))\(more): accepted and ignored, as the cloud's gateway does"
    }

    /// The outcome of one call.
    public enum Outcome: Sendable {
        case success(JSON)
        case failure(EngineError, body: JSON)

        public var body: JSON {
            switch self {
            case .success(let b), .failure(_, let b): return b
            }
        }
    }

    /// Runs one action. Never throws: a refusal is an error body with its code.
    public func call(_ action: String, _ parameters: [String: String], requestID: String = RequestID.make()) -> Outcome {
        let a = Self.byName[action]
        do {
            guard let a, dialect == .full || !a.isLocal else {
                let meant = dialect == .full ? Nearest.name(to: action, in: Self.actionNames) : nil
                throw EngineError(.invalidActionNotFound, dialect == .full
                    ? "No action \(Shown(action))" + (meant.map { "; did you mean \($0)?" } ?? ".")
                        + " Actions: \(Self.actionNames.joined(separator: ", "))."
                    : "No action \(Shown(action)).")
            }
            let params = try ApiParams(action: action, values: parameters, malformed: a.malformed, rules: engine.rules)
            if dialect == .cloud, a.batchIsLocal, let ids = params.string("DBInstanceId"), ids.contains(",") {
                // The cloud looks the whole value up as one ID.
                throw EngineError.instanceNotFound(ids)
            }
            let fields = try a.run(engine, params)
            return .success(obj([("RequestId", .string(requestID))] + fields))
        } catch let e as EngineError {
            let e = e.recast(a?.recast ?? [:])
            return .failure(e, body: Self.errorBody(e, requestID: requestID))
        } catch {
            let e = EngineError(.internalError, "\(error)")
            return .failure(e, body: Self.errorBody(e, requestID: requestID))
        }
    }

    /// The conventional Alibaba error body (reference §1.5), with each
    /// failing instance of a refused batch.
    public static func errorBody(_ e: EngineError, requestID: String) -> JSON {
        var fields: [(String, JSON)] = [("RequestId", .string(requestID)), ("HostId", .string("rds.aliyuncs.com")),
                                        ("Code", .string(e.code.code)), ("Message", .string(e.message)),
                                        ("Recommend", .string(""))]
        if !e.failures.isEmpty {
            fields.append(("Failures", .wrapped("Failure", e.failures.map {
                obj(("DBInstanceId", .string($0.instanceID)), ("Code", .string($0.code.code)), ("Message", .string($0.message)))
            })))
        }
        return obj(fields)
    }
}

extension OpenAPI.Action {
    /// One of rds-console's own actions, which the cloud does not have.
    var isLocal: Bool { LocalRequest.Action(rawValue: name) != nil }
}

extension JSON {
    static func time(_ t: Seconds?) -> JSON { .string(t.map(UTCTime.format) ?? "") }
    static func enable(_ on: Bool) -> JSON { .string(on ? "Enable" : "Disable") }
}
