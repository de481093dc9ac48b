import Foundation
import Testing
@testable import CrossRegionEngine

/// `rds-console import`: a new state from the answers a user saved.
@Suite("Importing a fleet")
struct ImportTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ImportSamples").path
    static func sample(_ name: String) -> String { samples + "/" + name }
    static let at = UTCTime.parse("2026-10-04T00:00:00Z")!

    @Test("The sample answers: instances with their storage, TDE and policies; the others skipped with the file, path and reason")
    func samples() throws {
        let f = try Fixture()
        let files = ["describe-db-instances-hangzhou.json", "describe-db-instances-items-only.json",
                     "describe-db-instance-attribute.json", "cross-backup-policies.json",
                     "tde-rm-bp1ibu7s4hvc3w4ab.json"].map(Self.sample)
        let into = f.dir + "/imported.sqlite"
        let report = try Engine.importFleet(try FleetAnswers.read(files: files), into: into, at: Self.at)
        #expect(report.imported == ["rm-bp1ibu7s4hvc3w4ab", "rm-bp17f9l2xh3kq8n2c", "rm-bp1q3r8zw7bn4e6md",
                                    "rm-uf6wjk5xxh8y2m1q0", "rm-2ze8u1k0v9hx3c7pd", "rm-0iw7m3n2k1j5h4g3f"])
        #expect(report.enabled == ["rm-bp1ibu7s4hvc3w4ab", "rm-bp17f9l2xh3kq8n2c"])
        #expect(report.skipped.map(\.id) == ["pgm-bp1l5k9x4ub3t2aa"])
        #expect(report.skipped.map(\.origin) == [.init(file: files[0], path: "$.Items.DBInstance[3]")])
        #expect(report.skipped.first?.reason.hasPrefix("PPAS 10.0 is outside the model (MariaDB 10.3/10.6, MySQL 5.5/5.6/5.7/8.0, ") == true)
        #expect(report.notes == ["4 instance(s) had no DescribeDBInstanceAttribute answer: 100 GB each, 30% used; their restore estimates assume it."])

        let e = try Engine.open(path: into)
        #expect(try e.now() == Self.at)
        // An imported fleet follows today's rules (B.15): London is one of their regions.
        #expect(e.rules == .current)
        #expect(try e.instance(id: "rm-0iw7m3n2k1j5h4g3f").unqualifiedReason == nil)
        let orders = try e.instance(id: "rm-bp1ibu7s4hvc3w4ab")
        #expect(orders.regionID == "cn-hangzhou" && orders.zoneID == "cn-hangzhou-h" && orders.description == "orders-primary")
        #expect(orders.engine == "MySQL" && orders.engineVersion == "8.0" && orders.category == "HighAvailability")
        #expect(orders.storageType == "local_ssd" && orders.instanceClass == "mysql.x4.large.2c" && orders.storageGB == 500)
        #expect(orders.dataBytes == 210_000_000_000 && orders.payType == "Postpaid" && orders.netType == "Intranet")
        #expect(orders.vpcID == "vpc-bp1opxu1zkhn00gzv7kq2" && orders.vSwitchID == "vsw-bp1oxflciovg9l7163m4t8")
        #expect(orders.createdAt == UTCTime.parse("2025-03-11T07:42:06Z") && orders.status(at: Self.at) == .running)
        #expect(orders.tdeEnabled && orders.tdeEnabledAt == Self.at)
        #expect(orders.backupEnabled && orders.backupRegion == "cn-shanghai" && orders.retentionDays == 15)
        #expect(orders.logBackupEnabled && orders.epochAt == Self.at, "no history before the import: the policy starts now")
        let billing = try e.instance(id: "rm-bp17f9l2xh3kq8n2c")
        #expect(billing.storageGB == 200 && billing.payType == "Prepaid" && !billing.tdeEnabled)
        #expect(billing.backupRegion == "cn-qingdao" && billing.retentionDays == 7 && !billing.logBackupEnabled)
        #expect(!(try e.instance(id: "rm-bp1q3r8zw7bn4e6md")).backupEnabled)
        let creating = try e.instance(id: "rm-2ze8u1k0v9hx3c7pd")
        #expect(creating.status(at: Self.at) == .creating && creating.readyAt > Self.at)
        #expect(try e.crossRegionFiles(instanceID: orders.id, query: FileQuery(kind: .data, limit: 10)).items.allSatisfy(\.isCopying),
                "nothing copied before the clock")
    }

    @Test("A malformed file is refused with the file and the JSON path, and nothing is created; an existing state is never replaced")
    func refusals() throws {
        let f = try Fixture()
        let into = f.dir + "/imported.sqlite"
        let good = Self.sample("describe-db-instances-hangzhou.json")
        for (file, path, problem) in [("malformed-region-type.json", "$.Items.DBInstance[1].RegionId", "expected a string, found a number."),
                                      ("malformed-syntax.json", "$", "is not JSON (invalid at line 4, column 47).")] {
            #expect(throws: ImportError(file: Self.sample(file), path: path, problem: problem)) {
                try Engine.importFleet(try FleetAnswers.read(files: [good, Self.sample(file)]), into: into, at: Self.at)
            }
            #expect(!FileManager.default.fileExists(atPath: into))
        }
        let written = f.dir + "/other.json"
        for (text, path, problem) in [
            (#"{"Items": {"DBInstance": [{"RegionId": "cn-hangzhou"}]}}"#, "$.Items.DBInstance[0]", "DBInstanceId is missing."),
            (#"{"Items": {"DBInstanceAttribute": {"DBInstanceId": "rm-1"}}}"#, "$.Items.DBInstanceAttribute", "expected an array, found an object."),
            (#"[{"DBInstanceId": "rm 1", "RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0"}]"#, "$[0].DBInstanceId",
             #"expected an instance ID like rm-bp1ibu****, found "rm 1"."#),
            (#"{"DBInstanceId": "rm-1", "BackupEnabled": "Maybe"}"#, "$.BackupEnabled", #"expected "Enable" or "Disable", found "Maybe"."#),
            (#"{"Items": {"DBInstance": [{"DBInstanceId": "rm-1", "RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0", "CreateTime": "yesterday"}]}}"#,
             "$.Items.DBInstance[0].CreateTime", #"expected a time like 2026-10-04T00:00:00Z, found "yesterday"."#),
            ("42", "$", "expected a DescribeDBInstances, DescribeDBInstanceAttribute, DescribeInstanceCrossBackupPolicy or DescribeDBInstanceTDE answer, found a number."),
        ] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: written))
            #expect(throws: ImportError(file: written, path: path, problem: problem)) { try FleetAnswers.read(files: [written]) }
        }

        #expect(throws: ImportError(file: f.dir + "/missing.json", path: "$", problem: "does not exist.")) {
            try FleetAnswers.read(files: [good, f.dir + "/missing.json"])
        }
        #expect(throws: ImportError(file: f.dir, path: "$", problem: "is a folder, not a saved answer.")) {
            try FleetAnswers.read(files: [f.dir])
        }

        // An existing file, a state or not, is left as it was.
        for existing in [f.path, written] {
            let before = try Data(contentsOf: URL(fileURLWithPath: existing))
            #expect(throws: EngineError.self) {
                try Engine.importFleet(try FleetAnswers.read(files: [good]), into: existing, at: Self.at)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == before)
        }
    }

    @Test("Where the answers are silent or odd: each assumption and each answer that matched nothing is listed")
    func assumptions() throws {
        let f = try Fixture()
        let list = f.dir + "/list.json", extra = f.dir + "/tde-nobody.json", policy = f.dir + "/policy.json"
        try Data("""
            [{"DBInstanceId": "rm-a", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-z", "Engine": "MySQL",
              "EngineVersion": "8.0", "DBInstanceStatus": "Stopped", "DBInstanceDescription": "first"},
             {"DBInstanceId": "rm-a", "RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0",
              "DBInstanceDescription": "second"},
             {"DBInstanceId": "rm-b", "RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0", "Category": "Magic"},
             {"DBInstanceId": "rm-c", "RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0",
              "CreateTime": "2026-10-05T00:00:00Z"}]
            """.utf8).write(to: URL(fileURLWithPath: list))
        try Data(#"{"TDEStatus": "Enabled"}"#.utf8).write(to: URL(fileURLWithPath: extra))
        try Data(#"{"DBInstanceId": "rm-ghost", "BackupEnabled": "Enable", "CrossBackupRegion": "cn-shanghai", "Retention": 7}"#.utf8)
            .write(to: URL(fileURLWithPath: policy))
        let report = try Engine.importFleet(try FleetAnswers.read(files: [list, extra, policy]), into: f.dir + "/new.sqlite", at: Self.at)
        #expect(report.imported == ["rm-a"] && report.enabled.isEmpty)
        #expect(report.skipped.map(\.id) == ["rm-b", "rm-c"])
        #expect(report.skipped[0].reason.hasPrefix("Category Magic is outside the model (Basic, HighAvailability, "))
        #expect(report.skipped[1].reason == "It was created at 2026-10-05T00:00:00Z, after the import's clock (2026-10-04T00:00:00Z).")
        #expect(report.notes == [
            "rm-a: ZoneId cn-hangzhou-z is not a zone of cn-hangzhou here; it was placed in cn-hangzhou-h.",
            "rm-a is listed twice with different fields; the first (\(list) at $[0]) was kept.",
            "1 instance(s) had no Category (DescribeDBInstances gives it with InstanceLevel=1, or give DescribeDBInstanceAttribute answers): taken as HighAvailability.",
            "1 instance(s) had no DBInstanceStorageType: taken as local_ssd.",
            "1 instance(s) had no DescribeDBInstanceAttribute answer: 100 GB each, 30% used; their restore estimates assume it.",
            "1 instance(s) were Stopped: imported as Running (the model has Creating, Running and Released).",
            "The DescribeDBInstanceTDE answer in \(extra) at $ matches no imported instance (add its DBInstanceId, or name the file after it).",
            "The cross-region policy of rm-ghost (\(policy) at $) matches no imported instance.",
        ])
        let a = try Engine.open(path: f.dir + "/new.sqlite").instance(id: "rm-a")
        #expect(a.description == "first" && a.zoneID == "cn-hangzhou-h" && a.status(at: Self.at) == .running && !a.tdeEnabled)
    }

    @Test("Round trip: a demo fleet's answers, saved through the API and imported, answer the same field by field")
    func roundTrip() throws {
        let f = try Fixture(options: .standard)
        let at = f.now
        var files: [String] = []
        func save(_ name: String, _ json: JSON) throws {
            let path = f.dir + "/" + name
            try Data(json.pretty().utf8).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        func pages(_ api: OpenAPI, _ region: String) throws -> [JSON] {
            var out: [JSON] = []
            for n in 1... {
                guard case .success(let page) = api.call("DescribeDBInstances", ["RegionId": region, "InstanceLevel": "1",
                                                                                 "PageSize": "30", "PageNumber": String(n)]),
                      case .array(let items)? = page["Items"]?["DBInstance"], !items.isEmpty else { break }
                out += items
            }
            return out
        }
        var ids: [String] = [], regions: [String: String] = [:]
        for (r, region) in f.engine.rules.regions.enumerated() {
            for n in 1... {
                let page = try f.ok("DescribeDBInstances", ["RegionId": region.id, "InstanceLevel": "1", "PageSize": "30",
                                                            "PageNumber": String(n)])
                guard case .array(let items)? = page["Items"]?["DBInstance"], !items.isEmpty else { break }
                for item in items {
                    let id = try #require(item["DBInstanceId"]).stringValue
                    ids.append(id)
                    regions[id] = region.id
                }
                // Whole responses, and for one region only the Items.DBInstance arrays.
                try save("\(region.id)-\(n).json", r == 1 ? .array(items) : page)
            }
        }
        #expect(ids.count > 90)
        var policies: [JSON] = [], attributes: [JSON] = []
        for id in ids {
            // A region that is no source has no policy to describe.
            if case .success(let policy) = f.api.call("DescribeInstanceCrossBackupPolicy", ["RegionId": regions[id]!, "DBInstanceId": id]) {
                policies.append(policy)
            }
            attributes.append(try f.ok("DescribeDBInstanceAttribute", ["DBInstanceId": id]))
            try save("tde-\(id).json", try f.ok("DescribeDBInstanceTDE", ["DBInstanceId": id]))
        }
        try save("policies.json", .array(policies))
        try save("attributes.json", .array(attributes))
        // The files each instance holds, with the instance named (DescribeCrossRegionBackups names none).
        let range = ["StartTime": "2000-01-01T00:00:00Z", "EndTime": "2099-01-01T00:00:00Z", "PageSize": "100"]
        func named(_ answer: JSON, _ id: String) -> JSON {
            guard case .object(let fields) = answer else { return answer }
            return .object(fields.filter { $0.key != "DBInstanceId" } + [.init("DBInstanceId", .string(id))])
        }
        var listedFiles = 0
        for id in ids {
            for action in ["DescribeCrossRegionBackups", "DescribeCrossRegionLogBackupFiles"] {
                guard case .success(let answer) = f.api.call(action, range.merging(["RegionId": regions[id]!, "DBInstanceId": id]) { $1 }),
                      case .array(let items)? = answer["Items"]?["Item"], !items.isEmpty else { continue }
                listedFiles += items.count
                try save("\(action)-\(id).json", named(answer, id))
            }
        }
        #expect(listedFiles > 100)

        let into = f.dir + "/imported.sqlite"
        let report = try Engine.importFleet(try FleetAnswers.read(files: files), into: into, at: at)
        // The one thing no answer says: until when a disabled policy's 7-day floor keeps its sets.
        #expect(report.skipped.isEmpty && report.notes.allSatisfy { $0.contains("outlive their retention") }, "\(report.skipped) \(report.notes)")
        #expect(report.withHistory.count >= 5)
        #expect(Set(report.imported) == Set(ids) && report.imported.count == ids.count)
        let copy = OpenAPI(engine: try Engine.open(path: into))
        func without(_ keys: Set<String>, _ json: JSON?) -> JSON? {
            guard case .object(let fields)? = json else { return json }
            return .object(fields.filter { !keys.contains($0.key) })
        }
        for region in f.engine.rules.regions {
            #expect(try pages(copy, region.id) == pages(f.api, region.id), "\(region.id)")
        }
        for id in ids {
            guard case .success(let attribute) = copy.call("DescribeDBInstanceAttribute", ["DBInstanceId": id]),
                  case .success(let tde) = copy.call("DescribeDBInstanceTDE", ["DBInstanceId": id]) else {
                Issue.record("\(id) answers in the copy"); continue
            }
            if case .success(let original) = f.api.call("DescribeInstanceCrossBackupPolicy", ["RegionId": regions[id]!, "DBInstanceId": id]) {
                let policy = copy.call("DescribeInstanceCrossBackupPolicy", ["RegionId": regions[id]!, "DBInstanceId": id]).body
                #expect(without(["RequestId"], policy) == without(["RequestId"], original), "\(id): the times too, as answered")
            }
            #expect(without(["RequestId"], attribute) == without(["RequestId"], try f.ok("DescribeDBInstanceAttribute", ["DBInstanceId": id])))
            #expect(tde["TDEStatus"] == (try f.ok("DescribeDBInstanceTDE", ["DBInstanceId": id]))["TDEStatus"], "\(id)")
            // The copy follows today's rules, where every region is a source; the seed's answers 403 outside its six.
            for action in ["DescribeCrossRegionBackups", "DescribeCrossRegionLogBackupFiles"] where f.engine.rules.isSource(regions[id]!) {
                let p = range.merging(["RegionId": regions[id]!, "DBInstanceId": id]) { $1 }
                let (mine, theirs) = (copy.call(action, p).body, f.api.call(action, p).body)
                #expect(without(["RequestId"], mine) == without(["RequestId"], theirs), "\(action) \(id): the same files, IDs and times")
            }
        }
    }
}

