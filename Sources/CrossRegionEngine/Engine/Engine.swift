import Foundation
import GRDB

/// The state engine: every rule of cross-region backup, over one state file.
/// Each public method is one request: one transaction, all or nothing.
public final class Engine: Sendable {
    public let store: StateStore
    /// The edition of the rules the state follows, recorded when it was made.
    public let rules: RulesEdition
    /// The costs of the last list asked for (see `CostMemo`).
    let costMemo = CostMemo()

    public init(store: StateStore) throws {
        self.store = store
        self.rules = try store.read { try Tx.rules($0) }
    }

    /// The name of the state file's newest schema (a file written before it is upgraded when opened).
    public static var schemaVersion: String { Schema.migrator.migrations.last ?? "" }

    /// Opens (or creates, with the demo fleet) the state at `path`.
    public static func open(path: String, createDirectory: Bool = false,
                            firstRun: DemoFleet.Options = .standard) throws -> Engine {
        let store = try StateStore.open(path: path, createDirectory: createDirectory) { db in
            try DemoFleet.build(into: db, options: firstRun)
        }
        return try Engine(store: store)
    }

    /// Runs a read-only request.
    func read<T>(_ body: (Tx) throws -> T) throws -> T {
        try store.read { db in try body(Tx(db)) }
    }

    /// Runs a request that may change the state; a thrown error rolls all of it back.
    /// Every write moves the state's generation on (see `changeToken`).
    func write<T>(_ body: (Tx) throws -> T) throws -> T {
        try store.write { db in
            let result = try body(Tx(db))
            try Self.moveGeneration(db)
            return result
        }
    }

    /// Marks a change of the state (see `changeToken`).
    static func moveGeneration(_ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE meta SET value = value + 1 WHERE key = 'generation'").execute()
    }

    /// A number that changes whenever any process changes the state: views
    /// keep what they computed (counts, pages) until it moves.
    public func changeToken() throws -> Int64 {
        try store.read { db in try Tx.generation(db) }
    }

    /// The simulated time now.
    public func now() throws -> Seconds {
        try store.read { try Tx.clock($0) }
    }
}
