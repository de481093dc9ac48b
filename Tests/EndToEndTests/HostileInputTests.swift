import CrossRegionEngine
import Foundation
import GRDB
import RDSClient
import Testing

/// `serve` facing values and clients that mean it harm, or are merely unlucky.
@Suite("serve against hostile input")
struct HostileInputTests {
    @Test("Absurd stored sizes: a read-only key's cost requests are answered and the server lives on")
    func absurdStoredSizes() throws {
        let served = try ServedState()
        let id = try #require(try served.engine.instanceIndex(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).first?.id)
        try served.engine.store.write { db in
            try db.execute(sql: "UPDATE instance SET data_bytes = ?, log_bytes_per_hour = ? WHERE id = ?",
                           arguments: [Int64.max, Int64.max, id])
            try db.execute(sql: "UPDATE xseries SET size_bytes = ?", arguments: [Int64.max])
        }
        _ = try served.engine.advanceClock(by: 30 * UTCTime.day)
        let client = try OpenAPIClient(endpoint: "127.0.0.1:\(served.port)", accessKeyID: served.readOnlyKey.id,
                                       secret: served.readOnlyKey.secret)
        let costs = String(decoding: try client.call("LocalDescribeCosts", ["DBInstanceId": id]), as: UTF8.self)
        #expect(costs.contains("9223372036854775807"))
        _ = try client.call("LocalDescribeCostTotals", ["RegionId": "cn-hangzhou", "Set": "backup"])
        let after = String(decoding: try client.call("LocalDescribeClock", [:]), as: UTF8.self)
        #expect(after.contains("2026-"), "the server still answers")
    }

    @Test("import prints what it read with control characters written out: no escape sequence reaches the terminal")
    func importQuotesControls() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let list = dir + "/list.json", policy = dir + "/policy.json"
        try Data(#"[{"DBInstanceId": "rm-1", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-\u001b]52;c;aGk=\u0007", "Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceStatus": "Stopped\u001b[2J"}]"#.utf8)
            .write(to: URL(fileURLWithPath: list))
        let imported = try CommandLineTests.run(["import", list, "--state", dir + "/a.sqlite"])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(!imported.out.utf8.contains(0x1B) && !imported.out.utf8.contains(0x07))
        #expect(imported.out.contains(#"ZoneId cn-hangzhou-\u{1B}]52;c;aGk=\u{7} is not a zone of cn-hangzhou"#), "\(imported.out)")
        #expect(imported.out.contains(#"1 instance(s) were Stopped\u{1B}[2J: imported as Running"#))
        try Data(#"{"DBInstanceId": "rm-1", "BackupEnabled": "\u001b[31mred"}"#.utf8).write(to: URL(fileURLWithPath: policy))
        let refused = try CommandLineTests.run(["import", list, policy, "--state", dir + "/b.sqlite"])
        #expect(refused.status == 1)
        #expect(!refused.err.utf8.contains(0x1B))
        #expect(refused.err.contains(#"$.BackupEnabled: expected "Enable" or "Disable", found "\u{1B}[31mred"."#), "\(refused.err)")
    }
}
