import CrossRegionEngine
import Foundation

/// `rds-bench [--instances N]`: the engine's speed on a fleet of N qualifying instances in one
/// region: a batch enable, a year of copies, query latencies and the drill, each with its goal.
enum EngineBench {
    static func run(instances: Int) throws {
        let n = instances
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
        let ids = try engine.instanceIndex(InstanceFilter(set: .pending, regionID: Region.defaultID)).ids
        let change = PolicyChange(backupEnabled: true, destination: "cn-shanghai", retentionDays: 1825, logBackupEnabled: true)
        t = Date()
        // As the console's batch and LocalModifyInstanceCrossBackupPolicy do it: the IDs set, not the instances.
        let changed = try engine.changePolicy(ids: ids, change: change, regionID: Region.defaultID)
        let batch = Date().timeIntervalSince(t)
        let plain = try Bench.plainUpdate(path: dir + "/plain.sqlite", ids: ids)
        print(String(format: "1. batch enable of %d instances in one request: %.3f s; plain SQL UPDATE of the same rows: %.3f s; ratio %.2fx (goal < 0.5 s, < 3x)",
                     changed.count, batch, plain, batch / plain))

        // 2. One year on that fleet.
        t = Date()
        try engine.advanceClock(by: 365 * 86_400)
        let year = Date().timeIntervalSince(t)
        try engine.store.checkpoint()
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        print(String(format: "2. advance 1 year, %d instances enabled with log backup, retention 1825: %.4f s; state file %.1f MB; peak memory %.1f MB (goal < 5 s, < 500 MB, < 500 MB)",
                     changed.count, year, Double(size) / 1e6, Bench.peakMemoryMB()))

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
            try Bench.expectSuccess(api.call("DescribeCrossRegionBackups", [
                "RegionId": Region.defaultID, "DBInstanceId": one, "StartTime": "2020-01-01T00:00:00Z", "EndTime": now]))
        }
        try measure("DescribeCrossRegionLogBackupFiles, first page, one instance") {
            try Bench.expectSuccess(api.call("DescribeCrossRegionLogBackupFiles", [
                "RegionId": Region.defaultID, "DBInstanceId": one, "StartTime": "2020-01-01T00:00:00Z", "EndTime": now]))
        }
        try measure("DescribeCrossRegionBackupDBInstance, first page, region") {
            try Bench.expectSuccess(api.call("DescribeCrossRegionBackupDBInstance", ["RegionId": Region.defaultID]))
        }
        let costOfFleet = "cost of the whole fleet"
        try measure(costOfFleet) { _ = try engine.fleetCost() }
        let files = try engine.crossRegionFiles(instanceID: one, query: FileQuery(kind: .log, limit: 1)).total
        print("3. query latency over 60 runs (one instance holds \(files) cross-region log files; goal < 20 ms each):")
        for (name, s) in stats {
            let goal = name == costOfFleet ? "  (goal median <= 5 ms, p99 <= 10 ms)" : ""
            print(String(format: "   %-62@ median %6.2f ms  p99 %6.2f ms%@", name as NSString, s[s.count / 2], s[s.count * 99 / 100], goal))
        }
        var drills: [Double] = []
        var report: DrillReport?
        for _ in 0..<10 {
            let s = Date()
            report = try engine.drill(region: Region.defaultID, rpoTarget: 3600)
            drills.append(Date().timeIntervalSince(s) * 1000)
        }
        drills.sort()
        print(String(format: "4. disaster-recovery drill of \(Region.defaultID) (%d instances, %d protected, a year of files each), 10 runs: median %.1f ms, max %.1f ms (goal at 100,000: < 200 ms)",
                     report!.summary.instances, report!.summary.protected, drills[drills.count / 2], drills.last!))
    }
}
