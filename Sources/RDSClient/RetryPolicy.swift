import CrossRegionEngine
import Foundation

/// When a call is sent again, as Terraform and the SDKs' retry policies do
/// for the cloud's flow control: a *read* answered `Throttling*`,
/// `ServiceUnavailable` or any 5xx is retried after a jittered exponential
/// backoff (full jitter), never sooner than the answer's `Retry-After`. A
/// write is never sent twice: the caller sees its refusal and decides.
public struct RetryPolicy: Sendable, Equatable {
    /// Calls in all, the first included.
    public var attempts: Int
    /// The first backoff's ceiling, in seconds; it doubles each time up to `cap`.
    public var base: Double
    public var cap: Double

    public init(attempts: Int = 4, base: Double = 0.2, cap: Double = 10) {
        self.attempts = max(1, attempts)
        self.base = base
        self.cap = cap
    }

    /// One call, never retried.
    public static let never = RetryPolicy(attempts: 1)

    /// Whether an answer is the kind a read may be retried on.
    public static func isTransient(status: Int, code: ErrorCode) -> Bool {
        code.isThrottling || code == .serviceUnavailable || (500...599).contains(status)
    }

    /// How long to wait before attempt `retry` (1 for the first retry).
    func delay(retry: Int, retryAfter: Double?, random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Double {
        let ceiling = min(cap, base * Double(1 << min(retry - 1, 20)))
        return max(retryAfter.map { min($0, cap) } ?? 0, random(0...ceiling))
    }
}
