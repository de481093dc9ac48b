import Foundation
import GRDB
import Testing
@testable import CrossRegionEngine

@Suite("The state file")
struct StoreTests {
    func tempDir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("rds-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test("A corrupt file is refused and left byte for byte as it was")
    func corruptUntouched() throws {
        let dir = try tempDir()
        let path = dir + "/state.sqlite"
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect(throws: EngineError.self) { try Engine.open(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("A damaged state (valid header, broken pages) is refused, not repaired")
    func damagedState() throws {
        let dir = try tempDir()
        let path = dir + "/state.sqlite"
        _ = try Engine.open(path: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for i in stride(from: 4096, to: bytes.count, by: 7) { bytes[i] = 0xFF }
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: EngineError.self) {
            let e = try Engine.open(path: path)
            _ = try e.fleetCost()
            _ = try e.instances(InstanceFilter(set: .all), limit: 1000)
        }
        #expect(error?.code == .stateFileUnusable)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("An empty file, another SQLite database and a missing folder are refused with a clear message")
    func otherFiles() throws {
        let dir = try tempDir()
        _ = FileManager.default.createFile(atPath: dir + "/empty.sqlite", contents: Data())
        let e1 = #expect(throws: EngineError.self) { try Engine.open(path: dir + "/empty.sqlite") }
        #expect(e1?.message.contains("empty file") == true)

        let other = dir + "/other.sqlite"
        let q = try DatabaseQueue(path: other)
        try q.write { try $0.execute(sql: "CREATE TABLE t(x); INSERT INTO t VALUES (1)") }
        let before = try Data(contentsOf: URL(fileURLWithPath: other))
        let e2 = #expect(throws: EngineError.self) { try Engine.open(path: other) }
        #expect(e2?.message.contains("not an rds-console state") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before)

        let e3 = #expect(throws: EngineError.self) { try Engine.open(path: dir + "/no/such/folder/state.sqlite") }
        #expect(e3?.message.contains("does not exist") == true)
        #expect(!FileManager.default.fileExists(atPath: dir + "/no"))
    }

    @Test("The first run makes the demo fleet: all regions, TDE, log backup, two released instances with files")
    func demoFleet() throws {
        let a = try Fixture(options: .standard)
        let b = try Fixture(options: .standard)
        let all = try a.engine.instances(InstanceFilter(set: .all), limit: 1000).items
        #expect(all.count == 100)
        #expect(try a.engine.instances(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).total >= 60)
        #expect(Set(all.map(\.regionID)).count == 10)
        #expect(all.contains { $0.tdeEnabled })
        #expect(all.contains { $0.logBackupEnabled && !$0.isReleased })
        #expect(all.contains { $0.unqualifiedReason != nil && !$0.isReleased })
        let released = all.filter(\.isReleased)
        #expect(released.count == 2)
        for r in released { #expect(!(try a.dataFiles(r.id)).isEmpty) }
        #expect(UTCTime.format(a.now) == "2026-10-01T00:00:00Z")
        #expect(try b.engine.instances(InstanceFilter(set: .all), limit: 1000).items == all)
    }

    @Test("A demo fleet's indexes, made after its rows, are the ones the schema makes, and answer as they do")
    func demoIndexes() throws {
        let demo = try Fixture(options: .standard)
        let empty = try Fixture()
        func indexes(_ f: Fixture) throws -> [String] {
            try DatabaseQueue(path: f.path).read {
                try String.fetchAll($0, sql: "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            }
        }
        let made = try indexes(demo)
        #expect(made == (try indexes(empty)) && made.contains { $0.hasPrefix("instance_list: ") })
        let check = try DatabaseQueue(path: demo.path).read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        #expect(check == ["ok"])
        let pending = InstanceFilter(set: .pending, regionID: "cn-hangzhou")
        #expect(try demo.engine.instanceIndex(pending).count == (try demo.engine.instances(pending, limit: 1000)).total)
    }

    @Test("Two writers on one file never lose an update and never fail busy")
    func concurrentWriters() async throws {
        let f = try Fixture()
        let ids = try (0..<8).map { _ in try f.create() }
        try f.advance("1d")
        let second = try Engine.open(path: f.path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (n, engine) in [f.engine, second].enumerated() {
                group.addTask {
                    for round in 0..<40 {
                        let id = ids[(round * 2 + n) % ids.count]
                        try engine.modifyPolicy(ids: [id], change: PolicyChange(retentionDays: Int64(7 + round)))
                        try engine.advanceClock(by: 60)
                    }
                }
            }
            try await group.waitForAll()
        }
        let secondNow = try second.now()
        #expect(f.now == secondNow)
        let expectedClock = UTCTime.parse("2026-10-02T00:00:00Z")! + 80 * 60
        #expect(f.now == expectedClock)
        // The last round that touched each instance wins.
        for (i, id) in ids.enumerated() {
            let rounds = (0..<40).flatMap { r in (0..<2).filter { (r * 2 + $0) % ids.count == i }.map { _ in r } }
            #expect(try f.engine.instance(id: id).retentionDays == Int64(7 + rounds.max()!))
        }
    }

    /// Two reads on two threads, each holding its transaction until it sees the other inside
    /// its own: true when both did within a second.
    static func readsMeet(_ store: StateStore) -> Bool {
        let inside = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let met = Met()
        let done = DispatchGroup()
        for (mine, other) in [(inside.0, inside.1), (inside.1, inside.0)] {
            done.enter()
            Thread {
                let saw = (try? store.read { db -> Bool in
                    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM instance")
                    mine.signal()
                    return other.wait(timeout: .now() + 1) == .success
                }) ?? false
                met.add(saw)
                done.leave()
            }.start()
        }
        done.wait()
        return met.count == 2
    }

    final class Met: @unchecked Sendable {
        private let lock = NSLock()
        private var seen = 0
        func add(_ saw: Bool) { lock.lock(); if saw { seen += 1 }; lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return seen }
    }

    @Test("Serving, reads on two threads run side by side on connections of their own; with one allowed, the second waits its turn and still answers")
    func readsSideBySide() throws {
        let f = try Fixture()
        _ = try f.create()
        try f.engine.store.serveConcurrently(writeWait: 1, readers: 2)
        #expect(Self.readsMeet(f.engine.store))
        let one = try Engine.open(path: f.path)
        try one.store.serveConcurrently(writeWait: 1, readers: 1)
        #expect(!Self.readsMeet(one.store))
        #expect(try one.instances(InstanceFilter(set: .all), limit: 10).total == 1)
    }
}
