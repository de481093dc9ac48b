import CrossRegionEngine
import Foundation
import GRDB

/// `swift run -c release rds-bench [--instances N]`: the engine's speed on
/// big fleets, printed with the sizes it ran on.
@main
struct Bench {
    static func main() throws {
        var requested: Int? = nil
        var console = false
        var http = false
        var endpoint = false
        var seconds = 3.0
        var motoInstances = 300
        var pull = false
        var throttle = 50
        var args = CommandLine.arguments.dropFirst()
        while let a = args.popFirst() {
            if a == "--instances", let v = args.popFirst().flatMap(Int.init), v > 0 {
                requested = v
            } else if a == "--console" {
                console = true
            } else if a == "--endpoint" {
                endpoint = true
            } else if a == "--http" {
                http = true
            } else if a == "--pull" {
                pull = true
            } else if a == "--throttle", let v = args.popFirst().flatMap(Int.init), v > 0 {
                throttle = v
            } else if a == "--seconds", let v = args.popFirst().flatMap(Double.init), v > 0 {
                seconds = v
            } else if a == "--moto-instances", let v = args.popFirst().flatMap(Int.init), v > 0 {
                motoInstances = v
            } else {
                print("usage: rds-bench [--console [--endpoint] | --http [--seconds S] [--moto-instances N] | --pull [--throttle N]] [--instances N]")
                exit(2)
            }
        }
        if pull {
            try PullBench.run(instances: requested ?? 10_000, throttle: throttle)
            return
        }
        if http {
            try HTTPBench.run(instances: requested ?? 10_000, motoInstances: motoInstances, seconds: seconds,
                              clientCounts: [1, 32])
            return
        }
        if console {
            try ConsoleBench.run(instances: requested ?? 100_000, endpoint: endpoint)
            return
        }
        let n = requested ?? 10_000
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        print("rds-bench: \(n) qualifying instances in \(Region.defaultID); state files under \(dir)")

        // 1. Batch enable vs a plain UPDATE of the same rows.
        let path = dir + "/batch.sqlite"
        var t = Date()
        let engine = try Engine.open(path: path, firstRun: .init(instances: n, seed: 7, plainRegion: Region.defaultID))
        print(String(format: "fleet built in %.2f s", Date().timeIntervalSince(t)))
        try FileManager.default.copyItem(atPath: path, toPath: dir + "/plain.sqlite")
        let ids = try engine.instances(InstanceFilter(set: .pending, regionID: Region.defaultID), limit: n).items.map(\.id)
        let change = PolicyChange(backupEnabled: true, destination: "cn-shanghai", retentionDays: 1825, logBackupEnabled: true)
        t = Date()
        let changed = try engine.modifyPolicy(ids: ids, change: change, regionID: Region.defaultID)
        let batch = Date().timeIntervalSince(t)
        let plain = try plainUpdate(path: dir + "/plain.sqlite", ids: ids)
        print(String(format: "1. batch enable of %d instances in one request: %.3f s; plain SQL UPDATE of the same rows: %.3f s; ratio %.2fx (goal < 0.5 s, < 3x)",
                     changed.count, batch, plain, batch / plain))

        // 2. One year on that fleet.
        t = Date()
        try engine.advanceClock(by: 365 * 86_400)
        let year = Date().timeIntervalSince(t)
        try engine.store.checkpoint()
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        print(String(format: "2. advance 1 year, %d instances enabled with log backup, retention 1825: %.4f s; state file %.1f MB; peak memory %.1f MB (goal < 5 s, < 500 MB, < 500 MB)",
                     changed.count, year, Double(size) / 1e6, peakMemoryMB()))

        // 3. Query latency on that state.
        let api = OpenAPI(engine: engine)
        let one = ids[ids.count / 2]
        let now = UTCTime.format(try engine.now())
        var stats: [(String, [Double])] = []
        func measure(_ name: String, _ body: () throws -> Void) rethrows {
            var samples: [Double] = []
            for _ in 0..<60 {
                let s = Date()
                try body()
                samples.append(Date().timeIntervalSince(s) * 1000)
            }
            stats.append((name, samples.sorted()))
        }
        try measure("DescribeCrossRegionBackups, first page, one instance") {
            try expectSuccess(api.call("DescribeCrossRegionBackups", [
                "RegionId": Region.defaultID, "DBInstanceId": one, "StartTime": "2020-01-01T00:00:00Z", "EndTime": now]))
        }
        try measure("DescribeCrossRegionLogBackupFiles, first page, one instance") {
            try expectSuccess(api.call("DescribeCrossRegionLogBackupFiles", [
                "RegionId": Region.defaultID, "DBInstanceId": one, "StartTime": "2020-01-01T00:00:00Z", "EndTime": now]))
        }
        try measure("DescribeCrossRegionBackupDBInstance, first page, region") {
            try expectSuccess(api.call("DescribeCrossRegionBackupDBInstance", ["RegionId": Region.defaultID]))
        }
        try measure("cost of the whole fleet") { _ = try engine.fleetCost() }
        let files = try engine.crossRegionFiles(instanceID: one, query: FileQuery(kind: .log, limit: 1)).total
        print("3. query latency over 60 runs (one instance holds \(files) cross-region log files; goal < 20 ms each):")
        for (name, s) in stats {
            print(String(format: "   %-62@ median %6.2f ms  p99 %6.2f ms", name as NSString, s[s.count / 2], s[s.count * 99 / 100]))
        }
        var drills: [Double] = []
        var report: DrillReport?
        for _ in 0..<10 {
            let s = Date()
            report = try engine.drill(region: Region.defaultID, rpoTarget: 3600)
            drills.append(Date().timeIntervalSince(s) * 1000)
        }
        drills.sort()
        print(String(format: "4. disaster-recovery drill of \(Region.defaultID) (%d instances, %d protected, a year of files each), 10 runs: median %.1f ms, max %.1f ms",
                     report!.summary.instances, report!.summary.protected, drills[drills.count / 2], drills.last!))
    }

