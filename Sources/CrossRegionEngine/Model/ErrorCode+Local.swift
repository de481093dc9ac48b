/// The refusals made outside the OpenAPI's documented tables: the clock, billing, access
/// keys, the state file, the command line, and a client's calls to an endpoint. They
/// have no documented message; the explanation says it all.
extension ErrorCode {
    // MARK: Families

    /// The account's flow control refused the call, before acting on it (`Throttling*`,
    /// `Rejected.Throttling`): even a write may go again.
    public var isThrottling: Bool { code.hasPrefix("Throttling") || code == "Rejected.Throttling" }

    /// The operation does not apply to the instance's status or type (`OperationDenied*`).
    public var isOperationDenied: Bool { code.hasPrefix("OperationDenied") }

    // MARK: The state

    public static let invalidDuration = ErrorCode("InvalidParameter.Duration", 400, "")
    public static let invalidTime = ErrorCode("InvalidParameter.Time", 400, "")
    public static let invalidPrice = ErrorCode("InvalidParameter.Price", 400, "")
    public static let accessKeyNotFound = ErrorCode("InvalidAccessKeyId.NotFound", 404, "")
    public static let stateFileUnusable = ErrorCode("StateFile.Unusable", 500, "")
    public static let stateFileNotFound = ErrorCode("StateFile.NotFound", 400, "")
    public static let stateFileDamaged = ErrorCode("StateFile.Damaged", 500, "")
    /// A console selection the settings or restore dialog cannot open on (see `SettingsPlan`, `RestorePlan`).
    public static let selectionUnusable = ErrorCode("Console.Selection", 400, "")

    // MARK: The command line

    /// A command-line value that is not one (an `api` argument, a demo over an existing file).
    public static let invalidArgument = ErrorCode("InvalidParameter", 400, "")
    public static let notATerminal = ErrorCode("NotATerminal", 400, "")
    public static let invalidTLSFiles = ErrorCode("InvalidTLSFiles", 500, "")

    // MARK: A client's calls to an endpoint

    public static let invalidEndpoint = ErrorCode("InvalidParameter.Endpoint", 400, "")
    public static let missingAccessKey = ErrorCode("MissingParameter.AccessKey", 400, "")
    public static let endpointUnreachable = ErrorCode("Endpoint.Unreachable", 503, "")
    public static let endpointBadResponse = ErrorCode("Endpoint.BadResponse", 502, "")
    public static let invalidAuditLog = ErrorCode("InvalidParameter.AuditLog", 400, "")
    public static let auditLogUnwritable = ErrorCode("InternalError.AuditLog", 500, "")
    public static let applyRunning = ErrorCode("OperationConflict.Apply", 409, "")
}
