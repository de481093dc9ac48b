import CrossRegionEngine
import Foundation

/// Sends a pulled state's plan to its account as the cloud takes it: one
/// `ModifyInstanceCrossBackupPolicy` per instance, within a rate limit.
/// Before each instance it reads the instance's policy again:
/// - the planned values already there (an interrupted apply sent them): recorded, not sent again;
/// - the values of the pull: sent (`write`), or only counted (a dry run);
/// - anything else: the account drifted since the pull; left alone and reported.
/// Every send is in the audit log before it leaves, and its answer after;
/// an applied change leaves the plan at once, so a second apply sends only
/// what is left and every change goes exactly once.
public final class AccountApply: @unchecked Sendable {
    public struct Drift: Sendable, Equatable {
        public var instanceID: String
        /// Where the account now differs from what was pulled.
        public var differences: [PolicyValues.Difference]
    }

    public struct Failure: Sendable {
        public var instanceID: String
        public var error: EngineError
    }

    public struct Report: Sendable {
        public var applied: [String] = []
        public var alreadyApplied: [String] = []
        public var drifted: [Drift] = []
        public var failed: [Failure] = []
        /// What a dry run would send.
        public var wouldSend: [String] = []
        public var calls = 0

        /// Every planned change is in the account.
        public func complete(of planned: Int) -> Bool { applied.count + alreadyApplied.count == planned }
    }

    static let modify = "ModifyInstanceCrossBackupPolicy"
    static let describe = "DescribeInstanceCrossBackupPolicy"

    let engine: Engine
    let audit: AuditLog?
    let budget: CallBudget
    let workers: Int
    let retry: RetryPolicy
    private let clientFor: @Sendable (String) throws(EngineError) -> OpenAPIClient
    private let progress: @Sendable (Int, Int) -> Void
    private let lock = NSLock()
    private var report = Report()
    /// Instances whose call an earlier, interrupted apply left without an answer.
    private let interrupted: Set<String>

    /// `audit` nil is a dry run: nothing is written to the account, the state or a log.
    public init(engine: Engine, audit: AuditLog?, rate: Int, workers: Int = 4, retry: RetryPolicy = RetryPolicy(attempts: 8),
                clientFor: @escaping @Sendable (String) throws(EngineError) -> OpenAPIClient,
                progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) {
        self.engine = engine
        self.audit = audit
        budget = CallBudget(perSecond: rate)
        self.workers = max(1, workers)
        self.retry = retry
        self.clientFor = clientFor
        self.progress = progress
        interrupted = audit.map { AuditLog.interrupted(at: $0.path) } ?? []
    }

    /// Works through `changes`; a failure of one instance does not stop the others
    /// (a failure to write the audit log or the state does: nothing more is sent).
    public func run(_ changes: [PlannedPolicy]) throws -> Report {
        let fatal = FirstError()
        let next = Counter()
        let done = Counter()
        DispatchQueue.concurrentPerform(iterations: min(workers, max(1, changes.count))) { _ in
            var clients: [String: OpenAPIClient] = [:]
            while fatal.error == nil, let i = next.take(below: changes.count) {
                let change = changes[i]
                do {
                    let client = try clients[change.regionID] ?? clientFor(change.regionID)
                    clients[change.regionID] = client
                    try self.apply(change, client)
                } catch {
                    fatal.set(error)
                }
                if let n = done.take(below: Int.max) { self.progress(n + 1, changes.count) }
            }
        }
        if let error = fatal.error { throw error }
        lock.lock()
        defer { lock.unlock() }
        return report
    }

    /// One instance: read, compare, send; again after a throttled send (the cloud refused it before acting).
    private func apply(_ change: PlannedPolicy, _ client: OpenAPIClient) throws {
        let id = change.instanceID
        for attempt in 1... {
            let now: PolicyValues
            do {
                now = try read(change, client)
            } catch {
                record { $0.failed.append(Failure(instanceID: id, error: error)) }
                return
            }
            if now.sameEffect(as: change.planned) {
                if let audit {
                    try audit.append(.init(action: Self.describe, instanceID: id, result: .alreadyApplied))
                    try engine.markApplied(instanceID: id)
                }
                record { $0.alreadyApplied.append(id) }
                return
            }
            guard now.sameEffect(as: change.account) else {
                let drift = Drift(instanceID: id, differences: change.account.differences(to: now))
                try audit?.append(.init(action: Self.describe, instanceID: id, result: .drifted,
                                        detail: drift.differences.map { "\($0.field) \($0.from) → \($0.to)" }.joined(separator: "; ")))
                record { $0.drifted.append(drift) }
                return
            }
            guard let audit else {
                record { $0.wouldSend.append(id) }
                return
            }
            let parameters = change.parameters
            if attempt == 1 && interrupted.contains(id) {
                // The account holds what was pulled: the call the interruption cut did not reach it.
                try audit.append(.init(action: Self.modify, instanceID: id, parameters: parameters, result: .notReceived))
            }
            budget.take()
            try audit.append(.init(action: Self.modify, instanceID: id, parameters: parameters, result: .sending))
            let answer: [UInt8]
            do {
                answer = try client.call(Self.modify, parameters)
            } catch {
                record { $0.calls += 1 }
                // Flow control refuses before it acts: read again and send again. Anything else is the caller's.
                let throttled = error.code.isThrottling
                let result: AuditLog.Result = throttled ? .throttled : error.code == .endpointUnreachable ? .unanswered : .refused
                try audit.append(.init(action: Self.modify, instanceID: id, parameters: parameters, result: result,
                                       detail: "\(error.code.code): \(error.message)"))
                guard throttled, attempt < retry.attempts else {
                    record { $0.failed.append(Failure(instanceID: id, error: error)) }
                    return
                }
                Thread.sleep(forTimeInterval: retry.delay(retry: attempt, retryAfter: nil))
                continue
            }
            record { $0.calls += 1 }
            let requestID = (try? JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any])?["RequestId"] as? String
            try audit.append(.init(action: Self.modify, instanceID: id, parameters: parameters, requestID: requestID, result: .applied))
            try engine.markApplied(instanceID: id)
            record { $0.applied.append(id) }
            return
        }
    }

    /// The instance's policy as the account holds it now (a read, retried by the client's policy).
    private func read(_ change: PlannedPolicy, _ client: OpenAPIClient) throws(EngineError) -> PolicyValues {
        budget.take()
        let answer = try client.call(Self.describe, ["RegionId": change.regionID, "DBInstanceId": change.instanceID])
        record { $0.calls += 1 }
        do {
            return PolicyValues(try FleetAnswers.policy(answer: Data(answer), from: "\(Self.describe) \(change.instanceID)"))
        } catch {
            throw EngineError(.endpointBadResponse, "\(error)")
        }
    }

    private func record(_ body: (inout Report) -> Void) {
        lock.lock()
        body(&report)
        lock.unlock()
    }
}
