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

    @Test("A -wal or -shm already beside a new state's path is refused by drill --rehearse --into, import and demo; nothing is left behind")
    func leftoversBesideNewStates() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try state("state.sqlite")
        #expect(try CommandLineTests.run(["clock", "advance", "1d", "--state", source]).status == 0)
        let into = dir + "/rehearsal.sqlite"
        let first = try CommandLineTests.run(["drill", "--region", "cn-hangzhou", "--rehearse", "--into", into, "--state", source])
        #expect(first.status == 0, "\(first.err)")
        // A process writes to the copy and is killed before a checkpoint; the user deletes only the copy.
        let log = try leftoverLog(of: into, after: "UPDATE meta SET value = 1790000000 WHERE key = 'clock'")
        try FileManager.default.removeItem(atPath: into)
        try log.write(to: URL(fileURLWithPath: into + "-wal"))
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ImportSamples/describe-db-instances-hangzhou.json").path
        let commands = [["drill", "--region", "cn-hangzhou", "--rehearse", "--into", into, "--state", source],
                        ["import", samples, "--state", into], ["demo", "--state", into]]
        for command in commands {
            let r = try CommandLineTests.run(command)
            #expect(r.status == 1, "\(command[0]): \(r.out)")
            #expect(r.err.contains("\(into)-wal is already beside \(into)"), "\(command[0]): \(r.err)")
            #expect(r.err.contains("Nothing was written."))
            let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains("rehearsal") }.sorted()
            #expect(left == ["rehearsal.sqlite-wal"], "\(command[0]) leaves nothing behind: \(left)")
        }
        try FileManager.default.removeItem(atPath: into + "-wal")
        // The half-built copy of a process that was killed while building is swept; a live process's is kept.
        let abandoned = dir + "/.rehearsal.sqlite.creating-2147483000-17", live = dir + "/.rehearsal.sqlite.creating-\(getpid())-18"
        for file in [abandoned, abandoned + "-wal", live] { #expect(FileManager.default.createFile(atPath: file, contents: Data([1, 2, 3]))) }
        let again = try CommandLineTests.run(commands[0] + ["--json"])
        #expect(again.status == 0, "\(again.err)")
        #expect(!FileManager.default.fileExists(atPath: abandoned) && !FileManager.default.fileExists(atPath: abandoned + "-wal"))
        #expect(FileManager.default.fileExists(atPath: live))
        let copy = try DatabaseQueue(path: into)
        #expect(try copy.read { try Int64.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'clock'") } != 1_790_000_000,
                "the new copy holds nothing of the old log")
        let ids = try [source, into].map { path in
            try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "SELECT text FROM meta WHERE key = 'state_id'") }
        }
        #expect(ids[0] != ids[1], "a copy is a state of its own")
    }

    @Test("2,000 short processes, 20 at a time, on one state: none fails, and every instance created is there")
    func concurrentProcesses() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Made and then left by another process: no connection of this one holds the state open.
        let target = dir + "/state.sqlite"
        #expect(try CommandLineTests.run(["demo", "--empty", "--state", target]).status == 0)
        let create = ["api", "CreateDBInstance", "--state", target, "--RegionId", "cn-hangzhou", "--Engine", "MySQL",
                      "--EngineVersion", "8.0", "--DBInstanceClass", "rds.mysql.s2.large", "--DBInstanceStorage", "100",
                      "--DBInstanceNetType", "Intranet", "--PayType", "Postpaid", "--SecurityIPList", "10.0.0.0/8"]
        let read = ["api", "DescribeDBInstances", "--state", target, "--RegionId", "cn-hangzhou", "--PageSize", "1"]
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 20) { worker in
            for i in 0..<100 {
                let command = (worker + i) % 2 == 0 ? create : read
                do {
                    let r = try CommandLineTests.run(command)
                    if r.status != 0 { failures.add("\(command[1]) exit \(r.status): \(r.err.prefix(300))") }
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.count) of 2,000 failed, e.g. \(failures.all.prefix(3))")
        let listed = try CommandLineTests.run(read)
        #expect(listed.out.contains(#""TotalRecordCount": 1000"#), "every committed creation is kept: \(listed.out.prefix(200))")
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

/// What failed, from many threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
