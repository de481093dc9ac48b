import CrossRegionEngine
import Foundation
import RDSServer
import Testing

@Suite("Signature nonces")
struct NonceLedgerTests {
    static func state() throws -> (Engine, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-nonce-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return (try Engine.open(path: dir + "/state.sqlite", firstRun: .init(instances: 1, seed: 1)), dir)
    }

    @Test("A nonce is refused the second time, by this server, by a restarted one and by a second one on the state")
    func replay() throws {
        let (engine, dir) = try Self.state()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let now: Int64 = 1_800_000_000
        let first = try NonceLedger(engine: engine, window: 1800, now: now)
        #expect(try first.use("a1b2c3d4e5", at: now))
        #expect(try !first.use("a1b2c3d4e5", at: now + 1))
        #expect(try first.use("f6g7h8i9j0", at: now + 2))
        let generation = try engine.changeToken()
        try first.flush(now: now + 2)
        #expect(try engine.changeToken() == generation, "recording nonces is not a change of the state")
        let restarted = try NonceLedger(engine: engine, window: 1800, now: now + 60)
        #expect(try !restarted.use("a1b2c3d4e5", at: now + 60))
        let other = try Engine.open(path: engine.store.path)
        let second = try NonceLedger(engine: other, window: 1800, now: now - 3600)  // loaded nothing: checks the state
        #expect(try !second.use("f6g7h8i9j0", at: now + 61))
        #expect(try second.use("k1l2m3n4o5", at: now + 61))
    }

    @Test("Nonces older than the window are forgotten")
    func forgotten() throws {
        let (engine, dir) = try Self.state()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let now: Int64 = 1_800_000_000
        let ledger = try NonceLedger(engine: engine, window: 1800, now: now)
        #expect(try ledger.use("old-nonce-1", at: now))
        try ledger.flush(now: now)
        _ = try ledger.use("new-nonce-1", at: now + 3600)
        try ledger.flush(now: now + 3600)
        #expect(try UsedNonces(engine.store).recorded(since: 0).map(\.nonce) == ["new-nonce-1"])
        // Forgotten in memory too: past the window its timestamp fails the time check before the nonce is looked at.
        #expect(try ledger.use("old-nonce-1", at: now + 3601))
        #expect(try !ledger.use("new-nonce-1", at: now + 3601))
    }
}
