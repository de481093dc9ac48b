import Foundation
import GRDB

/// An API access key as the state keeps it: its secret is sealed by the
/// caller (the state never holds it in plain text).
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

extension Engine {
    public func addAccessKey(_ key: AccessKeyRecord) throws {
        try write { tx in
            try tx.db.cachedStatement(sql: "INSERT INTO access_key (id, sealed_secret, read_only, created_at) VALUES (?, ?, ?, ?)").execute(arguments: [key.id, Data(key.sealedSecret), key.readOnly, key.createdAt])
        }
    }

    public func accessKeys() throws -> [AccessKeyRecord] {
        try read { tx in
            try Row.fetchAll(tx.db.cachedStatement(sql: "SELECT id, sealed_secret, read_only, created_at FROM access_key ORDER BY created_at, id"))
                .map { AccessKeyRecord(id: $0[0], sealedSecret: [UInt8]($0[1] as Data), readOnly: $0[2], createdAt: $0[3]) }
        }
    }

    public func accessKey(id: String) throws -> AccessKeyRecord? {
        try read { tx in
            try Row.fetchOne(tx.db.cachedStatement(sql: "SELECT id, sealed_secret, read_only, created_at FROM access_key WHERE id = ?"),
                             arguments: [id])
                .map { AccessKeyRecord(id: $0[0], sealedSecret: [UInt8]($0[1] as Data), readOnly: $0[2], createdAt: $0[3]) }
        }
    }

    public func deleteAccessKey(id: String) throws {
        try write { tx in
            try tx.db.cachedStatement(sql: "DELETE FROM access_key WHERE id = ?").execute(arguments: [id])
            guard tx.db.changesCount > 0 else {
                throw EngineError(.accessKeyNotFound, "No access key \(id).")
            }
        }
    }

    /// Whether `nonce` is recorded as used (by this or another server on the state).
    public func nonceRecorded(_ nonce: String) throws -> Bool {
        try store.read { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM used_nonce WHERE nonce = ?"), arguments: [nonce]) ?? false
        }
    }

    /// Nonces recorded as used at or after wall-clock time `since`.
    public func recordedNonces(since: Int64) throws -> [(nonce: String, at: Int64)] {
        try store.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT nonce, used_at FROM used_nonce WHERE used_at >= ?"), arguments: [since])
                .map { ($0[0], $0[1]) }
        }
    }

    /// Records used nonces in one transaction and forgets those used before
    /// `forgetBefore` (their timestamps could not pass the time check anyway).
    /// Not a change of the state: the generation does not move.
    public func recordNonces(_ nonces: [(nonce: String, at: Int64)], forgetBefore: Int64) throws {
        try store.write { db in
            try db.cachedStatement(sql: "DELETE FROM used_nonce WHERE used_at < ?").execute(arguments: [forgetBefore])
            for n in nonces {
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO used_nonce (nonce, used_at) VALUES (?, ?)")
                    .execute(arguments: [n.nonce, n.at])
            }
        }
    }
}
