import Foundation
import GRDB

/// The server's own tables in a state file: its access keys and the signature nonces it
/// has seen. They are the server's, not the engine's, so the server makes them, the first
/// time it writes one (states made before have them already: the same definitions).
enum ServerTables {
    static let accessKey = "access_key"
    static let usedNonce = "used_nonce"

    /// Makes the tables a write is about to use, when the file has none yet.
    static func ensure(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS \(accessKey) (
                id TEXT PRIMARY KEY NOT NULL,
                sealed_secret BLOB NOT NULL,
                read_only INTEGER NOT NULL,
                created_at INTEGER NOT NULL
            ) STRICT;
            CREATE TABLE IF NOT EXISTS \(usedNonce) (
                nonce TEXT PRIMARY KEY NOT NULL,
                used_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX IF NOT EXISTS used_nonce_time ON \(usedNonce)(used_at);
            """)
    }

    /// Whether a read has a table to read (a file no server wrote to has none: nothing to find).
    static func exist(_ db: Database) throws -> Bool {
        try db.tableExists(accessKey) && db.tableExists(usedNonce)
    }
}

/// Whether a state's server tables exist, remembered once they do (they are
/// never dropped): a request does not ask SQLite's schema again.
final class ServerTablesSeen: @unchecked Sendable {
    private let lock = NSLock()
    private var seen = false

    func exist(_ db: Database) throws -> Bool {
        lock.lock()
        let known = seen
        lock.unlock()
        if known { return true }
        let found = try ServerTables.exist(db)
        if found {
            lock.lock()
            seen = true
            lock.unlock()
        }
        return found
    }
}
