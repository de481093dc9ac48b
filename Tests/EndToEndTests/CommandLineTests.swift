import Foundation
import Testing
@testable import CrossRegionEngine

/// The `rds-console` binary as scripts use it: exit codes, `@FILE`, several
/// processes on one state, a process killed in the middle of a batch.
@Suite("The command line")
struct CommandLineTests {
    static var binary: String { Binary.path }

    struct Result {
        var status: Int32
        var out: String
        var err: String
    }

    static func start(_ args: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        return (p, out, err)
    }

    static func run(_ args: [String], environment: [String: String] = [:]) throws -> Result {
        let (p, out, err) = try start(args, environment: environment)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self),
                      err: String(decoding: e, as: UTF8.self))
    }

    @Test("The binary is built")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build it first: swift build")
    }

    @Test("Refusals exit 1 with the error body on stderr; bad input never changes the state")
    func exitCodes() throws {
        let f = try StateFolder(options: .standard)
        let before = try f.dump()
        let unknown = try Self.run(["api", "DescribeDBInstances", "--state", f.path, "--RegionId", "cn-hangzhou", "--Bogus", "1"])
        #expect(unknown.status == 0)
        #expect(unknown.err == "warning: DescribeDBInstances does not take Bogus: accepted and ignored, as the cloud's gateway does.\n")
        #expect(unknown.out.contains("\"TotalRecordCount\""))
        let nul = try Self.run(["api", "DescribeDBInstanceAttribute", "--state", f.path, "--DBInstanceId", "rm-a\u{1}b"])
        #expect(nul.status == 1)
        #expect(nul.err.contains("\"Code\": \"Parameters.Invalid\""))
        #expect(nul.out.isEmpty)
        let clock = try Self.run(["clock", "advance", "0d", "--state", f.path])
        #expect(clock.status == 64, "a usage error exits 64 (EX_USAGE)")
        #expect(clock.err.contains("clock advance: \"0d\" is not a span: it is zero; write a span such as 90m"))
        for usage in [["clock", "set", "tomorrow"], ["serve", "--port", "0"], ["serve", "--host", "0.0.0.0"],
                      ["--region", "mars"], ["--theme", "nope"], ["access-key", "delete"],
                      ["demo", "--instances", "0", "--state", f.dir + "/new.sqlite"],
                      ["--state", f.path, "--endpoint", "127.0.0.1:9"]] {
            let r = try Self.run(usage + (usage.contains("--state") ? [] : ["--state", f.path]))
            #expect(r.status == 64, "\(usage): \(r.err)")
            #expect(r.err.contains("Usage:"), "\(usage) shows its usage")
        }
        #expect(try Self.run(["clock", "--state", f.path]).out.hasPrefix("20"))
        let missing = try Self.run(["clock", "--state", f.dir + "/nowhere/state.sqlite"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("does not exist"))
        let bad = try Self.run(["api", "ModifyInstanceCrossBackupPolicy", "--state", f.path, "--RegionId", "cn-hangzhou",
                                "--DBInstanceId", "rm-x", "--Retention", "abc"])
        #expect(bad.status == 1)
        #expect(try f.dump() == before)
        let ok = try Self.run(["api", "DescribeAvailableCrossRegion", "--state", f.path, "--RegionId=cn-beijing"])
        #expect(ok.status == 0)
        #expect(ok.out.contains("\"cn-shenzhen\""))
    }

    @Test("A batch named in a file (@FILE) applies to every instance in one call")
    func batchFromFile() throws {
        let f = try StateFolder(options: .init(instances: 300, seed: 3, plainRegion: "cn-shanghai"))
        let ids = try f.engine.instances(InstanceFilter(set: .pending, regionID: "cn-shanghai"), limit: 1000).items.map(\.id)
        #expect(ids.count == 300)
        let list = f.dir + "/ids.txt"
        try (ids.joined(separator: ",") + "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let r = try Self.run(["api", "ModifyInstanceCrossBackupPolicy", "--state", f.path, "--RegionId", "cn-shanghai",
                              "--DBInstanceId", "@" + list, "--BackupEnabled", "1", "--CrossBackupRegion", "cn-qingdao",
                              "--Retention", "14"])
        #expect(r.status == 0, "\(r.err)")
        #expect(try f.engine.instances(InstanceFilter(set: .pending, regionID: "cn-shanghai")).total == 0)
        #expect(try f.engine.instances(InstanceFilter(set: .backup, regionID: "cn-shanghai")).total == 300)
    }

    @Test("ModifyInstanceCrossBackupPolicy --DryRun true prints the change's plan and changes nothing")
    func dryRun() throws {
        let f = try StateFolder(options: .standard)
        let id = try #require(try f.engine.instances(InstanceFilter(set: .backup, regionID: "cn-hangzhou"), limit: 1).items.first?.id)
        let before = try f.dump()
        let change = ["--state", f.path, "--RegionId", "cn-hangzhou", "--DBInstanceId", id, "--BackupEnabled", "0"]
        let dry = try Self.run(["api", "ModifyInstanceCrossBackupPolicy"] + change + ["--DryRun", "true", "--CrossBackupType", "1"])
        #expect(dry.status == 0, "\(dry.err)")
        #expect(dry.err == "DryRun: nothing was changed. The cloud ignores DryRun on ModifyInstanceCrossBackupPolicy and would apply this change.\n")
        #expect(try f.dump() == before)
        let plan = try Self.run(["api", "LocalDescribePolicyImpact"] + change)
        func result(_ out: String) throws -> PolicyImpact {
            let body = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            return try JSONDecoder().decode(PolicyImpact.self, from: JSONSerialization.data(withJSONObject: try #require(body["Result"])))
        }
        #expect(try result(dry.out) == result(plan.out))
        #expect(try result(dry.out).instances == 1)
        let missing = try Self.run(["api", "ModifyInstanceCrossBackupPolicy", "--state", f.path, "--RegionId", "cn-hangzhou",
                                    "--DBInstanceId", "rm-nosuchinstance0", "--Retention", "30", "--DryRun", "true"])
        #expect(missing.status == 1 && missing.out.isEmpty)
        #expect(missing.err.contains(#""Code": "InvalidDBInstance.NotFound""#), "refused as the change itself would be: code and message")
        #expect(!missing.err.contains("DryRun: nothing was changed"), "a refused plan is not presented as a change the cloud would apply")
        let bad = try Self.run(["api", "ModifyInstanceCrossBackupPolicy"] + change + ["--DryRun", "maybe"])
        #expect(bad.status == 1)
        #expect(bad.err.contains(#""Message": "DryRun is true or false, not \"maybe\".""#))
        let real = try Self.run(["api", "ModifyInstanceCrossBackupPolicy"] + change + ["--DryRun", "false"])
        #expect(real.status == 0, "\(real.err)")
        #expect(real.err.isEmpty, "DryRun false is the command's own too: no warning")
        #expect(try f.engine.instance(id: id).backupEnabled == false)
    }

    @Test("Typos are usage errors with a 'did you mean'; drill without --region drills every source region; a key file others can read is a sentence")
    func typosAndSentences() throws {
        let f = try StateFolder(options: .standard)
        let statuss = try Self.run(["statuss", "--state", f.path])
        #expect(statuss.status == 64 && statuss.err.hasPrefix("error: Unknown command 'statuss'. Did you mean 'status'?"), "\(statuss.err)")
        let mars = try Self.run(["cost", "--region", "mars", "--state", f.path])
        #expect(mars.status == 64 && mars.err.contains("Unknown region \"mars\". Known: cn-hangzhou") && mars.err.contains("Usage:"))
        let hangzou = try Self.run(["cost", "--region", "cn-hangzou", "--state", f.path])
        #expect(hangzou.status == 64 && hangzou.err.contains("did you mean cn-hangzhou?"))
        let regin = try Self.run(["drill", "--regin", "cn-hangzhou", "--state", f.path])
        #expect(regin.status == 64 && regin.err.contains("Did you mean '--region'?"), "\(regin.err)")
        let action = try Self.run(["api", "DescribeDBInstance", "--state", f.path])
        #expect(action.status == 1 && action.err.contains("No action \\\"DescribeDBInstance\\\"; did you mean DescribeDBInstances?"), "\(action.err)")
        let every = try Self.run(["drill", "--state", f.path])
        #expect(every.status == 0)
        for region in f.engine.rules.sources.map(\.id) {
            let s = try f.engine.drill(region: region).summary
            #expect(every.out.contains("\(region) lost at") && every.out.contains("\(s.instances) instances, \(s.protected) protected"), "\(region)")
        }
        let json = try Self.run(["drill", "--json", "--state", f.path])
        let reports = try #require((try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])?["Reports"] as? [Any])
        #expect(reports.count == f.engine.rules.sources.count)
        #expect(try Self.run(["drill", "--rehearse", "--into", f.dir + "/r.sqlite", "--state", f.path]).status == 64)
        let key = f.dir + "/open.key"
        #expect(FileManager.default.createFile(atPath: key, contents: Data(repeating: 7, count: 32), attributes: [.posixPermissions: 0o644]))
        let open = try Self.run(["access-key", "create", "--state", f.path], environment: ["RDS_CONSOLE_SECRETS_KEY": key])
        #expect(open.status == 1)
        #expect(open.err == "error: \(key) may be read by others (mode 644): anyone who reads it can sign as your access keys. Run chmod 600 \(key).\n")
    }

    @Test("drill: the report as a table, JSON and CSV; exit 0 without targets, 1 when one fails, 64 for a usage error")
    func drill() throws {
        let f = try StateFolder(options: .standard)
        _ = try f.engine.advanceClock(by: 2 * UTCTime.day)
        let base = ["drill", "--region", "cn-hangzhou", "--state", f.path]
        let report = try f.engine.drill(region: "cn-hangzhou")
        let table = try Self.run(base)
        #expect(table.status == 0, "no target: nothing can fail")
        let s = report.summary
        #expect(table.out.contains("cn-hangzhou lost at \(UTCTime.format(report.at)): \(s.instances) instances, \(s.protected) protected, \(s.unprotected) unprotected"))
        let json = try Self.run(base + ["--json", "--rpo", "1d"])
        #expect(json.status == (s.unprotected > 0 ? 1 : 0))
        #expect(json.out == (try f.engine.drill(region: "cn-hangzhou", rpoTarget: UTCTime.day)).json.pretty() + "\n")
        let csv = try Self.run(base + ["--csv"])
        #expect(csv.out.split(separator: "\n").count == s.instances + 1)
        #expect(csv.out.hasPrefix("DBInstanceId,Protected,DestinationRegion,LatestRestorableTime,RPOSeconds,EstimatedRestoreSeconds,Pass,Reason\n"))
        for usage in [["--rpo", "soon"], ["--json", "--csv"]] {
            #expect(try Self.run(base + usage).status == 64, "\(usage)")
        }
        #expect(try Self.run(["drill", "--region", "mars", "--state", f.path]).status == 64)
        for usage in [["--rehearse"], ["--into", f.dir + "/x.sqlite"], ["--at", "yesterday"], ["--rehearse", "--into", f.dir + "/y.sqlite", "--csv"]] {
            #expect(try Self.run(base + usage).status == 64, "\(usage)")
        }
        let late = try Self.run(base + ["--at", UTCTime.format(report.at + 60)])
        #expect(late.status == 1 && late.err.contains("after the state's clock"))

        // The rehearsal: the original state file is byte-identical, the copy holds the restores.
        // Everything written so far is in the file itself, so any write would show in its bytes.
        try f.engine.store.checkpoint()
        let original = try Data(contentsOf: URL(fileURLWithPath: f.path))
        let into = f.dir + "/rehearsal.sqlite"
        let rehearsed = try Self.run(base + ["--rehearse", "--into", into, "--json"])
        #expect(rehearsed.status == 0, "\(rehearsed.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: f.path)) == original)
        #expect(try f.engine.drill(region: "cn-hangzhou") == report)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(rehearsed.out.utf8)) as? [String: Any])
        let restored = try #require((body["Rehearsal"] as? [String: Any])?["Restores"] as? [[String: Any]])
        #expect(restored.count == s.protected && s.protected > 0)
        let copy = try Engine.open(path: into)
        for r in restored {
            let id = try #require(r["DBInstanceId"] as? String)
            #expect(try copy.instance(id: id).regionID == r["DestinationRegion"] as? String)
        }
        let again = try Self.run(base + ["--rehearse", "--into", into])
        #expect(again.status == 1 && again.err.contains("already exists") && again.out.isEmpty)
    }

    @Test("import: pages saved with api become a new state; the samples import, then drill --rpo 1h gates; bad files exit 1 naming the path")
    func importFleet() throws {
        let f = try StateFolder(options: .standard)
        // Save every region's DescribeDBInstances pages with api, as a user would with the aliyun CLI.
        var files: [String] = []
        for region in ["cn-hangzhou", "cn-shanghai", "cn-beijing"] {
            for n in 1...3 {
                let page = try Self.run(["api", "DescribeDBInstances", "--RegionId", region, "--InstanceLevel", "1",
                                         "--PageSize", "30", "--PageNumber", String(n), "--state", f.path])
                #expect(page.status == 0)
                guard page.out.contains("\"DBInstanceId\"") else { break }
                let file = f.dir + "/\(region)-\(n).json"
                try Data(page.out.utf8).write(to: URL(fileURLWithPath: file))
                files.append(file)
            }
        }
        let into = f.dir + "/imported.sqlite"
        let imported = try Self.run(["import"] + files + ["--state", into, "--at", UTCTime.format(f.now)])
        #expect(imported.status == 0, "\(imported.err)")
        let count = try ["cn-hangzhou", "cn-shanghai", "cn-beijing"].reduce(0) { n, r in
            n + (try f.engine.instances(InstanceFilter(set: .live, regionID: r), limit: 1).total)
        }
        #expect(imported.out.hasPrefix("Created \(into) at \(UTCTime.format(f.now)): \(count) instances imported, 0 with cross-region backup on, 0 skipped."))
        let copy = try Engine.open(path: into)
        for id in try f.engine.instances(InstanceFilter(set: .live, regionID: "cn-hangzhou"), limit: 200).items.map(\.id) {
            let (a, b) = (try f.engine.instance(id: id), try copy.instance(id: id))
            #expect(a.regionID == b.regionID && a.zoneID == b.zoneID && a.description == b.description && a.engine == b.engine
                    && a.engineVersion == b.engineVersion && a.category == b.category && a.storageType == b.storageType
                    && a.instanceClass == b.instanceClass && a.createdAt == b.createdAt && a.vpcID == b.vpcID, "\(id)")
        }

        // The samples, then the drill the issue's done-when names.
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ImportSamples").path
        let fleet = ["describe-db-instances-hangzhou.json", "describe-db-instances-items-only.json",
                     "describe-db-instance-attribute.json", "cross-backup-policies.json", "tde-rm-bp1ibu7s4hvc3w4ab.json"]
            .map { samples + "/" + $0 }
        let state = f.dir + "/samples.sqlite"
        let sampled = try Self.run(["import"] + fleet + ["--state", state, "--at", "2026-10-04T00:00:00Z"])
        #expect(sampled.status == 0)
        #expect(sampled.out.contains("6 instances imported, 2 with cross-region backup on, 1 skipped."))
        #expect(sampled.out.contains("pgm-bp1l5k9x4ub3t2aa  \(fleet[0]) at $.Items.DBInstance[3]  PPAS 10.0 is outside the model"))
        let asJSON = try Self.run(["import"] + fleet + ["--state", f.dir + "/samples-json.sqlite", "--at", "2026-10-04T00:00:00Z", "--json"])
        let body = try #require(try JSONSerialization.jsonObject(with: Data(asJSON.out.utf8)) as? [String: Any])
        #expect(body["State"] as? String == f.dir + "/samples-json.sqlite" && body["At"] as? String == "2026-10-04T00:00:00Z")
        #expect((body["Imported"] as? [String])?.count == 6 && (body["Enabled"] as? [String])?.count == 2)
        let skipped = try #require(body["Skipped"] as? [[String: Any]])
        #expect(skipped.map { $0["DBInstanceId"] as? String } == ["pgm-bp1l5k9x4ub3t2aa"])
        #expect(skipped.first?["Path"] as? String == "$.Items.DBInstance[3]" && skipped.first?["File"] as? String == fleet[0])
        #expect((body["Notes"] as? [String])?.count == 1)
        #expect(try Self.run(["clock", "advance", "1d", "--state", state]).status == 0)
        let drill = try Self.run(["drill", "--region", "cn-hangzhou", "--rpo", "1h", "--state", state])
        #expect(drill.status == 1, "the cluster instance (it qualifies under today's rules) is unprotected, so the gate fails")
        #expect(drill.out.contains("rm-bp1ibu7s4hvc3w4ab  yes        cn-shanghai"))
        #expect(drill.out.contains("rm-bp1q3r8zw7bn4e6md  no") && drill.out.contains("FAIL unprotected  Cross-region backup is not enabled."))
        #expect(drill.out.contains("cn-hangzhou lost at 2026-10-05T00:00:00Z: 3 instances, 2 protected, 1 unprotected"))

        // Refusals: nothing is created, nothing replaced.
        let bad = try Self.run(["import", fleet[0], samples + "/malformed-region-type.json", "--state", f.dir + "/bad.sqlite"])
        #expect(bad.status == 1 && !FileManager.default.fileExists(atPath: f.dir + "/bad.sqlite"))
        #expect(bad.err == "error: \(samples)/malformed-region-type.json: $.Items.DBInstance[1].RegionId: expected a string, found a number. Nothing was created.\n")
        let again = try Self.run(["import", fleet[0], "--state", state])
        #expect(again.status == 1 && again.err.contains("already exists"))
        for usage in [["import", "--state", f.dir + "/x.sqlite"], ["import", fleet[0], "--state", f.dir + "/x.sqlite", "--at", "noon"],
                      ["import", fleet[0]]] {
            #expect(try Self.run(usage).status == 64, "\(usage)")
        }
    }

    @Test("Twenty processes writing one state at once: every update lands, none fails busy")
    func manyProcesses() throws {
        let f = try StateFolder(options: .init(instances: 10, seed: 5, plainRegion: "cn-hangzhou"))
        let ids = try f.engine.instances(InstanceFilter(set: .all), limit: 100).items.map(\.id)
        let start = f.now
        var running: [(Process, Pipe, Pipe)] = []
        for (i, id) in ids.enumerated() {
            running.append(try Self.start(["api", "ModifyInstanceCrossBackupPolicy", "--state", f.path,
                                           "--RegionId", "cn-hangzhou", "--DBInstanceId", id, "--BackupEnabled", "1",
                                           "--CrossBackupRegion", "cn-shenzhen", "--Retention", String(10 + i)]))
            running.append(try Self.start(["clock", "advance", "1h", "--state", f.path]))
        }
        for (p, out, err) in running {
            _ = out.fileHandleForReading.readDataToEndOfFile()
            let e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(String(decoding: e, as: UTF8.self))")
        }
        #expect(f.now == start + Int64(ids.count) * 3600)
        for (i, id) in ids.enumerated() { #expect(try f.engine.instance(id: id).retentionDays == Int64(10 + i)) }
    }

    @Test("A process killed in the middle of a batch leaves all of it or none of it")
    func killedMidBatch() throws {
        for delay in [0.05, 0.2, 0.5] {
            let f = try StateFolder(options: .init(instances: 5000, seed: 9, plainRegion: "cn-beijing"))
            let ids = try f.engine.instances(InstanceFilter(set: .pending), limit: 10_000).items.map(\.id)
            let list = f.dir + "/ids.txt"
            try ids.joined(separator: ",").write(toFile: list, atomically: true, encoding: .utf8)
            let (p, _, _) = try Self.start(["api", "ModifyInstanceCrossBackupPolicy", "--state", f.path,
                                            "--RegionId", "cn-beijing", "--DBInstanceId", "@" + list,
                                            "--BackupEnabled", "1", "--CrossBackupRegion", "cn-hangzhou",
                                            "--Retention", "30", "--LogBackupEnabled", "1"])
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let engine = try Engine.open(path: f.path)
            let enabled = try engine.instances(InstanceFilter(set: .backup, regionID: "cn-beijing")).total
            #expect(enabled == 0 || enabled == ids.count, "after \(delay) s: \(enabled) of \(ids.count)")
            #expect(try engine.instances(InstanceFilter(set: .pending, regionID: "cn-beijing")).total == ids.count - enabled)
        }
    }

    @Test("access-key create writes the key file 0600 (its new folder 0700); a readable one is refused with how to fix it")
    func keyFileMode() throws {
        let f = try StateFolder()
        let config = f.dir + "/config"
        let env = ["XDG_CONFIG_HOME": config, "RDS_CONSOLE_SECRETS_KEY": ""]
        let created = try Self.run(["access-key", "create", "--state", f.path], environment: env)
        #expect(created.status == 0)
        let key = config + "/rds-console/secrets.key"
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as! NSNumber).intValue == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: config + "/rds-console")[.posixPermissions] as! NSNumber)
            .intValue == 0o700)
        chmod(key, 0o640)
        let refused = try Self.run(["access-key", "create", "--state", f.path], environment: env)
        #expect(refused.status == 1)
        #expect(refused.err.contains("chmod 600 \(key)"))
    }

    @Test("A copy of the binary in an empty folder finds its themes, and an unknown theme lists them")
    func themesTravelWithTheBinary() throws {
        let f = try StateFolder()
        let copy = f.dir + "/bin/rds-console"
        try FileManager.default.createDirectory(atPath: f.dir + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.binary, toPath: copy)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: copy)
        p.currentDirectoryURL = URL(fileURLWithPath: f.dir + "/bin")
        p.environment = ["HOME": f.dir, "PATH": "/usr/bin:/bin"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        p.arguments = ["--theme", "nope", "--state", f.path]
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 64)
        #expect(text.contains("no theme \"nope\"; available: aliyun, dark, high-contrast, mono"))
    }
}
