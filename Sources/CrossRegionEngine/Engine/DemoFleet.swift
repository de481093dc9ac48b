import GRDB

/// The deterministic demo fleet a new state starts with: instances in every
/// region, qualifying and not, some with TDE, some enabled with log backup,
/// released ones still holding files, and 30 simulated days of history made
/// by the engine's own rules.
public enum DemoFleet {
    public struct Options: Sendable {
        public var instances: Int
        public var seed: UInt64
        public var empty: Bool
        /// Only qualifying, Running instances in this region, and no history (for benchmarks).
        public var plainRegion: String?
        /// More qualifying instances left pending in China (Hangzhou), for batch enabling.
        public var pendingCohort: Int
        /// The edition of the rules the state follows.
        public var rules: RulesEdition
        public init(instances: Int = 40, seed: UInt64 = 1, empty: Bool = false, plainRegion: String? = nil,
                    pendingCohort: Int = 0, rules: RulesEdition = .seed) {
            self.rules = rules
            self.instances = instances
            self.seed = seed
            self.empty = empty
            self.plainRegion = plainRegion
            self.pendingCohort = pendingCohort
        }
        /// The first run's fleet: 40 varied instances, and 60 pending ones in Hangzhou to enable in one batch.
        public static let standard = Options(pendingCohort: 60)
        public static let maxInstances = 1_000_000
    }

    /// Where the demo's history starts; its clock ends 30 days later.
    public static let historyStart: Seconds = UTCTime.parse("2026-09-01T00:00:00Z")!
    public static let historyDays: Int64 = 30

    /// A product the generator picks from: (engine, version, edition, storage).
    static let products: [(String, String, String, String)] = [
        ("MySQL", "8.0", "HighAvailability", "local_ssd"),
        ("MySQL", "5.7", "HighAvailability", "local_ssd"),
        ("MySQL", "8.0", "HighAvailability", "cloud_essd"),
        ("MySQL", "5.6", "HighAvailability", "local_ssd"),
        ("MySQL", "8.0", "HighAvailability", "local_ssd"),
        ("MySQL", "5.7", "Basic", "cloud_essd"),
        ("MySQL", "5.7", "HighAvailability", "local_ssd"),
        ("MySQL", "5.5", "HighAvailability", "local_ssd"),
        ("MySQL", "8.0", "cluster", "cloud_essd"),
        ("MySQL", "5.6", "Basic", "cloud_ssd"),
        ("PostgreSQL", "14.0", "HighAvailability", "cloud_essd"),
        ("MySQL", "8.0", "HighAvailability", "local_ssd"),
    ]

    static let names = ["orders", "用户中心", "billing", "库存服务", "payments", "analytics", "会员积分",
                        "catalog", "search", "日志归档", "inventory", "风控引擎", "crm", "reports"]

    static let classes = ["rds.mysql.s2.large", "rds.mysql.s3.large", "mysql.n2.medium.2c", "mysql.x4.large.2c"]
    static let otherClasses = ["PostgreSQL": "pg.n2.medium.2c"]

