import CrossRegionEngine
import Foundation
import RDSClient
import Testing

/// The whole round: pull an account (the stand-in cloud over HTTPS, throttled), change it in the
/// console, `plan`, `apply` read-only, `apply --write` killed and run again, pull it again.
@Suite("plan and apply")
struct PlanApplyTests {
    /// Every answer a pulled state must give as the account does: the instance pages of each
    /// region, and each instance's policy, data sets and binlogs (RequestId and NextToken aside).
    static func answers(_ engine: Engine) throws -> [String: JSON] {
        let api = OpenAPI(engine: engine)
        var out: [String: JSON] = [:]
        func call(_ key: String, _ action: String, _ p: [String: String]) -> JSON {
            let body: JSON
            switch api.call(action, p) {
            case .success(let b): body = b
            case .failure(_, let b): body = b
            }
            guard case .object(let fields) = body else { return body }
            // A NextToken is sealed with the state's own secret: it cannot be the same in two states.
            let kept = JSON.object(fields.filter { $0.key != "RequestId" && $0.key != "NextToken" })
            out[key] = kept
            return kept
        }
        let range = ["StartTime": "2000-01-01T00:00:00Z", "EndTime": "2099-01-01T00:00:00Z", "PageSize": "100"]
        for region in engine.rules.regions {
            for page in 1... {
                let body = call("\(region.id) page \(page)", "DescribeDBInstances", ["RegionId": region.id, "PageSize": "100",
                                                                                    "PageNumber": String(page), "InstanceLevel": "1"])
                guard case .array(let items)? = body["Items"]?["DBInstance"], !items.isEmpty else { break }
            }
            guard engine.rules.isSource(region.id) else { continue }
            let held = call("\(region.id) policies", "DescribeCrossRegionBackupDBInstance", ["RegionId": region.id, "PageSize": "100"])
            guard case .array(let items)? = held["Items"]?["Item"] else { continue }
            #expect(items.count < 100, "one page holds every policy of \(region.id)")
            for case .string(let id)? in items.map({ $0["DBInstanceId"] }) {
                let p = ["RegionId": region.id, "DBInstanceId": id]
                _ = call("\(id) policy", "DescribeInstanceCrossBackupPolicy", p)
                _ = call("\(id) backups", "DescribeCrossRegionBackups", p.merging(range) { $1 })
                _ = call("\(id) binlogs", "DescribeCrossRegionLogBackupFiles", p.merging(range) { $1 })
            }
        }
        return out
    }

    /// The source's answers at the pulled state's clock (the account's clock moves on; nothing else does).
    static func expectSameAnswers(_ pulled: Engine, _ source: Engine) throws {
        _ = try source.setClock(to: try pulled.now())
        let (mine, theirs) = (try answers(pulled), try answers(source))
        #expect(mine.count == theirs.count && mine.count > 300, "\(mine.count) answers vs \(theirs.count)")
        let differing = theirs.keys.filter { mine[$0] != theirs[$0] }.sorted()
        #expect(differing.isEmpty, "\(differing.count) answers differ, first: \(differing.prefix(5))")
    }

    /// Each instance's policy values, by ID.
    static func policies(_ engine: Engine) throws -> [String: PolicyValues] {
        var out: [String: PolicyValues] = [:]
        for inst in try engine.instances(InstanceFilter(set: .live), limit: 100_000).items {
            out[inst.id] = PolicyValues(enabled: inst.backupEnabled, destination: inst.backupRegion,
                                        retentionDays: inst.retentionDays, logEnabled: inst.logBackupEnabled)
        }
        return out
    }