@Suite("Importing absurd values")
struct ImportValueTests {
    @Test("Every imported value passes CreateDBInstance's checks, or the instance is skipped with the file, the value's JSON path and the reason")
    func absurdValues() throws {
        let f = try Fixture()
        let base: [String: Any] = ["RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0",
                                   "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStatus": "Running"]
        let odd: [(String, [String: Any])] = [
            ("rm-good", ["DBInstanceDescription": "orders"]),
            ("rm-osc", ["DBInstanceDescription": "bad\u{1B}]52;c;aGVsbG8=\u{07}"]),
            ("rm-long", ["DBInstanceDescription": String(repeating: "x", count: 5_000)]),
            ("rm-nul", ["DBInstanceDescription": "nul\u{0}here"]),
            ("rm-c1", ["DBInstanceDescription": "c1\u{9B}31m"]),
            ("rm-bidi", ["DBInstanceDescription": "bidi\u{202E}gnp.exe"]),
            ("rm-class", ["DBInstanceClass": "rds\u{1B}[31m"]),
            ("rm-pay", ["PayType": "Post\u{1B}paid"]),
            ("rm-vpc", ["VpcId": "vpc-\u{1B}[2J"]),
            ("rm-huge", [:]), ("rm-used", [:]), ("rm-negative", [:]), ("rm-zero", [:]), ("rm-big", [:]),
        ]
        let listed = odd.map { id, fields in base.merging(fields) { $1 }.merging(["DBInstanceId": id]) { $1 } }
        let attributes: [[String: Any]] = [
            ["DBInstanceId": "rm-huge", "DBInstanceStorage": 9_000_000_000_000, "DBInstanceDiskUsed": "1"],
            ["DBInstanceId": "rm-used", "DBInstanceStorage": 100, "DBInstanceDiskUsed": "9223372036854775807"],
            ["DBInstanceId": "rm-negative", "DBInstanceStorage": -100],
            ["DBInstanceId": "rm-zero", "DBInstanceStorage": 0],
            ["DBInstanceId": "rm-big", "DBInstanceStorage": 30_000_000],
        ]
        let list = f.dir + "/list.json", attr = f.dir + "/attr.json"
        try JSONSerialization.data(withJSONObject: ["Items": ["DBInstance": listed]]).write(to: URL(fileURLWithPath: list))
        try JSONSerialization.data(withJSONObject: ["Items": ["DBInstanceAttribute": attributes]]).write(to: URL(fileURLWithPath: attr))
        let report = try Engine.importFleet(try FleetAnswers.read(files: [list, attr]), into: f.dir + "/n.sqlite", at: ImportTests.at)
        #expect(report.imported == ["rm-good"])
        let skipped = Dictionary(uniqueKeysWithValues: report.skipped.map { ($0.id, $0) })
        #expect(skipped.count == odd.count - 1)
        func path(_ id: String) -> String? { skipped[id]?.origin.path }
        #expect(path("rm-osc") == "$.Items.DBInstance[1].DBInstanceDescription")
        #expect(path("rm-class") == "$.Items.DBInstance[6].DBInstanceClass")
        #expect(path("rm-huge") == "$.Items.DBInstanceAttribute[0].DBInstanceStorage")
        #expect(path("rm-used") == "$.Items.DBInstanceAttribute[1].DBInstanceDiskUsed")
        #expect(skipped["rm-huge"]?.origin.file == attr && skipped["rm-osc"]?.origin.file == list)
        #expect(skipped["rm-huge"]?.reason == "DBInstanceStorage 9000000000000 GB: 5 to 32000 GB, in steps of 5.")
        #expect(skipped["rm-used"]?.reason == "DBInstanceDiskUsed 9223372036854775807 bytes is more than its 100 GB disk (DBInstanceStorage).")
        #expect(skipped["rm-negative"]?.reason == "DBInstanceStorage -100 GB: 5 to 32000 GB, in steps of 5.")
        #expect(skipped["rm-osc"]?.reason == #""bad?]52;c;aGVsbG8=?": a description is 2 to 256 characters, starts with a letter or a Chinese character, holds no control characters and does not start with http:// or https://."#)
        #expect(skipped["rm-pay"]?.reason == #"PayType must be one of Postpaid, Prepaid; "Post?paid" is not."#)
        #expect(report.notes.last == "1 instance(s) had no DescribeDBInstanceAttribute answer: 100 GB each, 30% used; their restore estimates assume it.",
                "assumptions are counted for imported instances only")
    }

    @Test("Listed files with absurd IDs, hosts and sizes are imported without trapping; files that are not one series are left out with a note")
    func absurdFiles() throws {
        let f = try Fixture()
        let list = f.dir + "/list.json", files = f.dir + "/files.json"
        try JSONSerialization.data(withJSONObject: ["Items": ["DBInstance": [[
            "DBInstanceId": "rm-odd", "RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0",
            "DBInstanceClass": "rds.mysql.s2.large", "DBInstanceStatus": "Running", "Category": "HighAvailability",
            "DBInstanceStorageType": "local_ssd", "CreateTime": "2026-01-01T00:00:00Z"]]]]).write(to: URL(fileURLWithPath: list))
        func file(_ id: Int64, _ start: String, _ end: String) -> [String: Any] {
            ["CrossBackupId": id, "CrossBackupRegion": "cn-shanghai", "BackupStartTime": start, "BackupEndTime": end,
             "CrossBackupSetSize": 8_999_999_999_999_999, "InstanceId": 8_999_999_999_999_999]
        }
        try JSONSerialization.data(withJSONObject: ["DBInstanceId": "rm-odd", "Items": ["Item": [
            file(8_999_999_999_999_999, "2026-09-20T02:00:00Z", "2026-09-20T02:20:00Z"),
            file(4_000_001, "2026-09-21T02:00:00Z", "2026-09-21T02:20:00Z"),
            file(4_000_002, "2026-09-21T05:00:00Z", "2026-09-21T05:20:00Z"),  // not a day after the one before
        ]]]).write(to: URL(fileURLWithPath: files))
        let report = try Engine.importFleet(try FleetAnswers.read(files: [list, files]), into: f.dir + "/n.sqlite", at: ImportTests.at)
        #expect(report.imported == ["rm-odd"])
        // Series 8,999,999,999 is a single copy (role 3) that cannot have index 999,999; series 4's two sets are 3 hours apart.
        #expect(report.notes.contains { $0.hasPrefix("rm-odd: 1 listed file(s) of series 8999999999 ") && $0.hasSuffix("they were left out.") })
        #expect(report.notes.contains { $0.hasPrefix("rm-odd: 2 listed file(s) of series 4 ") && $0.hasSuffix("they were left out.") })
        #expect(report.withHistory.isEmpty)
        let engine = try Engine.open(path: f.dir + "/n.sqlite")
        let listed = try engine.crossRegionFiles(instanceID: "rm-odd", query: FileQuery(kind: .data, limit: 100))
        #expect(listed.items.isEmpty)
        _ = try engine.costs(instanceIDs: ["rm-odd"])
        _ = try engine.advanceClock(by: 400 * UTCTime.day)
        _ = try engine.costTotals(InstanceFilter(set: .all))
    }

    @Test("A key repeated in one object is refused with its path: readers disagree on which value counts")
    func repeatedKey() throws {
        let f = try Fixture()
        let file = f.dir + "/dup.json"
        try Data(#"{"Items": {"DBInstance": [{"DBInstanceId": "rm-1", "RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0"}, {"DBInstanceId": "rm-a", "RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0", "Dbx": {"k": 1, "\u006b": 2}}]}}"#.utf8)
            .write(to: URL(fileURLWithPath: file))
        #expect(throws: ImportError(file: file, path: "$.Items.DBInstance[1].Dbx",
                                    problem: #"the key "k" appears twice in one object; readers disagree on which one counts, so remove one."#)) {
            try FleetAnswers.read(files: [file])
        }
        try Data(#"[{"DBInstanceId": "rm-1", "DBInstanceId": "rm-2", "RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0"}]"#.utf8)
            .write(to: URL(fileURLWithPath: file))
        #expect(throws: ImportError(file: file, path: "$[0]",
                                    problem: #"the key "DBInstanceId" appears twice in one object; readers disagree on which one counts, so remove one."#)) {
            try FleetAnswers.read(files: [file])
        }
        #expect(DuplicateKeys.first(in: Data(#"{"a": "x\"y", "b": [1, {"a": 2}], "c": {}, "d": []}"#.utf8)) == nil)
    }

    @Test("A DescribeCrossRegionBackupDBInstance page reads as the region's policies; a released instance's is passed over")
    func regionPolicies() throws {
        let f = try Fixture()
        let file = f.dir + "/policies.json"
        try Data(#"{"RegionId": "cn-hangzhou", "PageNumber": 1, "Items": {"Item": [{"DBInstanceId": "rm-1", "BackupEnabled": "Enable", "CrossBackupRegion": "cn-shanghai", "Retention": 15, "LogBackupEnabled": "Disable", "DBInstanceStatus": "Running"}, {"DBInstanceId": "rm-2", "BackupEnabled": "Enable", "CrossBackupRegion": "cn-qingdao", "Retention": 7, "LogBackupEnabled": "Enable", "DBInstanceStatus": "Released"}]}}"#.utf8)
            .write(to: URL(fileURLWithPath: file))
        let policies = try FleetAnswers.read(files: [file]).policies
        #expect(policies == [.init(origin: .init(file: file, path: "$.Items.Item[0]"), id: "rm-1", enabled: true, destination: "cn-shanghai",
                                   retentionDays: 15, logBackupEnabled: false)])
    }
}
