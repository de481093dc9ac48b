import Crypto
import Foundation
import GRDB
import Testing
@testable import CrossRegionEngine

/// A `-wal` beside a state that is not the state's own is refused before
/// SQLite folds it in; the state's own leftover `-wal` is replayed.
@Suite("Stray write-ahead logs")
struct WriteAheadLogTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-wal-\(UUID().uuidString)").path

    func sha256(_ path: String) throws -> String {
        SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }

    /// A state made by the binary (another process), closed cleanly: no `-wal`.
    func state(_ name: String) throws -> String {
        let path = dir + "/" + name
        let r = try CommandLineTests.run(["status", "--state", path])
        #expect(r.status == 0)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        return path
    }

    /// The `-wal` a process leaves when it dies after writing `sql` to `db`, before any checkpoint.
    func leftoverLog(of db: String, after sql: String) throws -> Data {
        var config = Configuration()
        config.prepareDatabase { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        let queue = try DatabaseQueue(path: db, configuration: config)
        try queue.writeWithoutTransaction { db in
            if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" { try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try db.execute(sql: sql)
        }
        let wal = try Data(contentsOf: URL(fileURLWithPath: db + "-wal"))
        try queue.close()
        return wal
    }

    init() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    @Test("A -wal from a foreign database or from another state is refused; neither file changes, byte for byte")
    func strayLogs() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = try state("state.sqlite")
        let other = try state("other.sqlite")
        let foreign = dir + "/foreign.sqlite"
        let strays: [(String, Data)] = [
            ("a foreign database", try leftoverLog(of: foreign, after: "CREATE TABLE t(x); INSERT INTO t VALUES (zeroblob(9000))")),
            ("another state", try leftoverLog(of: other, after: "UPDATE meta SET value = value + 1 WHERE key = 'generation'")),
            ("not a log", Data(repeating: 7, count: 5000)),
        ]
        for (what, log) in strays {
            try log.write(to: URL(fileURLWithPath: target + "-wal"))
            let before = (try sha256(target), try sha256(target + "-wal"))
            for command in [["status"], ["api", "DescribeDBInstances", "--RegionId", "cn-hangzhou"], ["clock", "advance", "1d"]] {
                let r = try CommandLineTests.run(command + ["--state", target])
                #expect(r.status == 1, "\(what): \(command)")
                #expect(r.err.contains("\(target)-wal does not belong to \(target)"), "\(what): \(r.err)")
                #expect(r.err.contains("Neither file was changed"))
            }
            #expect((try sha256(target), try sha256(target + "-wal")) == before, "\(what)")
        }
        try FileManager.default.removeItem(atPath: target + "-wal")
        #expect(try CommandLineTests.run(["status", "--state", target]).status == 0)
    }

    @Test("The state's own leftover -wal (a process that died before a checkpoint) is replayed")
    func ownLog() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = try state("state.sqlite")
        let copy = dir + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: target, toPath: copy)
        let log = try leftoverLog(of: copy, after: "UPDATE meta SET value = 1790000000 WHERE key = 'clock'")
        try log.write(to: URL(fileURLWithPath: target + "-wal"))
        let r = try CommandLineTests.run(["clock", "--state", target])
        #expect(r.status == 0)
        #expect(r.out.contains(UTCTime.format(1_790_000_000)))
    }
}
