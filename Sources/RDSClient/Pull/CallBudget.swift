import Foundation

/// The client's own rate limit (`pull --rate N`): at most N calls a second
/// across every worker, so a pull stays inside the account's flow control
/// instead of leaning on its throttling. Callers block until a call may go.
final class CallBudget: @unchecked Sendable {
    let perSecond: Int
    private let lock = NSLock()
    private var next: DispatchTime = .now()

    init(perSecond: Int) {
        self.perSecond = max(1, perSecond)
    }

    /// Waits for the next slot: slots are 1/N s apart, handed out in order.
    func take() {
        lock.lock()
        let now = DispatchTime.now()
        let slot = max(next, now)
        next = slot + .nanoseconds(1_000_000_000 / perSecond)
        lock.unlock()
        if slot > now { Thread.sleep(forTimeInterval: Double(slot.uptimeNanoseconds - now.uptimeNanoseconds) / 1e9) }
    }
}
