/// A refusal: an Alibaba-style error code, a message a user understands and
/// the HTTP status the OpenAPI would answer with (R9.1). A refused request
/// changes nothing.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One instance's reason inside a refused batch (R3.8).
    public struct Failure: Sendable, Equatable {
        public let instanceID: String
        public let code: String
        public let message: String

        public init(instanceID: String, code: String, message: String) {
            self.instanceID = instanceID
            self.code = code
            self.message = message
        }
    }

    public let code: String
    public let message: String
    public let httpStatus: Int
    /// For a refused batch: every failing instance with its own reason.
    public let failures: [Failure]

    public init(_ code: String, _ message: String, status: Int = 400, failures: [Failure] = []) {
        self.code = code
        self.message = message
        self.httpStatus = status
        self.failures = failures
    }

    public var description: String { "\(code): \(message)" }
}

extension EngineError {
    static func missing(_ name: String) -> EngineError {
        EngineError("MissingParameter",
                    "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied.")
    }

    static func invalid(_ name: String, _ why: String, code: String? = nil) -> EngineError {
        EngineError(code ?? "InvalidParameter", "The parameter \(name) is not valid: \(why)")
    }

    static func instanceNotFound(_ id: String) -> EngineError {
        EngineError("InvalidDBInstanceId.NotFound",
                    "The DBInstanceId provided does not exist in our records: \(id).", status: 404)
    }

    static func instanceNotFound(_ id: String, in region: String) -> EngineError {
        EngineError("InvalidDBInstanceId.NotFound",
                    "The DBInstanceId provided does not exist in our records: \(id) is not in \(region).", status: 404)
    }

    static func released(_ id: String, _ what: String) -> EngineError {
        EngineError("OperationDenied.ReleasedInstance",
                    "Instance \(id) has been released: \(what)", status: 403)
    }

    static func state(_ id: String, _ what: String) -> EngineError {
        EngineError("IncorrectDBInstanceState",
                    "Current DB instance state does not support this operation: \(id) \(what).", status: 403)
    }

    static func backupSetNotFound(_ id: String) -> EngineError {
        EngineError("InvalidBackupSetID.NotFound", "Specified backup set ID does not exist: \(id).", status: 404)
    }
}
