import Foundation

/// `serve --throttle N`: at most N requests a second per AccessKey, as the
/// cloud's flow control counts them; one more is answered `Throttling.User`.
/// A token bucket per key: N tokens, refilled at N a second, so a burst of N
/// passes and a steady N a second passes.
final class RateLimiter: @unchecked Sendable {
    let perSecond: Int
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, at: UInt64)] = [:]

    init(perSecond: Int) {
        self.perSecond = perSecond
    }

    /// Whether a request of `key` at `now` (nanoseconds, monotonic) may pass; it takes a token when it does.
    func admit(_ key: String, now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let rate = Double(perSecond)
        var bucket = buckets[key] ?? (rate, now)
        bucket.tokens = min(rate, bucket.tokens + Double(now &- bucket.at) / 1e9 * rate)
        bucket.at = now
        let passes = bucket.tokens >= 1
        if passes { bucket.tokens -= 1 }
        buckets[key] = bucket
        return passes
    }
}
