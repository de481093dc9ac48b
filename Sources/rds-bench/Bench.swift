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
        var quick = false
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
            } else if a == "--quick" {
                quick = true
            } else if a == "--pull" {
                pull = true
            } else if a == "--throttle", let v = args.popFirst().flatMap(Int.init), v > 0 {
                throttle = v
            } else if a == "--seconds", let v = args.popFirst().flatMap(Double.init), v > 0 {
                seconds = v
            } else if a == "--moto-instances", let v = args.popFirst().flatMap(Int.init), v > 0 {
                motoInstances = v
            } else {
                print("usage: rds-bench [--quick | --console [--endpoint] | --http [--seconds S] [--moto-instances N] | --pull [--throttle N]] [--instances N]")
                exit(2)
            }
        }
        if quick {
            // Every section of the engine and the console, small: that each step still happens
            // (a step that does not fails the run), not how fast.
            try EngineBench.run(instances: 500)
            try ConsoleBench.run(instances: 3_000, endpoint: false)
            try ConsoleBench.run(instances: 3_000, endpoint: true)
            return
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
        try EngineBench.run(instances: requested ?? 10_000)
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
        // RDS_BENCH_FLEETS=dir keeps each fleet built there and starts later runs from a copy; a
        // fleet is kept by its schema too, so no run times the upgrade of a file an earlier build wrote.
        if let dir = ProcessInfo.processInfo.environment["RDS_BENCH_FLEETS"], !dir.isEmpty {
            let kept = "\(dir)/fleet-\(instances)-seed\(seed)-\(Engine.schemaVersion).sqlite"
            if !FileManager.default.fileExists(atPath: kept) {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try build(path: kept + ".part", instances: instances, seed: seed)
                try FileManager.default.moveItem(atPath: kept + ".part", toPath: kept)
            }
            try FileManager.default.copyItem(atPath: kept, toPath: path)
            return
        }
        try build(path: path, instances: instances, seed: seed)
    }

    private static func build(path: String, instances: Int, seed: UInt64) throws {
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

