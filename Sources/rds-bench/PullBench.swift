import CrossRegionEngine
import Foundation
import RDSClient

/// `rds-bench --pull [--instances N] [--throttle T]`: `rds-console pull` of an
/// N-instance fleet from the stand-in cloud (`serve --openapi-only --throttle
/// T`), at a rate of T calls a second. A pull that fails, or does not import
/// every live instance, fails the run: it never prints a time.
enum PullBench {
    static func run(instances n: Int, throttle: Int) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-bench-pull-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var t = Date()
        // The stand-in cloud follows today's rules, as the real one does.
        let engine = try Engine.open(path: dir + "/account.sqlite", firstRun: .init(instances: n, seed: 11, rules: .current))
        let live = try engine.instances(InstanceFilter(set: .live), limit: 0).total
        print(String(format: "rds-bench --pull: a %d-instance fleet (%d live, rules \(engine.rules.rawValue)) built in %.1f s, served with --openapi-only --throttle %d",
                     n, live, Date().timeIntervalSince(t), throttle))
        let server = try BenchServer(engine: engine, dir: dir, serveArguments: ["--openapi-only", "--throttle", String(throttle)])
        let env = ["ALIBABA_CLOUD_ACCESS_KEY_ID": server.keyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": server.secret]
        let arguments = ["pull", "--endpoint", "http://127.0.0.1:\(server.port)", "--rate", String(throttle), "--json"]
        t = Date()
        let whole = try Self.pull(server.binary, arguments + ["--state", dir + "/pulled.sqlite"], env)
        let seconds = Date().timeIntervalSince(t)
        let pulled = try Engine.open(path: dir + "/pulled.sqlite")
        guard let calls = whole["Calls"] as? Int, let imported = whole["Imported"] as? Int,
              try pulled.instances(InstanceFilter(set: .live), limit: 0).total == live else {
            print("pull did not import the fleet: \(whole)")
            exit(1)
        }
        print(String(format: "pull: %d instances (released ones holding files included), %d calls in %.1f s (%.1f calls a second; the budget is %d)",
                     imported, calls, seconds, Double(calls) / seconds, throttle))
        try applyChanges(1_000, in: pulled, dir + "/pulled.sqlite", server: server, env: env, rate: throttle)
    }

    /// `rds-console apply --write` of `count` retention changes made in the pulled state; fails the run
    /// unless every one of them is in the account afterwards.
    static func applyChanges(_ count: Int, in pulled: Engine, _ state: String, server: BenchServer, env: [String: String],
                             rate: Int) throws {
        let targets = try pulled.instances(InstanceFilter(set: .backup), limit: 100_000).items
            .filter { $0.backupEnabled && !$0.isReleased }.prefix(count)
        guard targets.count == count else {
            print("apply: the fleet has \(targets.count) instances with backup on, fewer than \(count); give more --instances")
            exit(1)
        }
        for days in [30, 31] as [Int64] {
            let ids = targets.filter { $0.retentionDays != days && (days == 30 || $0.retentionDays == 30) }.map(\.id)
            if !ids.isEmpty { _ = try pulled.modifyPolicy(ids: ids, change: PolicyChange(retentionDays: days)) }
        }
        guard try pulled.accountPlan()?.changes.count == count else {
            print("apply: the plan does not hold \(count) changes")
            exit(1)
        }
        let t = Date()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: server.binary)
        p.arguments = ["apply", "--state", state, "--yes", "--write", "--rate", String(rate),
                       "--endpoint", "http://127.0.0.1:\(server.port)"]
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let seconds = Date().timeIntervalSince(t)
        let applied = AuditLog.entries(at: state + ".audit.jsonl").filter { $0["Result"] as? String == AuditLog.Result.applied.rawValue }.count
        guard p.terminationStatus == 0, applied == count, try pulled.accountPlan()?.changes.isEmpty == true else {
            print("apply did not put every change in (exit \(p.terminationStatus), \(applied) applied): \(text.suffix(400))")
            exit(1)
        }
        print(String(format: "apply: %d changes, %d calls (a read and a write each) in %.1f s (%.1f calls a second; the budget is %d)",
                     count, count * 2, seconds, Double(count * 2) / seconds, rate))
    }

    /// Runs `rds-console pull`; its JSON summary, or the run fails.
    static func pull(_ binary: String, _ arguments: [String], _ env: [String: String]) throws -> [String: Any] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0, let summary = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            print("pull failed (exit \(p.terminationStatus)): \(String(decoding: problem.prefix(500), as: UTF8.self))")
            exit(1)
        }
        return summary
    }
}
