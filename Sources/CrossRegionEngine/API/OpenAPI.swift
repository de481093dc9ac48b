import Foundation

/// The engine's whole surface in the RDS OpenAPI's own terms: an action name
/// and string parameters in, the documented JSON out (or an Alibaba-style
/// error). The `api` command and any network endpoint call this one type.
public struct OpenAPI: Sendable {
    public let engine: Engine

    public init(engine: Engine) {
        self.engine = engine
    }

    /// What one action takes and does.
    struct Action: Sendable {
        let name: String
        let parameters: [String]
        /// `Describe*`/`Check*` and the other reads.
        let readOnly: Bool
        let run: @Sendable (Engine, ApiParams) throws -> [(String, JSON)]
    }

    static let actions: [Action] = fleetActions + crossRegionActions + restoreActions + localActions
    static let byName: [String: Action] = Dictionary(uniqueKeysWithValues: actions.map { ($0.name, $0) })

    /// Every action name, sorted.
    public static var actionNames: [String] { actions.map(\.name).sorted() }

    /// Whether `action` is one that may change the state (what a read-only key may not call).
    public static func changesState(_ action: String) -> Bool { byName[action].map { !$0.readOnly } ?? false }

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
        do {
            guard let a = Self.byName[action] else {
                throw EngineError("InvalidAction.NotFound",
                                  "Specified api is not found: \"\(action)\". Actions: \(Self.actionNames.joined(separator: ", ")).",
                                  status: 404)
            }
            let params = try ApiParams(action: action, values: parameters, allowed: a.parameters)
            let fields = try a.run(engine, params)
            return .success(obj([("RequestId", .string(requestID))] + fields))
        } catch let e as EngineError {
            return .failure(e, body: Self.errorBody(e, requestID: requestID))
        } catch {
            let e = EngineError("InternalError", "The request processing has failed due to some unknown error: \(error)",
                                status: 500)
            return .failure(e, body: Self.errorBody(e, requestID: requestID))
        }
    }

    /// The conventional Alibaba error body (reference §1.5), with each
    /// failing instance of a refused batch.
    public static func errorBody(_ e: EngineError, requestID: String) -> JSON {
        var fields: [(String, JSON)] = [("RequestId", .string(requestID)), ("HostId", .string("rds.aliyuncs.com")),
                                        ("Code", .string(e.code)), ("Message", .string(e.message)),
                                        ("Recommend", .string(""))]
        if !e.failures.isEmpty {
            fields.append(("Failures", .wrapped("Failure", e.failures.map {
                obj(("DBInstanceId", .string($0.instanceID)), ("Code", .string($0.code)), ("Message", .string($0.message)))
            })))
        }
        return obj(fields)
    }
}

extension JSON {
    static func time(_ t: Seconds?) -> JSON { .string(t.map(UTCTime.format) ?? "") }
    static func enable(_ on: Bool) -> JSON { .string(on ? "Enable" : "Disable") }
}
