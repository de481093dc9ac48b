import CrossRegionEngine
import Foundation
import RDSClient
import Testing

/// `rds-console pull` against the stand-in cloud (`serve --openapi-only --tls-cert … --throttle N`),
/// through a profile of `~/.aliyun/config.json`, never through an internal shortcut.
@Suite("pull")
struct PullTests {
    /// A served demo fleet standing in for an account, with a home folder whose aliyun profile holds its key.
    final class Account {
        let served: ServedState
        let home: String
        let cert: String

        init(instances: Int, throttle: Int, pendingCohort: Int = 0, rules: RulesEdition = .current) throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-pull-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir + "/home/.aliyun", withIntermediateDirectories: true)
            home = dir + "/home"
            cert = dir + "/cert.pem"
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/key.pem", "-out", cert,
                                 "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"]
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            // The stand-in cloud follows today's rules, as the real one does.
            served = try ServedState(options: .init(instances: instances, seed: 5, pendingCohort: pendingCohort, rules: rules),
                                     serveArguments: ["--openapi-only", "--throttle", String(throttle),
                                                      "--tls-cert", cert, "--tls-key", dir + "/key.pem"])
            try Data("""
                {"current": "lab", "profiles": [{"name": "lab", "mode": "AK", "access_key_id": "\(served.key.id)",
                  "access_key_secret": "\(served.key.secret)", "region_id": "cn-hangzhou"}]}
                """.utf8).write(to: URL(fileURLWithPath: home + "/.aliyun/config.json"))
        }

        var arguments: [String] { ["--endpoint", "https://127.0.0.1:\(served.port)", "--ca-file", cert] }
        var environment: [String: String] {
            ["HOME": home, "ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "", "ALIBABA_CLOUD_PROFILE": ""]
        }

        func pull(_ extra: [String]) throws -> CommandLineTests.Result {
            try CommandLineTests.run(["pull"] + arguments + extra, environment: environment)
        }

        /// Each live instance's enabled policy as DescribeCrossRegionBackupDBInstance lists it.
        static func enabledPolicies(_ engine: Engine) throws -> [String] {
            let api = OpenAPI(engine: engine)
            var out: [String] = []
            for region in engine.rules.sources {
                guard case .success(let body) = api.call("DescribeCrossRegionBackupDBInstance", ["RegionId": region.id, "PageSize": "100"]),
                      case .array(let items)? = body["Items"]?["Item"] else { continue }
                for item in items where item["BackupEnabled"] == .string("Enable") && item["DBInstanceStatus"] != .string("Released") {
                    let fields: [String] = ["DBInstanceId", "CrossBackupRegion", "Retention", "LogBackupEnabled"].map { key in
                        item[key].map { String(describing: $0) } ?? ""
                    }
                    out.append(fields.joined(separator: " "))
                }
            }
            return out.sorted()
        }
    }

    @Test("An account that follows the seed's rules: the regions it has not are named, its non-source regions hold no policy, its fleet comes whole")
    func pullsASeedAccount() throws {
        let account = try Account(instances: 40, throttle: 500, rules: .seed)
        let into = account.served.dir + "/pulled.sqlite"
        let r = try account.pull(["--state", into, "--rate", "400", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let unserved = Set(RulesEdition.current.regions.map(\.id)).subtracting(RulesEdition.seed.regions.map(\.id))
        #expect(Set(summary["RegionsNotServed"] as? [String] ?? []) == unserved && unserved.count == 13)
        let source = account.served.engine, pulled = try Engine.open(path: into)
        #expect(pulled.rules == .current)
        #expect(try pulled.instances(InstanceFilter(set: .live), limit: 0).total == source.instances(InstanceFilter(set: .live), limit: 0).total)
        #expect(try Account.enabledPolicies(pulled) == Account.enabledPolicies(source), "policies in force come as the account has them")
    }

    @Test("A served fleet pulled over HTTPS through an aliyun profile: every live instance and its policy, the account remembered, no secret shown")
    func pullsTheFleet() throws {
        let account = try Account(instances: 300, throttle: 200)
        let into = account.served.dir + "/pulled.sqlite"
        let r = try account.pull(["--state", into, "--rate", "150", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let source = account.served.engine
        let live = try source.instances(InstanceFilter(set: .live), limit: 0).total
        let pulled = try Engine.open(path: into)
        // Released instances still holding files come too, released, to hold them.
        let holders = try source.instances(InstanceFilter(set: .backup), limit: 10_000).items.filter(\.isReleased).count
        #expect(summary["Imported"] as? Int == live + holders && summary["Skipped"] as? Int == 0, "\(summary)")
        #expect(try pulled.instances(InstanceFilter(set: .all), limit: 0).total == live + holders)
        #expect(summary["Account"] as? String == PullOrigin.account(ofKey: account.served.key.id))
        #expect(try pulled.instances(InstanceFilter(set: .live), limit: 0).total == live)
        for region in source.rules.regions.map(\.id) {
            let ids = { (e: Engine) in try e.instanceIndex(InstanceFilter(set: .live, regionID: region)).map(\.id) }
            #expect(try ids(pulled) == ids(source), "\(region)")
        }
        let policies = try Account.enabledPolicies(source), pulledPolicies = try Account.enabledPolicies(pulled)
        #expect(policies.count > 20 && pulledPolicies == policies)
        let origin = try #require(try pulled.pullOrigin())
        #expect(origin.account == PullOrigin.account(ofKey: account.served.key.id) && origin.endpoint == "https://127.0.0.1:\(account.served.port)")
        #expect(!FileManager.default.fileExists(atPath: into + ".pull"), "the saved answers are removed once imported")
        let status = try CommandLineTests.run(["status", "--state", into])
        #expect(status.out.contains("pulled: account \(origin.account), https://127.0.0.1:\(account.served.port), at 20"), "\(status.out)")
        #expect(!(r.out + r.err).contains(account.served.key.secret))
    }

    @Test("kill -9 in the middle, then --resume: no call is made twice, and the state is the same as an uninterrupted pull's")
    func resumes() throws {
        let account = try Account(instances: 200, throttle: 500)
        let whole = account.served.dir + "/whole.sqlite", into = account.served.dir + "/resumed.sqlite"
        let first = try account.pull(["--state", whole, "--rate", "400", "--json"])
        #expect(first.status == 0, "\(first.err)")
        let all = try #require(try JSONSerialization.jsonObject(with: Data(first.out.utf8)) as? [String: Any])["Calls"] as? Int

        let (p, _, _) = try CommandLineTests.start(["pull"] + account.arguments + ["--state", into, "--rate", "40"],
                                                   environment: account.environment)
        Thread.sleep(forTimeInterval: 1.5)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let kept = try FileManager.default.contentsOfDirectory(atPath: into + ".pull").filter { $0.hasSuffix(".json") }.count
        #expect(kept > 10 && kept < (all ?? 0), "\(kept) answers saved before the kill")
        let again = try account.pull(["--state", into])
        #expect(again.status == 1 && again.err.contains("holds the answers of an interrupted pull: add --resume"))
        let resumed = try account.pull(["--state", into, "--resume", "--rate", "400", "--json"])
        #expect(resumed.status == 0, "\(resumed.err)")
        let calls = try #require(try JSONSerialization.jsonObject(with: Data(resumed.out.utf8)) as? [String: Any])["Calls"] as? Int
        #expect(calls.map { $0 + kept } == all, "\(kept) saved + \(calls ?? -1) resumed = \(all ?? -1), each call once")
        #expect(try Account.enabledPolicies(Engine.open(path: into)) == Account.enabledPolicies(Engine.open(path: whole)))
    }

    @Test("A refusal stops the pull with the cloud's words, creates no state, and keeps what was saved for --resume")
    func refusalStops() throws {
        let account = try Account(instances: 40, throttle: 200)
        let into = account.served.dir + "/refused.sqlite"
        let wrong = try CommandLineTests.run(["pull"] + account.arguments + ["--state", into],
                                             environment: account.environment.merging([
                                                 "ALIBABA_CLOUD_ACCESS_KEY_ID": account.served.key.id,
                                                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "not-the-secret"]) { $1 })
        #expect(wrong.status == 1)
        #expect(wrong.err.contains("Specified signature is not matched with our calculation."), "\(wrong.err)")
        #expect(wrong.err.contains("run the same command with --resume to continue") && !wrong.err.contains("not-the-secret"))
        #expect(!FileManager.default.fileExists(atPath: into))
    }
}
