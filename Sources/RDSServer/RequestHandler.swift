import CrossRegionEngine
import Dispatch
import Foundation
import Logging
import NIOPosix
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
    /// What answers: every action, or only the cloud's (`serve --openapi-only`).
    public let dialect: OpenAPI.Dialect
    private let opened = OpenedSecrets()
    private let tables = ServerTablesSeen()
    private let threads: WorkThreads
    private let limiter: RateLimiter?
    /// How far a request's time may be from the server's (reference §2.2: about 15 minutes).
    public static let clockSkew: Int64 = 15 * 60

    /// `throttle`: requests a second per AccessKey before `Throttling.User` (nil: no limit).
    public init(engine: Engine, secrets: SecretBox, nonces: NonceLedger, dialect: OpenAPI.Dialect = .full,
                throttle: Int? = nil, logger: Logger = Logger(label: "rds-console.serve")) {
        self.engine = engine
        self.secrets = secrets
        self.nonces = nonces
        self.dialect = dialect
        self.logger = logger
        threads = WorkThreads()
        limiter = throttle.map(RateLimiter.init(perSecond:))
    }

    /// How long a used nonce is remembered: any request older than this fails the time check anyway.
    public static let nonceWindow = 2 * clockSkew

    /// The HTTP status and JSON body for `request`, received at wall-clock time
    /// `now`. Every step that reads or writes the state runs on threads of its
    /// own, never on Swift's cooperative pool (two threads on two cores, which
    /// one blocked SQLite call would starve): who signed it, and a read action,
    /// on the readers'; an action that changes the state on the writers'. A
    /// write answers within the write wait from its arrival, busy or not. A
    /// request that names a changing action while no other write is under way
    /// is checked on the writer's thread too: one hand-over between threads,
    /// not two. (Under a load of writes, the checks run side by side on the
    /// readers' threads while the writers' do the writes, one at a time.)
    public func respond(to request: SignedRequest, now: Int64) async -> (status: Int, body: String) {
        let deadline = DispatchTime.now() + (engine.store.servedWriteWait ?? Self.defaultWriteWait)
        do {
            if let named = request.namedAction, OpenAPI.changesState(named), threads.startWriteIfNoneUnderWay() {
                defer { threads.endWrite() }
                return try await threads.writes.runIfActive {
                    switch self.admit(request, now: now) {
                    case .answered(let answer): return answer
                    case .admitted(let call, let requestID): return self.write(call, requestID: requestID, deadline: deadline)
                    }
                }
            }
            let admitted = try await threads.reads.runIfActive { () -> Admission in
                let admission = self.admit(request, now: now)
                guard case .admitted(let call, let requestID) = admission, !OpenAPI.changesState(call.action) else {
                    return admission
                }
                return .answered(self.perform(call, requestID: requestID))
            }
            switch admitted {
            case .answered(let answer):
                return answer
            case .admitted(let call, let requestID):
                threads.startWrite()
                defer { threads.endWrite() }
                return try await threads.writes.runIfActive { self.write(call, requestID: requestID, deadline: deadline) }
            }
        } catch {
            return Self.stopping()
        }
    }

    /// `call` performed with `deadline` as its write's (a call that changes nothing, as any read).
    private func write(_ call: SignedCall, requestID: String, deadline: DispatchTime) -> (status: Int, body: String) {
        StateStore.$writeDeadline.withValue(deadline) { self.perform(call, requestID: requestID) }
    }

    /// How long a write waits when the store was not set up for serving.
    static let defaultWriteWait: TimeInterval = 2

    private static func stopping() -> (status: Int, body: String) {
        let e = EngineError(.serviceUnavailable, "The server is stopping; nothing was changed.")
        return (e.httpStatus, OpenAPI.errorBody(e, requestID: RequestID.make()).compact())
    }

    enum Admission: Sendable {
        /// Refused, or a read already answered.
        case answered((status: Int, body: String))
        case admitted(SignedCall, requestID: String)
    }

    /// Who signed the request, whether its time and nonce are fresh, and whether its key may call its action.
    func admit(_ request: SignedRequest, now: Int64) -> Admission {
        let requestID = RequestID.make()
        func refuse(_ e: EngineError) -> Admission {
            .answered((e.httpStatus, OpenAPI.errorBody(e, requestID: requestID).compact()))
        }
        func refuse(_ code: ErrorCode, _ explanation: String = "") -> Admission { refuse(EngineError(code, explanation)) }
        let call: SignedCall
        do {
            call = try SignedCall.parse(request)
        } catch {
            return refuse(EngineError(.received(error.code, status: error.status), error.message))
        }
        guard call.version == "2014-08-15" else {
            return refuse(.invalidVersion, "Version \(call.version.prefix(40)) is not 2014-08-15.")
        }
        let key: AccessKeyRecord
        let nonceRecorded: Bool
        do {
            let records = try records(of: call)
            guard let found = records.key else { return refuse(.invalidAccessKeyIdNotFound) }
            (key, nonceRecorded) = (found, records.nonceRecorded)
        } catch {
            return refuse(.internalError)
        }
        guard let secret = opened.secret(of: key, in: secrets), call.isSigned(by: secret) else {
            return refuse(.signatureDoesNotMatch)
        }
        guard let time = UTCTime.parse(call.timestamp), abs(time - now) <= Self.clockSkew else {
            return refuse(.invalidTimeStampExpired)
        }
        // Flow control counts signed requests of a key, before their nonce is spent: a retry may reuse it.
        if let limiter, !limiter.admit(call.accessKeyID) {
            return refuse(.throttlingUser, "More than \(limiter.perSecond) requests a second with this AccessKey (serve --throttle).")
        }
        guard call.nonce.count >= 8 else {
            return refuse(.missingParameter, "SignatureNonce is required (at least 8 characters).")
        }
        guard nonces.use(call.nonce, at: now, recorded: nonceRecorded) else {
            return refuse(.signatureNonceUsed)
        }
        if key.readOnly && OpenAPI.changesState(call.action) {
            return refuse(.forbiddenRAM, "This access key is read-only: it may call Describe*, Check*, LocalDescribe* and LocalAsk, but not LocalDescribePolicyImpact, which takes the write lock.")
        }
        if let warning = OpenAPI.unknownParametersWarning(of: call.action, in: call.parameters.keys) {
            logger.warning("\(warning)", metadata: ["request": .string(requestID), "key": .string(call.accessKeyID)])
        }
        return .admitted(call, requestID: requestID)
    }

    /// The caller's key, and whether the state has its nonce recorded as used, in one read.
    private func records(of call: SignedCall) throws -> (key: AccessKeyRecord?, nonceRecorded: Bool) {
        try engine.store.read { db in
            guard try tables.exist(db) else { return (nil, false) }
            return (try AccessKeys.find(id: call.accessKeyID, in: db), try UsedNonces.contains(call.nonce, in: db))
        }
    }

    /// The action itself.
    func perform(_ call: SignedCall, requestID: String) -> (status: Int, body: String) {
        switch OpenAPI(engine: engine, dialect: dialect).call(call.action, call.parameters, requestID: requestID) {
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

/// The threads the state's work runs on: reads never wait behind writes that
/// wait for a lock. Reads are short (milliseconds); a write may wait its whole
/// write wait, so there are enough writers' threads for a burst of them.
final class WorkThreads: @unchecked Sendable {
    let reads = NIOThreadPool(numberOfThreads: 8)
    let writes = NIOThreadPool(numberOfThreads: 16)
    private let lock = NSLock()
    /// Writes handed to the writers' threads and not answered yet.
    private var writesUnderWay = 0

    init() {
        reads.start()
        writes.start()
    }

    /// Counts a write in, when no other is under way; false otherwise.
    func startWriteIfNoneUnderWay() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard writesUnderWay == 0 else { return false }
        writesUnderWay = 1
        return true
    }

    func startWrite() {
        lock.lock()
        writesUnderWay += 1
        lock.unlock()
    }

    func endWrite() {
        lock.lock()
        writesUnderWay -= 1
        lock.unlock()
    }
}
