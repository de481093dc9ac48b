import CrossRegionEngine
import Foundation

/// The signature nonces used in the last `window` seconds (reference §2.2:
/// a nonce may not be used twice). Checked in memory, then against the
/// state, so a restarted server or a second one on the same state still
/// refuses a replay; new ones are written to the state in the background,
/// a batch every 100 ms, so a request does not pay a transaction of its own.
/// (A crash loses at most the last 100 ms of nonces.)
public final class NonceLedger: @unchecked Sendable {
    private let used: UsedNonces
    private let window: Int64
    private let lock = NSLock()
    private var seen: [String: Int64] = [:]
    /// `seen` in the order of use, from `oldest` on: forgetting is amortized O(1) a nonce.
    private var order: [(nonce: String, at: Int64)] = []
    private var oldest = 0
    private var unsaved: [(nonce: String, at: Int64)] = []
    private var stopped = false

    public init(engine: Engine, window: Int64, now: Int64 = Int64(Date().timeIntervalSince1970)) throws {
        used = UsedNonces(engine.store)
        self.window = window
        for n in try used.recorded(since: now - window).sorted(by: { $0.at < $1.at }) {
            seen[n.nonce] = n.at
            order.append(n)
        }
    }

    /// Records `nonce`, used at wall-clock time `at`; false when it was already used.
    public func use(_ nonce: String, at: Int64) throws -> Bool {
        use(nonce, at: at, recorded: try used.contains(nonce))
    }

    /// `use(_:at:)`, the state already asked whether it has `nonce` recorded (in the
    /// transaction that read the caller's key).
    func use(_ nonce: String, at: Int64, recorded: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !recorded, seen[nonce] == nil else { return false }
        seen[nonce] = at
        order.append((nonce, at))
        unsaved.append((nonce, at))
        return true
    }

    /// Writes the nonces not yet in the state, and forgets the expired ones.
    public func flush(now: Int64 = Int64(Date().timeIntervalSince1970)) throws {
        lock.lock()
        let batch = unsaved
        unsaved.removeAll()
        let horizon = now - window
        while oldest < order.count && order[oldest].at < horizon {
            seen[order[oldest].nonce] = nil
            oldest += 1
        }
        if oldest > 4096 && oldest * 2 > order.count {
            order.removeFirst(oldest)
            oldest = 0
        }
        lock.unlock()
        guard !batch.isEmpty else { return }
        do {
            try used.record(batch, forgetBefore: horizon)
        } catch {
            // Another process holds the state's lock: keep them for the next flush
            // (they are refused from memory meanwhile).
            lock.lock()
            unsaved.insert(contentsOf: batch, at: 0)
            lock.unlock()
            throw error
        }
    }

    /// Flushes every 100 ms until `stop()`.
    public func startFlushing() {
        let thread = Thread { [self] in
            while !isStopped {
                Thread.sleep(forTimeInterval: 0.1)
                try? flush()
            }
        }
        thread.name = "nonce-ledger"
        thread.start()
    }

    /// Stops the background flushes and writes what is left.
    public func stop() throws {
        lock.lock()
        stopped = true
        lock.unlock()
        try flush()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }
}
