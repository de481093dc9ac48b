import NIOCore

/// Runs a connection's async work on the event loop that reads and writes
/// its socket, not on Swift's cooperative pool: a request then reaches the
/// handler, and its answer the socket, without a thread hop each way. The
/// state's work still goes to the threads of `WorkThreads`.
final class EventLoopExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
