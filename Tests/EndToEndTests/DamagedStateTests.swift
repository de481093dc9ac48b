import Foundation
import GRDB
import Testing
@testable import CrossRegionEngine

/// A state damaged inside (its header intact): found, reported, never written to.
@Suite("Damaged states")
struct DamagedStateTests {
    func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-damaged-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A state whose index pages were overwritten in the middle (the header and
    /// the tables stay readable): the damage SQLite's integrity check finds.
    static func damagedIndex(in dir: String) throws -> String {
        let path = dir + "/state.sqlite"
        let engine = try Engine.open(path: path)
        let root = try engine.store.read { db in
            try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'instance_list'")!
        }
        try engine.store.checkpoint()
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((root - 1) * 4096 + 12))  // all but the page header
        handle.write(Data(repeating: 0x5A, count: 4096 - 12))
        try handle.close()
        return path
    }

    @Test("status --check finds damage SQLite reports, exits 1 and changes nothing; serve refuses a damaged state at start")
    func integrityCheck() throws {
        let dir = try tempDir()
        let path = try Self.damagedIndex(in: dir)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let check = try CommandLineTests.run(["status", "--check", "--state", path])
        #expect(check.status == 1)
        #expect(check.err.contains("is damaged; SQLite's integrity check reports:"))
        #expect(check.err.contains("Restore it from a copy"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let serve = try CommandLineTests.run(["serve", "--port", "1", "--state", path],
                                             environment: ["RDS_CONSOLE_SECRETS_KEY": dir + "/secrets.key"])
        #expect(serve.status == 1)
        #expect(serve.err.contains("is damaged") && serve.err.contains("serve refuses it"))
        let healthy = try tempDir() + "/state.sqlite"
        _ = try Engine.open(path: healthy)
        let ok = try CommandLineTests.run(["status", "--check", "--state", healthy])
        #expect(ok.status == 0 && ok.out.hasPrefix("integrity: ok"))
    }

    @Test("Once SQLite reports the file corrupt, the engine writes nothing more to it")
    func noWritesAfterCorruption() throws {
        let dir = try tempDir()
        let path = try Self.damagedIndex(in: dir)
        let engine = try Engine.open(path: path)
        // Walking the damaged index trips SQLite's corruption report.
        let tripped = #expect(throws: EngineError.self) {
            for region in Region.all { _ = try engine.instanceIndex(InstanceFilter(set: .live, regionID: region.id)) }
            _ = try engine.store.read { db in try Row.fetchAll(db, sql: "SELECT * FROM instance INDEXED BY instance_list") }
        }
        #expect(tripped?.message.contains("is damaged") == true)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let write = #expect(throws: EngineError.self) { try engine.advanceClock(by: 3600) }
        #expect(write?.message.contains("nothing more is written") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
