/// A refusal: an Alibaba-style error code, a message a user understands and
/// the HTTP status the OpenAPI would answer with (R9.1). A refused request
/// changes nothing. The message is the documented message of the code
/// followed by our explanation of the case.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One instance's reason inside a refused batch (R3.8).
    public struct Failure: Sendable, Equatable {
        public let instanceID: String
        public let code: ErrorCode
        public let message: String
        /// Our part of `message` (what a recast keeps).
        let explanation: String

        /// A failure read back from an endpoint's answer.
        public init(instanceID: String, code: ErrorCode, message: String) {
            self.instanceID = instanceID
            self.code = code
            self.message = message
            self.explanation = message
        }

        public static func == (a: Failure, b: Failure) -> Bool {
            a.instanceID == b.instanceID && a.code == b.code && a.code.status == b.code.status && a.message == b.message
        }

        init(instanceID: String, _ error: EngineError) {
            self.instanceID = instanceID
            self.code = error.code
            self.message = error.message
            self.explanation = error.explanation
        }
    }

    /// The code, with the status it is answered with here.
    public let code: ErrorCode
    public var httpStatus: Int { code.status }
    /// The documentation's own message for `code` ("" for local refusals).
    public var documented: String { code.documented }
    /// Which rule, which value, what would be accepted.
    public let explanation: String
    /// For a refused batch: every failing instance with its own reason.
    public let failures: [Failure]

    /// A refusal: a code of the table (`ErrorCode`) and the case in words.
    public init(_ code: ErrorCode, _ explanation: String, failures: [Failure] = []) {
        self.code = code
        self.explanation = explanation
        self.failures = failures
    }

    /// The same code and status with another explanation (a refused batch
    /// answers with its first failure's code).
    func with(explanation: String, failures: [Failure]) -> EngineError {
        EngineError(code, explanation, failures: failures)
    }

    public var message: String {
        if documented.isEmpty { return explanation }
        if explanation.isEmpty { return documented }
        return documented + " " + explanation
    }

    public var description: String { "\(code.code): \(message)" }

    /// Two refusals are the same when a caller sees the same: code, status, message and failures
    /// (an `ErrorCode` alone is equal by its `Code`, whatever its status).
    public static func == (a: EngineError, b: EngineError) -> Bool {
        a.code == b.code && a.httpStatus == b.httpStatus && a.message == b.message && a.failures == b.failures
    }

    /// The refusal in an action's own documented codes: `table` maps a code
    /// the engine gives generically to the one this action documents for
    /// the case (the batch's failures too).
    func recast(_ table: [ErrorCode: ErrorCode]) -> EngineError {
        guard !table.isEmpty else { return self }
        let failures = self.failures.map { f in
            table[f.code].map { Failure(instanceID: f.instanceID, EngineError($0, f.explanation)) } ?? f
        }
        guard let to = table[code] else { return with(explanation: explanation, failures: failures) }
        return EngineError(to, explanation, failures: failures)
    }
}

extension EngineError {
    static func missing(_ name: String) -> EngineError {
        EngineError(.missingParameter, "\(name) is required.")
    }

    /// An instance ID the state does not know (or no longer serves: released).
    public static func instanceNotFound(_ id: String) -> EngineError {
        EngineError(.invalidDBInstanceIdNotFound, "No instance \(Shown(id)).")
    }

    static func instanceNotFound(_ id: String, in region: String) -> EngineError {
        EngineError(.invalidDBInstanceIdNotFound, "No instance \(Shown(id)) in \(region).")
    }

    static func state(_ id: String, _ what: String) -> EngineError {
        EngineError(.incorrectDBInstanceState, "\(id) \(what).")
    }

    static func backupSetNotFound(_ id: String) -> EngineError {
        EngineError(.invalidBackupSetIDNotFound, "No cross-region backup set \(Shown(id)).")
    }
}

/// A value quoted in a message: at most 100 characters, so that a huge
/// refused value is never echoed back whole.
struct Shown: CustomStringConvertible {
    let value: String
    init(_ value: String) { self.value = value }

    var description: String {
        let limit = 100
        let cut = value.unicodeScalars.count > limit
        var text = String(String.UnicodeScalarView(value.unicodeScalars.prefix(limit)))
        // Control and format characters (a bidi override, say) would garble a terminal or a log.
        text = String(text.unicodeScalars.map {
            [.control, .format].contains($0.properties.generalCategory) ? "?" : Character($0)
        })
        return "\"" + text + (cut ? "…\" (\(value.utf8.count) bytes)" : "\"")
    }
}
