import Foundation
import GRDB

/// A second read-only connection to the state, opened when first needed, for a read split in
/// two (`StateStore.readBeside`): one part runs on it, on another thread, while the caller's
/// transaction reads the other. One split read holds it at a time; another finds it taken and
/// reads unsplit.
final class SideConnection: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: DatabaseQueue?
    private var taken = false
    /// Set when it could not be opened on the same file: no read is split again.
    private var unusable = false
    private var reads = 0

    /// How many reads it has taken it for (what a test checks that a read was split).
    var readCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return reads
    }

    /// The connection, for one read, or nil when another read holds it or it cannot be opened
    /// on `file` (the path names another file now).
    func take(path: String, file: FileIdentity?, open: () throws -> DatabaseQueue) -> DatabaseQueue? {
        lock.lock()
        defer { lock.unlock() }
        guard !taken, !unusable, let file else { return nil }
        if queue == nil {
            // Checked after opening: the connection reads the file the path named then.
            let opened = try? open()
            guard let opened, FileIdentity(path) == file else {
                unusable = true
                return nil
            }
            queue = opened
        }
        taken = true
        reads += 1
        return queue
    }

    func give() {
        lock.lock()
        taken = false
        lock.unlock()
    }
}

/// Which file a path names: its device and inode, through symbolic links.
struct FileIdentity: Equatable {
    let device: UInt64, inode: UInt64

    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        (device, inode) = (UInt64(st.st_dev), UInt64(st.st_ino))
    }
}

/// A read running beside the caller's on another thread (`StateStore.readBeside`).
public final class SideRead<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, Error>?

    fileprivate func finish(_ result: Result<T, Error>) {
        self.result = result
        done.signal()
    }

    /// Its result, once it has finished.
    func wait() throws -> T {
        done.wait()
        return try result!.get()
    }
}

extension StateStore {
    /// Starts `body` in a read transaction of the side connection, on a thread of its own, and
    /// returns at once; nil when the side connection is taken or cannot be opened (the caller
    /// then does the work itself). The caller waits for it before its own transaction ends.
    /// `body`'s transaction sees the state as it is when it begins, which may be newer than the
    /// caller's: the caller checks that both read the same state.
    func readBeside<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) -> SideRead<T>? {
        guard let queue = side.take(path: path, file: file, open: {
            var config = Self.configuration()
            config.readonly = true
            config.label = "rds-console state (side reads)"
            config.prepareDatabase { db in try db.execute(sql: Self.sideCache) }
            return try DatabaseQueue(path: path, configuration: config)
        }) else { return nil }
        let read = SideRead<T>()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let result = Result { try transaction(on: queue, begin: "BEGIN DEFERRED", body) }
            side.give()
            read.finish(result)
        }
        return read
    }
}
