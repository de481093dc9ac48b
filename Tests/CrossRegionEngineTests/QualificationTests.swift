import Testing
@testable import CrossRegionEngine

@Suite("R2 qualification")
struct QualificationTests {
    static let cases: [(String, String, String, String, Bool)] = [
        ("MySQL", "8.0", "HighAvailability", "local_ssd", true),
        ("MySQL", "5.7", "HighAvailability", "local_ssd", true),
        ("MySQL", "5.6", "HighAvailability", "local_ssd", true),
        ("MySQL", "5.6", "Basic", "cloud_ssd", true),
        ("MySQL", "5.5", "HighAvailability", "local_ssd", false),
        ("MySQL", "5.7", "Basic", "cloud_essd", false),
        ("MySQL", "8.0", "Basic", "local_ssd", false),
        ("MySQL", "5.7", "HighAvailability", "cloud_essd", false),
        ("MySQL", "8.0", "cluster", "cloud_essd", false),
        ("PostgreSQL", "14.0", "HighAvailability", "local_ssd", false),
    ]

    @Test("R2.1: only MySQL 8.0/5.7 HA on local SSD and MySQL 5.6 qualify", arguments: cases)
    func qualification(_ c: (String, String, String, String, Bool)) {
        let reason = Instance.productReason(engine: c.0, version: c.1, category: c.2, storageType: c.3)
        #expect((reason == nil) == c.4, "\(c)")
    }

    @Test("R2.4: the reason is readable and names the unmet prerequisite")
    func readableReason() {
        #expect(Instance.productReason(engine: "MySQL", version: "5.7", category: "HighAvailability",
                                       storageType: "cloud_essd")
                == "MySQL 5.7 on cloud disks does not support cross-region backup: it needs High-availability Edition on local SSDs.")
        #expect(Instance.productReason(engine: "MySQL", version: "5.5", category: "HighAvailability",
                                       storageType: "local_ssd")?.hasPrefix("MySQL 5.5 does not support") == true)
    }

    @Test("R2.1, R2.4: the engine refuses a non-qualifying instance with the same reason")
    func refusedThroughAPI() throws {
        let f = try Fixture()
        let id = try f.create(version: "5.7", category: "Basic", storage: "cloud_essd")
        try f.advance("1d")
        let e = f.enableRefusal(id)
        #expect(e?.code == .incorrectDBInstanceType)
        #expect(e?.message.contains("Basic Edition") == true)
        #expect(e?.httpStatus == 403)
    }

    @Test("R2.3: enabling needs a Running instance")
    func mustBeRunning() throws {
        let f = try Fixture()
        let id = try f.create()
        #expect(f.enableRefusal(id)?.code == .incorrectDBInstanceState)
        try f.advance("1h")
        try f.enable(id)
        #expect(try f.policy(id)["BackupEnabled"] == .string("Enable"))
    }

    @Test("Pending Instances lists qualifying disabled instances only")
    func pendingSet() throws {
        let f = try Fixture()
        let good = try f.create()
        _ = try f.create(version: "5.5")
        _ = try f.create("cn-zhangjiakou")
        let enabled = try f.create(version: "5.6", category: "Basic", storage: "cloud_ssd")
        try f.advance("1d")
        try f.enable(enabled)
        let pending = try f.engine.instances(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).items.map(\.id)
        #expect(pending == [good])
    }
}