    /// Builds the fleet into an empty state (inside the creating transaction).
    public static func build(into db: Database, options: Options) throws {
        let end = historyStart + historyDays * UTCTime.day
        let start = options.empty ? end : historyStart
        try Tx.record(options.rules, in: db)
        var tx = try Tx(db)
        try tx.setMeta("clock", start)
        try tx.setMeta("id_salt", Int64(bitPattern: SplitMix64.mix(options.seed)))
        try tx.setMeta("next_sid", Instance.sidsPerEpoch)
        guard !options.empty else { return }
        // The instance table's own indexes are made once its rows and their history are in: one
        // sorted pass packs their pages, where row-by-row inserts would leave them part empty
        // (a million-instance file is about a sixth smaller). The history reads instances by ID
        // only, through the unique index that stays.
        let indexes = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'instance' AND sql IS NOT NULL
            """).map { (name: $0["name"] as String, sql: $0["sql"] as String) }
        for index in indexes { try db.execute(sql: "DROP INDEX \(index.name)") }
        var rng = SplitMix64(seed: options.seed)
        let count = max(0, min(options.instances, Options.maxInstances))

        struct Plan { var id: String; var role: Int; var region: String; var dest: String; var retention: Int64 }
        var plans: [Plan] = []
        var qualifyingIndex = 0
        for i in 0..<count {
            let regions = options.rules.regions
            let region = options.plainRegion.flatMap(options.rules.region) ?? regions[i % regions.count]
            var p = products[Int(rng.next() % UInt64(products.count))]
            if options.plainRegion != nil { p = products[0] }
            let storage = Int64(20 + rng.next() % 96) * 5
            let name = names[Int(rng.next() % UInt64(names.count))]
            let request = NewInstance(regionID: region.id, zoneID: region.zones[i % min(4, region.zones.count)],
                                      engine: p.0, engineVersion: p.1, category: p.2, storageType: p.3,
                                      instanceClass: p.0 == "MySQL" ? classes[i % classes.count] : otherClasses[p.0] ?? "",
                                      storageGB: storage,
                                      description: "\(name)-\(i + 1)")
            let created = start - (30 + Int64(rng.next() % 365)) * UTCTime.day - Int64(rng.next() % 86_400)
            let used = storage * 1_000_000_000 * Int64(20 + rng.next() % 60) / 100
            var inst = try tx.createInstance(request, dataBytes: used, createdAt: created, ready: true)
            let qualifies = inst.unqualifiedReason == nil
            // TDE on some MySQL 5.7/8.0 instances, a hole in the local binlogs of some.
            if p.0 == "MySQL", p.1 != "5.6", p.1 != "5.5", i % 5 == 3, options.plainRegion == nil {
                inst.tdeEnabled = true
                inst.tdeEnabledAt = created
            }
            if i % 7 == 4, options.plainRegion == nil {
                inst.logGapStart = end - 20 * UTCTime.hour
                inst.logGapEnd = end - 19 * UTCTime.hour
            }
            if inst.tdeEnabled || inst.logGapStart != nil {
                try db.execute(sql: "UPDATE instance SET tde = ?, tde_at = ?, log_gap_start = ?, log_gap_end = ? WHERE seq = ?",
                               arguments: [inst.tdeEnabled, inst.tdeEnabledAt, inst.logGapStart, inst.logGapEnd, inst.seq])
            }
            guard qualifies, options.plainRegion == nil else { continue }
            let j = qualifyingIndex
            qualifyingIndex += 1
            let destinations = options.rules.destinations(from: region.id)
            let dest = destinations[j % destinations.count]
            let retention: Int64 = [7, 15, 30, 365, 730][Int(rng.next() % 5)]
            plans.append(Plan(id: inst.id, role: j % 8, region: region.id, dest: dest, retention: retention))
        }

        for n in 0..<max(0, options.pendingCohort) {
            let home = Region.named(Region.defaultID)!
            let request = NewInstance(regionID: home.id, zoneID: home.zones[n % 3],
                                      engine: "MySQL", engineVersion: n % 4 == 3 ? "5.7" : "8.0",
                                      instanceClass: classes[n % classes.count], storageGB: Int64(50 + n % 10 * 25),
                                      description: "batch-\(n < 9 ? "0" : "")\(n + 1)")
            let created = start - (60 + Int64(n)) * UTCTime.day
            _ = try tx.createInstance(request, dataBytes: Int64(20 + n % 30) * 1_000_000_000, createdAt: created, ready: true)
        }

        // The history: policy changes at fixed moments, applied by the engine's rules in time order.
        struct Event { var key: String; var at: Seconds; var change: PolicyChange?; var release: Bool; var ids: [String] }
        var events: [String: Event] = [:]
        func add(_ at: Seconds, _ id: String, _ change: PolicyChange?, release: Bool = false) {
            let key = "\(at)|\(String(describing: change))|\(release)"
            events[key, default: Event(key: key, at: at, change: change, release: release, ids: [])].ids.append(id)
        }
        let day = UTCTime.day
        for (n, p) in plans.enumerated() {
            let at = start + Int64(n % 6) * day + 3 * UTCTime.hour
            switch p.role {
            case 0, 3:
                add(at, p.id, PolicyChange(backupEnabled: true, destination: p.dest, retentionDays: p.retention))
            case 1:
                add(at, p.id, PolicyChange(backupEnabled: true, destination: p.dest, retentionDays: p.retention,
                                           logBackupEnabled: true))
            case 2 where n < 24 || n % 400 == 2: // two in the standard fleet, a few in big ones
                add(at, p.id, PolicyChange(backupEnabled: true, destination: p.dest, retentionDays: 365))
                add(start + 20 * day, p.id, nil, release: true)
            case 4:
                add(start + 10 * day, p.id, PolicyChange(backupEnabled: true, destination: p.dest, retentionDays: 30,
                                                         logBackupEnabled: true))
            case 5:
                add(at, p.id, PolicyChange(backupEnabled: true, destination: p.dest, retentionDays: p.retention))
                add(start + 27 * day, p.id, PolicyChange(backupEnabled: false, retentionDays: 7))
            default:
                break // pending
            }
        }
        for event in events.values.sorted(by: { ($0.at, $0.release ? 1 : 0, $0.key) < ($1.at, $1.release ? 1 : 0, $1.key) }) {
            try tx.setMeta("clock", event.at)
            tx = try Tx(db)
            if let change = event.change {
                _ = try tx.modifyPolicy(ids: event.ids, change: change)
            } else {
                for id in event.ids { _ = try tx.releaseInstance(id: id) }
            }
        }
        try tx.setMeta("clock", end)
        for index in indexes { try db.execute(sql: index.sql) }
    }
}
