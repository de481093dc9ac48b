import CrossRegionEngine
import GRDB

/// The signature nonces servers on a state file have used, in their own table
/// of it, so a restarted server or a second one still refuses a replay. Not
/// a change of the state: the generation does not move.
public struct UsedNonces: Sendable {
    let store: StateStore

    public init(_ store: StateStore) {
        self.store = store
    }

    /// Whether `nonce` is recorded as used.
    public func contains(_ nonce: String) throws -> Bool {
        try store.read { db in try ServerTables.exist(db) && Self.contains(nonce, in: db) }
    }

    /// Whether `nonce` is recorded, read in a transaction of the caller's (the server's tables exist).
    static func contains(_ nonce: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM used_nonce WHERE nonce = ?"), arguments: [nonce]) ?? false
    }

    /// Nonces recorded as used at or after wall-clock time `since`.
    public func recorded(since: Int64) throws -> [(nonce: String, at: Int64)] {
        try store.read { db in
            guard try ServerTables.exist(db) else { return [] }
            return try Row.fetchAll(db.cachedStatement(sql: "SELECT nonce, used_at FROM used_nonce WHERE used_at >= ?"), arguments: [since])
                .map { ($0[0], $0[1]) }
        }
    }

    /// Records used nonces in one transaction and forgets those used before
    /// `forgetBefore` (their timestamps could not pass the time check anyway).
    public func record(_ nonces: [(nonce: String, at: Int64)], forgetBefore: Int64) throws {
        try store.write { db in
            try ServerTables.ensure(db)
            try db.cachedStatement(sql: "DELETE FROM used_nonce WHERE used_at < ?").execute(arguments: [forgetBefore])
            for n in nonces {
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO used_nonce (nonce, used_at) VALUES (?, ?)")
                    .execute(arguments: [n.nonce, n.at])
            }
        }
    }
}
