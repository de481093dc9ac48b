import CrossRegionEngine
import Foundation

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
        let engine = try Engine.open(path: dir + "/account.sqlite", firstRun: .init(instances: n, seed: 11))
        let live = try engine.instances(InstanceFilter(set: .live), limit: 0).total
        print(String(format: "rds-bench --pull: a %d-instance fleet (%d live) built in %.1f s, served with --openapi-only --throttle %d",
                     n, live, Date().timeIntervalSince(t), throttle))
        let server = try BenchServer(engine: engine, dir: dir, serveArguments: ["--openapi-only", "--throttle", String(throttle)])
        let env = ["ALIBABA_CLOUD_ACCESS_KEY_ID": server.keyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": server.secret]
        let arguments = ["pull", "--endpoint", "http://127.0.0.1:\(server.port)", "--rate", String(throttle), "--json"]
        t = Date()
        let whole = try Self.pull(server.binary, arguments + ["--state", dir + "/pulled.sqlite"], env)
        let seconds = Date().timeIntervalSince(t)
        guard let calls = whole["Calls"] as? Int, let imported = whole["Imported"] as? Int, imported == live else {
            print("pull did not import the fleet: \(whole)")
            exit(1)
        }
        print(String(format: "pull: %d instances, %d calls in %.1f s (%.1f calls a second; the budget is %d)",
                     imported, calls, seconds, Double(calls) / seconds, throttle))
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
