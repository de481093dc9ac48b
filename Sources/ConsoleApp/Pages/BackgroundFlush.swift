import Foundation

/// Flushes a file being written to the disk on a thread of its own (GCD, never Swift's cooperative
/// pool), one flush at a time, through a descriptor of its own (a `dup` of the writer's): the writer
/// goes on writing meanwhile, and may close its descriptor, or abandon the file, whenever it likes.
final class BackgroundFlush: @unchecked Sendable {
    private let fd: Int32
    private let queue = DispatchQueue(label: "export flush")
    /// Under `lock`: a flush is under way; the first failure (an errno); no more flushes.
    private let lock = NSLock()
    private var running = false
    private var failed: Int32?
    private var closed = false

    /// A descriptor of its own for `fd`; when it cannot have one, every flush is refused (`failure`).
    init(_ fd: Int32) {
        self.fd = dup(fd)
        if self.fd < 0 { failed = errno }
    }

    /// The first flush that failed, as an errno; nil while none has.
    var failure: Int32? { locked { failed } }

    /// Starts a flush of everything written so far, unless one is under way (then it covers what it
    /// can, and the writer asks again later): true when one started.
    func start() -> Bool {
        let begin = locked { () -> Bool in
            guard !running, !closed, failed == nil else { return false }
            running = true
            return true
        }
        guard begin else { return false }
        queue.async { [self] in
            let result = Self.flush(fd)
            let failure = result != 0 ? errno : 0
            locked {
                running = false
                if failure != 0, failed == nil { failed = failure }
            }
        }
        return true
    }

    /// Waits for the flush under way, closes the descriptor; the first failure, if any.
    func finish() -> Int32? {
        queue.sync {}
        return locked {
            if !closed { close(fd) }
            closed = true
            return failed
        }
    }

    /// No more flushes; the descriptor closes once the flush under way ends (the file is dropped).
    func abandon() {
        let open = locked { () -> Bool in
            defer { closed = true }
            return !closed
        }
        if open { queue.async { [fd] in _ = close(fd) } }
    }

    /// `body` under `lock` (NSLock's own `withLock` needs macOS 14).
    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private static func flush(_ fd: Int32) -> Int32 {
        #if os(Linux)
        fdatasync(fd)
        #else
        fsync(fd)
        #endif
    }
}
