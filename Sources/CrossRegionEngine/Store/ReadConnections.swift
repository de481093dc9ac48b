import Foundation
import GRDB

/// A server's read-only connections: a read takes one that no other read
/// holds, so reads on several threads run side by side instead of queueing
/// on one connection. They are opened when first needed, up to `limit`;
/// past that, a read waits for one to come back.
final class ReadConnections: @unchecked Sendable {
    private let open: () throws -> DatabaseQueue
    private let limit: Int
    private let lock = NSCondition()
    private var idle: [DatabaseQueue] = []
    private var count = 0

    /// `first` is already open (opening it checked that the file can be read).
    init(first: DatabaseQueue, limit: Int, open: @escaping () throws -> DatabaseQueue) {
        self.open = open
        self.limit = max(1, limit)
        idle = [first]
        count = 1
    }

    /// `body` on a connection no other read is using.
    func with<T>(_ body: (DatabaseQueue) throws -> T) throws -> T {
        let connection = try take()
        defer { give(connection) }
        return try body(connection)
    }

    private func take() throws -> DatabaseQueue {
        lock.lock()
        while idle.isEmpty && count >= limit { lock.wait() }
        if let connection = idle.popLast() {
            lock.unlock()
            return connection
        }
        count += 1
        lock.unlock()
        do {
            return try open()
        } catch {
            lock.lock()
            count -= 1
            lock.signal()
            lock.unlock()
            throw error
        }
    }

    private func give(_ connection: DatabaseQueue) {
        lock.lock()
        idle.append(connection)
        lock.signal()
        lock.unlock()
    }
}
