import CrossRegionEngine
import Foundation
import GRDB

/// An API access key as the state file keeps it: its secret is sealed by the
/// caller (the file never holds it in plain text).
public struct AccessKeyRecord: Sendable, Equatable {
    public var id: String
    public var sealedSecret: [UInt8]
    public var readOnly: Bool
    /// Wall-clock seconds.
    public var createdAt: Int64

    public init(id: String, sealedSecret: [UInt8], readOnly: Bool, createdAt: Int64) {
        self.id = id
        self.sealedSecret = sealedSecret
        self.readOnly = readOnly
        self.createdAt = createdAt
    }
}

/// The endpoint's access keys, in their own table of the state file (so a
/// copy of the state takes its keys along). They are the server's, not the
/// engine's: adding or deleting one is not a change of the state.
public struct AccessKeys: Sendable {
    let store: StateStore

    public init(_ store: StateStore) {
        self.store = store
    }

    public func add(_ key: AccessKeyRecord) throws {
        try store.write { db in
            try ServerTables.ensure(db)
            try db.cachedStatement(sql: "INSERT INTO access_key (id, sealed_secret, read_only, created_at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [key.id, Data(key.sealedSecret), key.readOnly, key.createdAt])
        }
    }

    public func all() throws -> [AccessKeyRecord] {
        try store.read { db in
            guard try ServerTables.exist(db) else { return [] }
            return try Row.fetchAll(db.cachedStatement(sql: "SELECT id, sealed_secret, read_only, created_at FROM access_key ORDER BY created_at, id"))
                .map(Self.record)
        }
    }

    public func find(id: String) throws -> AccessKeyRecord? {
        try store.read { db in try ServerTables.exist(db) ? Self.find(id: id, in: db) : nil }
    }

    /// The key `id`, read in a transaction of the caller's (the server's tables exist).
    static func find(id: String, in db: Database) throws -> AccessKeyRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT id, sealed_secret, read_only, created_at FROM access_key WHERE id = ?"),
                         arguments: [id]).map(Self.record)
    }

    public func delete(id: String) throws {
        try store.write { db in
            try ServerTables.ensure(db)
            try db.cachedStatement(sql: "DELETE FROM access_key WHERE id = ?").execute(arguments: [id])
            guard db.changesCount > 0 else { throw EngineError(.accessKeyNotFound, "No access key \(id).") }
        }
    }

    private static func record(_ row: Row) -> AccessKeyRecord {
        AccessKeyRecord(id: row[0], sealedSecret: [UInt8](row[1] as Data), readOnly: row[2], createdAt: row[3])
    }
}
