import CrossRegionEngine
import Foundation
import OpenAPIAuth
import RDSClient

/// `rds-bench --http`: requests per second and latency of `rds-console
/// serve`, and beside it, with the same load generator, of moto_server (the
/// usual local AWS emulator) answering DescribeDBInstanceAutomatedBackups.
enum HTTPBench {
    static func run(instances n: Int, motoInstances: Int, seconds: Double, clientCounts: [Int]) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-bench-http-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // The state, a key, and the server.
        let engine = try Engine.open(path: dir + "/state.sqlite", firstRun: .init(instances: n, seed: 7))
        let enabled = try engine.instances(InstanceFilter(set: .backup, regionID: Region.defaultID, status: "Running"), limit: 1000)
            .items.filter(\.backupEnabled).map(\.id)
        guard enabled.count >= 10 else { print("the demo fleet has too few enabled instances"); exit(1) }
        let server = try BenchServer(engine: engine, dir: dir)
        defer { withExtendedLifetime(server) {} }  // the server runs until the end
        let port = server.port

        // moto_server with a comparable fleet, if it is installed.
        var moto: (process: Process, port: Int)? = nil
        if let motoBinary = which("moto_server") {
            let p = Loopback.freePort()
            moto = (try BenchServer.spawn(motoBinary, ["-p", String(p)], environment: [:]), p)
            BenchServer.waitUntilListening(p)
            try createMotoFleet(port: p, count: motoInstances)
        } else {
            print("moto_server not found (pip install 'moto[server]'): measuring rds-console serve alone")
        }
        defer { if let moto { BenchServer.stop(moto.process) } }

        print("rds-bench --http: rds-console serve on a \(n)-instance state (\(enabled.count) enabled in \(Region.defaultID) used); "
              + (moto != nil ? "moto_server with \(motoInstances) RDS instances; " : "")
              + "\(seconds) s per run; closed loop, one keep-alive connection per client, every request signed")
        let signer = RequestSigner(accessKeyID: server.keyID, secret: server.secret)
        let host = "127.0.0.1:\(port)"
        let describe: @Sendable (Int, Int) -> LoadGenerator.Request = { c, i in
            let (query, headers) = signer.sign(action: "DescribeInstanceCrossBackupPolicy", parameters: [
                "RegionId": Region.defaultID, "DBInstanceId": enabled[(c * 7 + i) % enabled.count]], host: host)
            return .init(target: "/?" + query, headers: headers)
        }
        let batch: @Sendable (Int, Int) -> LoadGenerator.Request = { c, i in
            let ids = (0..<10).map { enabled[(c * 10 + i * 3 + $0) % enabled.count] }
            let (query, headers) = signer.sign(action: "ModifyInstanceCrossBackupPolicy", parameters: [
                "RegionId": Region.defaultID, "DBInstanceId": ids.joined(separator: ","), "Retention": String(7 + i % 50)],
                host: host)
            return .init(target: "/?" + query, headers: headers)
        }
        // Like for like: one instance's policy changed a request, as moto's ModifyDBInstance changes one instance.
        let single: @Sendable (Int, Int) -> LoadGenerator.Request = { c, i in
            let (query, headers) = signer.sign(action: "ModifyInstanceCrossBackupPolicy", parameters: [
                "RegionId": Region.defaultID, "DBInstanceId": enabled[(c * 13 + i) % enabled.count], "Retention": String(7 + i % 50)],
                host: host)
            return .init(target: "/?" + query, headers: headers)
        }
        for clients in clientCounts {
            let d = LoadGenerator.run(port: port, clients: clients, seconds: seconds, make: describe)
            report(clients, "DescribeInstanceCrossBackupPolicy", d)
            let b = LoadGenerator.run(port: port, clients: clients, seconds: seconds, make: batch)
            report(clients, "ModifyInstanceCrossBackupPolicy, 10 IDs a request", b)
            let one = LoadGenerator.run(port: port, clients: clients, seconds: seconds, make: single)
            report(clients, "ModifyInstanceCrossBackupPolicy, 1 ID a request", one)
            for r in [d, b, one] where r.failures > 0 || r.perSecond <= 0 {
                print("a load on rds-console serve failed (\(r.failures) failed; first: \(r.firstFailure ?? "none")): no ratio")
                exit(1)
            }
            guard let moto else { continue }
            let motoHost = "127.0.0.1:\(moto.port)"
            let m = LoadGenerator.run(port: moto.port, clients: clients, seconds: seconds) { c, i in
                let body = Array("Action=DescribeDBInstanceAutomatedBackups&Version=2014-10-31&DBInstanceIdentifier=db\((c * 7 + i) % motoInstances)".utf8)
                return .init(target: "/", headers: SigV4().headers(host: motoHost, body: body), body: body)
            }
            report(clients, "moto_server DescribeDBInstanceAutomatedBackups", m)
            let mm = LoadGenerator.run(port: moto.port, clients: clients, seconds: seconds) { c, i in
                let body = Array(("Action=ModifyDBInstance&Version=2014-10-31&DBInstanceIdentifier=db\((c * 13 + i) % motoInstances)"
                                  + "&BackupRetentionPeriod=\(1 + i % 30)&ApplyImmediately=true").utf8)
                return .init(target: "/", headers: SigV4().headers(host: motoHost, body: body), body: body)
            }
            report(clients, "moto_server ModifyDBInstance, 1 instance", mm)
            for r in [m, mm] where r.failures > 0 || r.perSecond <= 0 {
                print("a load on moto_server failed (\(r.failures) failed; first: \(r.firstFailure ?? "none")): no ratio")
                exit(1)
            }
            let goals = clients == 1 ? (15.0, 10.0) : (20.0, 15.0)
            print(String(format: "%2d clients  ratio to moto: describe %.1fx (goal >= %.0fx); one-instance modify, like for like, %.1fx (goal >= %.0fx); "
                         + "10-ID modify against moto's describe %.1fx", clients,
                         d.perSecond / m.perSecond, goals.0, one.perSecond / mm.perSecond, goals.1, b.perSecond / m.perSecond))
        }
    }

    static func report(_ clients: Int, _ name: String, _ r: LoadGenerator.Result) {
        let padded = name.count < 50 ? name + String(repeating: " ", count: 50 - name.count) : name
        print(String(format: "%2d clients  ", clients) + padded
              + String(format: " %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms", r.perSecond, r.p50, r.p99)
              + (r.failures > 0 ? "  (\(r.failures) failed; first: \(r.firstFailure ?? ""))" : ""))
    }

    static func createMotoFleet(port: Int, count: Int) throws {
        let connection = HTTPConnection(host: "127.0.0.1", port: port)
        for i in 0..<count {
            let body = Array(("Action=CreateDBInstance&Version=2014-10-31&DBInstanceIdentifier=db\(i)&DBInstanceClass=db.m5.large"
                              + "&Engine=mysql&MasterUsername=admin&MasterUserPassword=password1&AllocatedStorage=100"
                              + "&BackupRetentionPeriod=7").utf8)
            let r = try connection.send(method: "POST", target: "/", headers: SigV4().headers(host: "127.0.0.1:\(port)", body: body),
                                        body: body)
            guard r.status == 200 else {
                throw HTTPConnection.Failure(description: "moto CreateDBInstance: HTTP \(r.status) \(String(decoding: r.body.prefix(200), as: UTF8.self))")
            }
        }
    }

    static func which(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
