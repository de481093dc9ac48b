/// The databases and tables inside an instance (what a cross-region set
/// holds, `DescribeCrossBackupMetaList`): a deterministic catalogue per
/// instance, whose monthly archive tables grow with time, so that a set
/// carries the catalogue of the moment it was taken.
public struct CatalogueDatabase: Sendable, Equatable, Codable {
    public var name: String
    public var tables: [String]
    public var sizeKB: Int64
}

extension Instance {
    static let databaseNames = ["shop", "orders", "users", "billing", "inventory", "analytics", "crm", "payments",
                                "catalog", "logistics", "audit", "reports"]
    static let tableNames = ["accounts", "addresses", "coupons", "events", "invoices", "order_items", "orders",
                             "payments", "products", "refunds", "reviews", "sessions", "settings", "shipments", "users"]

    /// The user databases at time `t` (system schemas left out), by name.
    public func catalogue(at t: Seconds) -> [CatalogueDatabase] {
        var rng = SplitMix64(seed: UInt64(bitPattern: seq) &* 0x2545_F491_4F6C_DD1D ^ 0xDB)
        var names = Self.databaseNames
        var dbs: [(name: String, tables: [String], weight: Int64)] = []
        for _ in 0..<(2 + Int(rng.next() % 4)) {
            let name = names.remove(at: Int(rng.next() % UInt64(names.count)))
            var pool = Self.tableNames
            let tables = (0..<(3 + Int(rng.next() % 8))).map { _ in pool.remove(at: Int(rng.next() % UInt64(pool.count))) }
            dbs.append((name, tables.sorted(), Int64(1 + rng.next() % 9)))
        }
        // One archive table a month since creation (the last 24 months), in the first database.
        let months = UTCTime.monthsBetween(createdAt, and: t).suffix(24)
        dbs[0].tables += months.map { "archive_" + $0 }
        let total = dbs.reduce(0) { $0 + $1.weight }
        return dbs.map { CatalogueDatabase(name: $0.name, tables: $0.tables, sizeKB: dataBytes / 1_024 * $0.weight / total) }
            .sorted { $0.name < $1.name }
    }
}

/// `TableMeta` of `RestoreDdrTable`: which databases and tables to restore,
/// under which new names (reference §6.3), checked against the set's catalogue.
public enum TableMeta {
    public struct Table: Sendable, Equatable {
        public var name: String
        public var newName: String?
    }

    public struct Database: Sendable, Equatable {
        public var name: String
        public var newName: String?
        /// Empty: the whole database.
        public var tables: [Table]
    }

    /// Reads the JSON list `[{"type":"db","name":…,"newname":…,"tables":[{"type":"table","name":…,"newname":…}]}]`.
    static func parse(_ text: String) throws -> [Database] {
        func bad(_ why: String) -> EngineError { EngineError(.invalidParametersFormat, "TableMeta: \(why)") }
        guard let value = try? JSONValue.parse(text), case .array(let items) = value, !items.isEmpty else {
            throw bad("expected a non-empty JSON list such as [{\"type\":\"db\",\"name\":\"shop\",\"newname\":\"shop_restored\",\"tables\":[{\"type\":\"table\",\"name\":\"orders\",\"newname\":\"orders\"}]}].")
        }
        return try items.enumerated().map { i, item in
            guard case .object(let db) = item, db["type"]?.string ?? "db" == "db", let name = db["name"]?.string else {
                throw bad("entry \(i + 1) needs \"type\":\"db\" and a \"name\".")
            }
            let newName = db["newname"]?.string
            try [name, newName].compactMap { $0 }.forEach { try checkIdentifier($0, bad) }
            var tables: [Table] = []
            if let t = db["tables"] {
                guard case .array(let list) = t else { throw bad("\"tables\" of \(name) must be a list.") }
                tables = try list.map { entry in
                    guard case .object(let table) = entry, table["type"]?.string ?? "table" == "table",
                          let tname = table["name"]?.string else {
                        throw bad("each table of \(name) needs \"type\":\"table\" and a \"name\".")
                    }
                    let tnew = table["newname"]?.string
                    try [tname, tnew].compactMap { $0 }.forEach { try checkIdentifier($0, bad) }
                    return Table(name: tname, newName: tnew)
                }
            }
            return Database(name: name, newName: newName, tables: tables)
        }
    }

    /// Letters, digits, `_` and `$`, 1 to 64 characters (MySQL's unquoted names).
    private static func checkIdentifier(_ name: String, _ bad: (String) -> EngineError) throws {
        guard (1...64).contains(name.count), name.unicodeScalars.allSatisfy({
            ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "$") && $0.value < 0x10000
        }) else { throw bad("\(Shown(name)) is not a database or table name (letters, digits, _ and $, at most 64).") }
    }

    /// Every named database and table must be in `catalogue`.
    static func check(_ wanted: [Database], against catalogue: [CatalogueDatabase]) throws {
        let byName = Dictionary(uniqueKeysWithValues: catalogue.map { ($0.name, $0) })
        for db in wanted {
            guard let found = byName[db.name] else {
                throw EngineError(.invalidParametersFormat,
                                  "TableMeta: the backup holds no database \(Shown(db.name)); it holds \(catalogue.map(\.name).joined(separator: ", ")).")
            }
            for t in db.tables where !found.tables.contains(t.name) {
                throw EngineError(.invalidParametersFormat,
                                  "TableMeta: database \(db.name) of the backup holds no table \(Shown(t.name)).")
            }
        }
    }
}
