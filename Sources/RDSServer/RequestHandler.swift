import CrossRegionEngine
import Foundation
import OpenAPIAuth

/// What the endpoint does with one request, apart from HTTP: check who
/// signed it, then run the action through the same `OpenAPI` as the `api`
/// command.
public struct RequestHandler: Sendable {
    public let engine: Engine
    public let secrets: SecretBox
    public let nonces: NonceLedger
    private let opened = OpenedSecrets()
    /// How far a request's time may be from the server's (reference §2.2: about 15 minutes).
    public static let clockSkew: Int64 = 15 * 60

    public init(engine: Engine, secrets: SecretBox, nonces: NonceLedger) {
        self.engine = engine
        self.secrets = secrets
        self.nonces = nonces
    }

    /// How long a used nonce is remembered: any request older than this fails the time check anyway.
    public static let nonceWindow = 2 * clockSkew

    /// The HTTP status and JSON body for `request`, received at wall-clock time `now`.
    public func respond(to request: SignedRequest, now: Int64) -> (status: Int, body: String) {
        let requestID = RequestID.make()
        func refuse(_ code: String, _ message: String, _ status: Int) -> (Int, String) {
            (status, OpenAPI.errorBody(EngineError(code, message, status: status), requestID: requestID).compact())
        }
        let call: SignedCall
        do {
            call = try SignedCall.parse(request)
        } catch {
            return refuse(error.code, error.message, error.status)
        }
        guard call.version == "2014-08-15" else {
            return refuse("InvalidVersion", "Specified parameter Version is not valid: \"\(call.version)\" (2014-08-15).", 400)
        }
        let key: AccessKeyRecord
        do {
            guard let found = try engine.accessKey(id: call.accessKeyID) else {
                return refuse("InvalidAccessKeyId.NotFound", "The Access Key ID provided does not exist in our records.", 404)
            }
            key = found
        } catch {
            return refuse("InternalError", "The request processing has failed due to some unknown error.", 500)
        }
        guard let secret = opened.secret(of: key, in: secrets), call.isSigned(by: secret) else {
            return refuse("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.", 403)
        }
        guard let time = UTCTime.parse(call.timestamp), abs(time - now) <= Self.clockSkew else {
            return refuse("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400)
        }
        guard call.nonce.count >= 8 else {
            return refuse("MissingParameter", "The input parameter \"SignatureNonce\" that is mandatory for processing this request is not supplied.", 400)
        }
        do {
            guard try nonces.use(call.nonce, at: now) else {
                return refuse("SignatureNonceUsed", "Specified signature nonce was used already.", 400)
            }
        } catch {
            return refuse("InternalError", "The request processing has failed due to some unknown error.", 500)
        }
        if key.readOnly && OpenAPI.changesState(call.action) {
            return refuse("Forbidden.RAM", "User not authorized to operate on the specified resource: this access key is read-only (Describe*, Check* and LocalDescribe* only).", 403)
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