    @Test("plan and apply on a path that holds no state, or on a state made here: a clear refusal, exit 1, no file made")
    func notPulled() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-notpulled-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for command in ["plan", "apply"] {
            let missing = try CommandLineTests.run([command, "--state", dir + "/typo.sqlite"])
            #expect(missing.status == 1 && missing.err.contains("There is no state at \(dir)/typo.sqlite"), "\(missing.err)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/typo.sqlite"), "a mistyped path does not become a state")
        }
        _ = try Engine.open(path: dir + "/here.sqlite", firstRun: .standard)
        let plan = try CommandLineTests.run(["plan", "--state", dir + "/here.sqlite"])
        #expect(plan.status == 1 && plan.err.contains("was not pulled from an account, so it has no plan"))
        let apply = try CommandLineTests.run(["apply", "--state", dir + "/here.sqlite", "--write", "--yes"])
        #expect(apply.status == 1 && apply.err.contains("so it has nothing to apply") && apply.out.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir + "/here.sqlite.audit.jsonl"))
    }

    @Test("The audit log: appended whole lines, a file that is not one refused, one apply at a time, and the calls an interruption left unanswered")
    func auditLog() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-audit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/s.audit.jsonl"
        do {
            let log = try AuditLog(path: path)
            try log.append(.init(action: "ModifyInstanceCrossBackupPolicy", instanceID: "rm-a", parameters: ["Retention": "9"], result: .sending))
            try log.append(.init(action: "ModifyInstanceCrossBackupPolicy", instanceID: "rm-a", requestID: "R", result: .applied))
            try log.append(.init(action: "ModifyInstanceCrossBackupPolicy", instanceID: "rm-b", result: .sending))
            #expect(throws: EngineError.self) { _ = try AuditLog(path: path) }  // held by this one
        }
        #expect(AuditLog.interrupted(at: path) == ["rm-b"])
        let lines = AuditLog.entries(at: path)
        #expect(lines.count == 3 && lines[1]["RequestId"] as? String == "R" && (lines[0]["Parameters"] as? [String: String]) == ["Retention": "9"])
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        let foreign = dir + "/notes.txt"
        try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: foreign))
        #expect(throws: EngineError.self) { _ = try AuditLog(path: foreign) }
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: foreign)), as: UTF8.self) == "my notes\n", "not ours: never written")
    }

    @Test("Pull 1,000 instances at --throttle 40 over HTTPS; 50 changed in the console; plan; apply reads only; apply --write killed and run again sends each change once and leaves a drifted instance alone; a second pull equals the account")
    func wholeRound() throws {
        let account = try PullTests.Account(instances: 1_000, throttle: 40, pendingCohort: 60)
        let source = account.served.engine
        _ = try source.setClock(to: Seconds(Date().timeIntervalSince1970))  // the account's clock is the wall's
        let state = account.served.dir + "/pulled.sqlite"
        let started = Date()
        let pulled = try account.pull(["--state", state, "--rate", "39", "--json"])
        let pullSeconds = Date().timeIntervalSince(started)
        #expect(pulled.status == 0, "\(pulled.err)")
        #expect(pullSeconds < 180, "the pull took \(pullSeconds) s")
        try Self.expectSameAnswers(try Engine.open(path: state), source)

        // The console: 50 pending instances of Hangzhou, b, 30 days, OK.
        let s = try TmuxEndToEndTests.Session(arguments: "--state \(state)")
        s.wait(for: "pulled", "0 planned")
        try s.keys("2")
        s.wait(for: "[ Backup Instances ]")
        try s.keys("Tab")
        s.wait(for: "[ Pending Instances ]")
        for _ in 0..<50 { try s.keys("Space") }
        #expect(s.wait(for: "50 marked").contains("50 marked"))
        try s.keys("b")
        s.wait(for: "Backup Settings · 50 instances", "< Enable >")
        try s.keys("Tab", "Tab")
        try s.text("30")
        s.wait(for: "[30_")
        try s.keys("Enter", "Enter", "Enter")
        s.wait(for: "Apply this change?", "50 instances will change:")
        try s.keys("Enter")
        #expect(s.wait(for: "on for 50 instances.", "50 planned").contains("50 planned"))
        try s.command("plan")
        #expect(s.wait(for: "Plan for account", "50 instances will change.").contains("BackupEnabled Disable → Enable"))

        let plan = try CommandLineTests.run(["plan", "--state", state, "--json"])
        let changes = try #require(try JSONSerialization.jsonObject(with: Data(plan.out.utf8)) as? [String: Any])["Changes"] as? [[String: Any]]
        #expect(changes?.count == 50)
        let planned = Set((changes ?? []).compactMap { $0["DBInstanceId"] as? String })
        let before = try Self.policies(source)

        // Without --write: reads only.
        let dry = try CommandLineTests.run(["apply", "--state", state, "--yes"] + account.arguments, environment: account.environment)
        #expect(dry.status == 0 && dry.out.contains("50 change(s) would be sent"), "\(dry.out)\(dry.err)")
        #expect(try Self.policies(source) == before && !FileManager.default.fileExists(atPath: state + ".audit.jsonl"))

        // One more change in the rehearsal, and the account moves that instance's backups meanwhile: it drifted.
        // (A move starts a new epoch the files show; a retention change in the last hour before a pull
        // cannot be told from the files, see the README.)
        let drifted = try #require(try source.instances(InstanceFilter(set: .backup, regionID: "cn-shanghai"), limit: 100).items
            .first { $0.backupEnabled && !$0.isReleased && !$0.logBackupEnabled && $0.retentionDays != 9 })
        let moved = try #require(source.rules.destinations(from: "cn-shanghai").first { $0 != drifted.backupRegion })
        let mine = try CommandLineTests.run(["api", "ModifyInstanceCrossBackupPolicy", "--state", state, "--RegionId", "cn-shanghai",
                                             "--DBInstanceId", drifted.id, "--Retention", "9"])
        #expect(mine.status == 0, "\(mine.err)")
        _ = try source.modifyPolicy(ids: [drifted.id], change: PolicyChange(destination: moved))

        // --write, killed right after an answer, then again.
        let audit = state + ".audit.jsonl"
        let (p, _, _) = try CommandLineTests.start(["apply", "--state", state, "--yes", "--write", "--rate", "4"] + account.arguments,
                                                   environment: account.environment)
        var appliedBeforeKill = 0
        for _ in 0..<3000 where appliedBeforeKill < 12 {
            appliedBeforeKill = AuditLog.entries(at: audit).filter { $0["Result"] as? String == "applied" }.count
            if appliedBeforeKill < 12 { Thread.sleep(forTimeInterval: 0.01) }
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(appliedBeforeKill >= 12 && appliedBeforeKill < 50, "\(appliedBeforeKill) applied before the kill")
        let again = try CommandLineTests.run(["apply", "--state", state, "--yes", "--write"] + account.arguments,
                                             environment: account.environment)
        #expect(again.status == 1, "a drifted instance is a change not in: exit 1")
        #expect(again.out.contains("drifted \(drifted.id): CrossBackupRegion was \(drifted.backupRegion ?? "-") at the pull, is \(moved) now"),
                "\(again.out)")

        // Each change sent once, none twice, none lost; nothing sent for the drifted one.
        let lines = AuditLog.entries(at: audit)
        for id in planned {
            let mineLines = lines.filter { $0["DBInstanceId"] as? String == id }
            let sent = mineLines.filter { $0["Result"] as? String == "sending" }.count
            // A call the kill cut before it left is said so when the next apply finds the account unchanged.
            let lost = mineLines.filter { $0["Result"] as? String == "not-received" }.count
            // Applied once. A kill between the audit's `applied` line and the state's record of it leaves the
            // change planned: the next apply reads it in the account and says `already-applied`, sending nothing.
            let applied = mineLines.filter { $0["Result"] as? String == "applied" }.count
            let already = mineLines.filter { $0["Result"] as? String == "already-applied" }.count
            #expect(sent - lost == 1 && lost <= 1 && applied <= 1 && already <= 1 && applied + already >= 1,
                    "\(id): sent \(sent), not received \(lost), applied \(applied), already applied \(already)")
        }
        #expect(!lines.contains { $0["DBInstanceId"] as? String == drifted.id && $0["Result"] as? String == "sending" })
        #expect(lines.allSatisfy { $0["Time"] is String && $0["Action"] is String })
        #expect(lines.filter { $0["Result"] as? String == "applied" }.allSatisfy { ($0["RequestId"] as? String)?.count == 36 })

        // The account: exactly the 50 changed, as planned; the drifted one as the account set it.
        let after = try Self.policies(source)
        let changed = Set(after.keys.filter { after[$0] != before[$0] && $0 != drifted.id })
        #expect(changed == planned)
        for id in planned { #expect(after[id]?.enabled == true && after[id]?.retentionDays == 30 && after[id]?.destination == "cn-shanghai") }
        #expect(after[drifted.id]?.destination == moved && after[drifted.id]?.retentionDays == drifted.retentionDays)
        let left = try CommandLineTests.run(["plan", "--state", state, "--json"])
        let rest = (try JSONSerialization.jsonObject(with: Data(left.out.utf8)) as? [String: Any])?["Changes"] as? [[String: Any]]
        #expect(rest?.compactMap { $0["DBInstanceId"] as? String } == [drifted.id], "only the drifted change is left")

        // A second pull equals the account (whose clock has gone on with the wall's).
        _ = try source.setClock(to: max(try source.now(), Seconds(Date().timeIntervalSince1970)))
        let second = account.served.dir + "/second.sqlite"
        let repull = try account.pull(["--state", second, "--rate", "39", "--json"])
        #expect(repull.status == 0, "\(repull.err)")
        try Self.expectSameAnswers(try Engine.open(path: second), source)
    }
}
