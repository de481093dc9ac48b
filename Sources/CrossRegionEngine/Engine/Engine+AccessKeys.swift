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
            try tx.db.execute(sql: "INSERT INTO access_key (id, sealed_secret, read_only, created_at) VALUES (?, ?, ?, ?)",
                              arguments: [key.id, Data(key.sealedSecret), key.readOnly, key.createdAt])
        }
    }

    public func accessKeys() throws -> [AccessKeyRecord] {
        try read { tx in
            try Row.fetchAll(tx.db, sql: "SELECT id, sealed_secret, read_only, created_at FROM access_key ORDER BY created_at, id")
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
            try tx.db.execute(sql: "DELETE FROM access_key WHERE id = ?", arguments: [id])
            guard tx.db.changesCount > 0 else {
                throw EngineError("InvalidAccessKeyId.NotFound", "No access key \(id).", status: 404)
            }
        }
    }

    /// Records a request's nonce (wall-clock `at`); refuses one seen in the
    /// last `window` seconds. Older nonces are forgotten, since their
    /// timestamps could not pass the time check anyway.
    public func useNonce(_ nonce: String, at: Int64, window: Int64) throws {
        try write { tx in
            try tx.db.cachedStatement(sql: "DELETE FROM used_nonce WHERE used_at < ?").execute(arguments: [at - window])
            do {
                try tx.db.cachedStatement(sql: "INSERT INTO used_nonce (nonce, used_at) VALUES (?, ?)")
                    .execute(arguments: [nonce, at])
            } catch let e as DatabaseError where e.resultCode == .SQLITE_CONSTRAINT {
                throw EngineError("SignatureNonceUsed", "Specified signature nonce was used already.", status: 400)
            }
        }
    }
}
