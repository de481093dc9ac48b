import CrossRegionEngine
import Foundation
import Logging
import OpenAPIAuth

/// What the endpoint does with one request, apart from HTTP: check who
/// signed it, then run the action through the same `OpenAPI` as the `api`
/// command.
public struct RequestHandler: Sendable {
    public let engine: Engine
    public let secrets: SecretBox
    public let nonces: NonceLedger
    /// Where parameters outside an action's model are reported (R9.2).
    public let logger: Logger
    private let opened = OpenedSecrets()
    /// How far a request's time may be from the server's (reference §2.2: about 15 minutes).
    public static let clockSkew: Int64 = 15 * 60

    public init(engine: Engine, secrets: SecretBox, nonces: NonceLedger,
                logger: Logger = Logger(label: "rds-console.serve")) {
        self.engine = engine
        self.secrets = secrets
        self.nonces = nonces
        self.logger = logger
    }

    /// How long a used nonce is remembered: any request older than this fails the time check anyway.
    public static let nonceWindow = 2 * clockSkew

    /// The HTTP status and JSON body for `request`, received at wall-clock time `now`.
    public func respond(to request: SignedRequest, now: Int64) -> (status: Int, body: String) {
        let requestID = RequestID.make()
        func refuse(_ e: EngineError) -> (Int, String) {
            (e.httpStatus, OpenAPI.errorBody(e, requestID: requestID).compact())
        }
        func refuse(_ code: ErrorCode, _ explanation: String = "") -> (Int, String) { refuse(EngineError(code, explanation)) }
        let call: SignedCall
        do {
            call = try SignedCall.parse(request)
        } catch {
            return refuse(EngineError(local: error.code, error.message, status: error.status))
        }
        guard call.version == "2014-08-15" else {
            return refuse(.invalidVersion, "Version \(call.version.prefix(40)) is not 2014-08-15.")
        }
        let key: AccessKeyRecord
        do {
            guard let found = try AccessKeys(engine.store).find(id: call.accessKeyID) else {
                return refuse(.invalidAccessKeyIdNotFound)
            }
            key = found
        } catch {
            return refuse(.internalError)
        }
        guard let secret = opened.secret(of: key, in: secrets), call.isSigned(by: secret) else {
            return refuse(.signatureDoesNotMatch)
        }
        guard let time = UTCTime.parse(call.timestamp), abs(time - now) <= Self.clockSkew else {
            return refuse(.invalidTimeStampExpired)
        }
        guard call.nonce.count >= 8 else {
            return refuse(.missingParameter, "SignatureNonce is required (at least 8 characters).")
        }
        do {
            guard try nonces.use(call.nonce, at: now) else {
                return refuse(.signatureNonceUsed)
            }
        } catch {
            return refuse(.internalError)
        }
        if key.readOnly && OpenAPI.changesState(call.action) {
            return refuse(.forbiddenRAM, "This access key is read-only (Describe*, Check* and LocalDescribe* only).")
        }
        if let warning = OpenAPI.unknownParametersWarning(of: call.action, in: call.parameters.keys) {
            logger.warning("\(warning)", metadata: ["request": .string(requestID), "key": .string(call.accessKeyID)])
        }
        switch OpenAPI(engine: engine).call(call.action, call.parameters, requestID: requestID) {
        case .success(let body): return (200, body.compact())
        case .failure(let e, let body): return (e.httpStatus, body.compact())
        }
    }
}

/// Secrets already unsealed, by key ID and sealed bytes (a deleted or
/// replaced key is looked up in the state first, so it is never served from here).
final class OpenedSecrets: @unchecked Sendable {
    private let lock = NSLock()
    private var secrets: [String: (sealed: [UInt8], secret: String)] = [:]

    func secret(of key: AccessKeyRecord, in box: SecretBox) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let hit = secrets[key.id], hit.sealed == key.sealedSecret { return hit.secret }
        guard let secret = try? box.open(key.sealedSecret) else { return nil }
        secrets[key.id] = (key.sealedSecret, secret)
        return secret
    }
}