    static func expectSuccess(_ outcome: OpenAPI.Outcome) throws {
        if case .failure(let e, _) = outcome { throw e }
    }

    /// The same rows, the same columns, one transaction, no rules.
    static func plainUpdate(path: String, ids: [String]) throws -> TimeInterval {
        let queue = try DatabaseQueue(path: path)
        let t = Date()
        try queue.write { db in
            let stmt = try db.makeStatement(sql: """
                UPDATE instance SET xb_enabled = 1, xb_region = ?, retention = ?, log_enabled = 1, xb_enabled_at = ?, \
                log_enabled_at = ?, epoch_at = ?, epoch_sid = ?, seed_start = ?, seed_end = ?, seed_at = ?, \
                log_chain_start = ? WHERE id = ?
                """)
            for (i, id) in ids.enumerated() {
                try stmt.execute(arguments: ["cn-shanghai", 1825, 1, 1, 1, i * 4, 1, 1, 1, 1, id])
            }
        }
        return Date().timeIntervalSince(t)
    }

    /// The peak resident memory since the last `resetPeakMemory` (Linux's VmHWM), else since the start.
    static func peakMemoryMB() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
            return kb / 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// A demo fleet at `path`: built by the `rds-console` beside this binary, in its own process
    /// (the build's page cache is not the console's memory), else here.
    static func buildDemo(path: String, instances: Int, seed: UInt64) throws {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rds-console")
        guard FileManager.default.isExecutableFile(atPath: beside.path) else {
            try Engine.open(path: path, firstRun: .init(instances: instances, seed: seed)).store.checkpoint()
            return
        }
        let demo = Process()
        demo.executableURL = beside
        demo.arguments = ["demo", "--instances", String(instances), "--seed", String(seed), "--state", path]
        demo.standardOutput = FileHandle.nullDevice
        try demo.run()
        demo.waitUntilExit()
        guard demo.terminationStatus == 0 else {
            print("rds-console demo could not build the fleet (exit \(demo.terminationStatus))")
            exit(1)
        }
    }
}

