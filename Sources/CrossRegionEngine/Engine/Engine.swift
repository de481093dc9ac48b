import Foundation
import GRDB

/// The state engine: every rule of cross-region backup, over one state file.
/// Each public method is one request: one transaction, all or nothing.
public final class Engine: Sendable {
    public let store: StateStore

    public init(store: StateStore) {
        self.store = store
    }

    /// Opens (or creates, with the demo fleet) the state at `path`.
    public static func open(path: String, createDirectory: Bool = false,
                            firstRun: DemoFleet.Options = .standard) throws -> Engine {
        let store = try StateStore.open(path: path, createDirectory: createDirectory) { db in
            try DemoFleet.build(into: db, options: firstRun)
        }
        return Engine(store: store)
    }

    /// Runs a read-only request.
    func read<T>(_ body: (Tx) throws -> T) throws -> T {
        try store.read { db in try body(Tx(db)) }
    }

    /// Runs a request that may change the state; a thrown error rolls all of it back.
    func write<T>(_ body: (Tx) throws -> T) throws -> T {
        try store.write { db in try body(Tx(db)) }
    }

    /// The simulated time now.
    public func now() throws -> Seconds {
        try store.read { try Tx.clock($0) }
    }
}
