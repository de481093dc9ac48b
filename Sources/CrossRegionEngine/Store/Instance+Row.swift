import GRDB
import Foundation
import GRDBSQLite

extension Instance {
    static let columns = InstanceColumn.selectList

    /// An instance read with `columns`, straight from SQLite's columns; the texts rows repeat
    /// (region, zone, product) shared through `texts`.
    init(raw r: RawRow, texts t: inout RepeatedTexts) {
        typealias C = InstanceColumn
        self.init(seq: r.int(C.seq), id: r.text(C.id), regionID: t.text(r, C.region), zoneID: t.text(r, C.zone),
                  description: r.text(C.description), engine: t.text(r, C.engine),
                  engineVersion: t.text(r, C.engineVersion), category: t.text(r, C.category),
                  storageType: t.text(r, C.storageType), instanceClass: t.text(r, C.instanceClass),
                  storageGB: r.int(C.storageGB), dataBytes: r.int(C.dataBytes), logBytesPerHour: r.int(C.logBytesPerHour),
                  tdeEnabled: r.bool(C.tde), createdAt: r.int(C.createdAt), readyAt: r.int(C.readyAt),
                  backupMinute: r.int(C.backupMinute), payType: t.text(r, C.payType), netType: t.text(r, C.netType))
        readPolicy(r, C.self, &t)
        logGapStart = r.optionalInt(C.logGapStart)
        logGapEnd = r.optionalInt(C.logGapEnd)
        restoredFrom = r.optionalText(C.restoredFrom)
        backupEnabledAt = r.optionalInt(C.xbEnabledAt)
        logBackupEnabledAt = r.optionalInt(C.logEnabledAt)
        tdeEnabledAt = r.optionalInt(C.tdeAt)
        vpcID = r.optionalText(C.vpcID)
        vSwitchID = r.optionalText(C.vSwitchID)
        securityIPList = r.optionalText(C.securityIPs)
    }

    /// Binds every column, in `columns` order (for `insertSQL`).
    func bindRow(_ b: inout RawBind) {
        b.int(seq); b.text(id); b.text(regionID); b.text(zoneID); b.text(description); b.text(engine)
        b.text(engineVersion); b.text(category); b.text(storageType); b.text(instanceClass); b.int(storageGB)
        b.int(dataBytes); b.int(logBytesPerHour); b.bool(tdeEnabled); b.int(createdAt); b.int(readyAt); b.int(releasedAt)
        b.int(backupMinute); b.int(logGapStart); b.int(logGapEnd); b.text(restoredFrom); b.text(payType); b.text(netType)
        b.bool(qualifiesByProduct); b.bool(backupEnabled); b.text(backupRegion); b.int(retentionDays)
        b.bool(logBackupEnabled); b.int(backupEnabledAt); b.int(logBackupEnabledAt); b.int(expiryFloor); b.int(epochAt)
        b.int(epochSID); b.int(seedBackupStart); b.int(seedBackupEnd); b.int(seedCopyAt); b.int(logChainStart)
        b.int(retainedUntil); b.int(tdeEnabledAt); b.text(vpcID); b.text(vSwitchID); b.text(securityIPList)
    }

    static let insertSQL =
        "INSERT INTO instance (\(columns)) VALUES (\(Array(repeating: "?", count: InstanceColumn.allCases.count).joined(separator: ",")))"

    /// The columns an instance's changes are written to (the product
    /// columns never change), each with how to tell it changed and how to bind it.
    typealias Column = (name: String, differs: @Sendable (Instance, Instance) -> Bool,
                        bind: @Sendable (Instance, inout RawBind) -> Void)

    static let mutableColumns: [Column] = [
        ("tde", { $0.tdeEnabled != $1.tdeEnabled }, { $1.bool($0.tdeEnabled) }),
        ("tde_at", { $0.tdeEnabledAt != $1.tdeEnabledAt }, { $1.int($0.tdeEnabledAt) }),
        ("ready_at", { $0.readyAt != $1.readyAt }, { $1.int($0.readyAt) }),
        ("released_at", { $0.releasedAt != $1.releasedAt }, { $1.int($0.releasedAt) }),
        ("restored_from", { $0.restoredFrom != $1.restoredFrom }, { $1.text($0.restoredFrom) }),
        ("xb_enabled", { $0.backupEnabled != $1.backupEnabled }, { $1.bool($0.backupEnabled) }),
        ("xb_region", { $0.backupRegion != $1.backupRegion }, { $1.text($0.backupRegion) }),
        ("retention", { $0.retentionDays != $1.retentionDays }, { $1.int($0.retentionDays) }),
        ("log_enabled", { $0.logBackupEnabled != $1.logBackupEnabled }, { $1.bool($0.logBackupEnabled) }),
        ("xb_enabled_at", { $0.backupEnabledAt != $1.backupEnabledAt }, { $1.int($0.backupEnabledAt) }),
        ("log_enabled_at", { $0.logBackupEnabledAt != $1.logBackupEnabledAt }, { $1.int($0.logBackupEnabledAt) }),
        ("expiry_floor", { $0.expiryFloor != $1.expiryFloor }, { $1.int($0.expiryFloor) }),
        ("epoch_at", { $0.epochAt != $1.epochAt }, { $1.int($0.epochAt) }),
        ("epoch_sid", { $0.epochSID != $1.epochSID }, { $1.int($0.epochSID) }),
        ("seed_start", { $0.seedBackupStart != $1.seedBackupStart }, { $1.int($0.seedBackupStart) }),
        ("seed_end", { $0.seedBackupEnd != $1.seedBackupEnd }, { $1.int($0.seedBackupEnd) }),
        ("seed_at", { $0.seedCopyAt != $1.seedCopyAt }, { $1.int($0.seedCopyAt) }),
        ("log_chain_start", { $0.logChainStart != $1.logChainStart }, { $1.int($0.logChainStart) }),
        ("retained_until", { $0.retainedUntil != $1.retainedUntil }, { $1.int($0.retainedUntil) }),
    ]

    /// Some of `mutableColumns`: bit `i` is column `i`.
    struct ColumnSet: Hashable, Sendable {
        let bits: UInt32
        static let all = ColumnSet(bits: UInt32.max >> (32 - mutableColumns.count))

        /// The columns in which `a` and `b` differ.
        init(differing a: Instance, _ b: Instance) {
            var bits: UInt32 = 0
            // By place: each column's test is called where it lies, not copied out with its name and binder.
            mutableColumns.withUnsafeBufferPointer { columns in
                for i in columns.indices where columns[i].differs(a, b) { bits |= 1 << i }
            }
            self.bits = bits
        }

        private init(bits: UInt32) { self.bits = bits }

        var isEmpty: Bool { bits == 0 }

        /// The columns of the set, in `mutableColumns` order.
        var columns: some Sequence<Column> {
            mutableColumns.enumerated().lazy.filter { bits & (1 << $0.offset) != 0 }.map(\.element)
        }
    }

    /// The statement that writes `set` of an instance's row (its arguments: those columns, then `seq`),
    /// made once for each set: a batch writes the same few sets thousands of times.
    static func updateSQL(_ set: ColumnSet) -> String {
        updateSQLs.lock.lock()
        defer { updateSQLs.lock.unlock() }
        if let sql = updateSQLs.made[set] { return sql }
        let sql = "UPDATE instance SET " + set.columns.map { "\($0.name) = ?" }.joined(separator: ", ") + " WHERE seq = ?"
        updateSQLs.made[set] = sql
        return sql
    }

    /// The statements made so far, under their lock.
    private final class UpdateSQLs: @unchecked Sendable {
        let lock = NSLock()
        var made: [ColumnSet: String] = [:]
    }

    private static let updateSQLs = UpdateSQLs()
}

extension FileSeries {
    static let columns = """
        sid, kind, destination, t0, period, first_index, end_at, size_bytes, copy_seconds, \
        source_start0, source_end0, banked_seconds, seq0
        """

    /// A series read with `columns`, straight from SQLite's columns.
    init(raw r: RawRow) {
        self.init(sid: r.int(0), kind: FileKind(rawValue: Int(r.int(1))) ?? .data, destination: r.text(2), t0: r.int(3),
                  period: r.int(4), firstIndex: r.int(5), endAt: r.optionalInt(6), sizeBytes: r.int(7),
                  copySeconds: r.int(8), sourceStart0: r.int(9), sourceEnd0: r.int(10), bankedSeconds: r.int(11),
                  seq0: r.int(12))
    }

    /// Binds the arguments of `insertSQL`.
    func bindInsert(_ b: inout RawBind, instanceSeq: Int64) {
        b.int(sid); b.int(instanceSeq); b.int(Int64(kind.rawValue)); b.text(destination); b.int(t0); b.int(period)
        b.int(firstIndex); b.int(endAt ?? t0); b.int(sizeBytes); b.int(copySeconds); b.int(sourceStart0)
        b.int(sourceEnd0); b.int(bankedSeconds); b.int(seq0)
    }

    static let insertSQL = """
        INSERT INTO xseries (sid, instance_seq, kind, destination, t0, period, first_index, end_at, size_bytes, \
        copy_seconds, source_start0, source_end0, banked_seconds, seq0) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
        """
}

extension Instance {
    /// The columns billing needs (the policy, the epoch, the sizes, the product and the TDE time).
    static let billingColumns = BillingColumn.selectList

    /// An instance of a state following `rules`, read with `billingColumns` only (its other fields
    /// are empty: what a cost, a recovery window or a qualification reads is there).
    init(billingRow r: RawRow, rules: RulesEdition, texts t: inout RepeatedTexts) {
        typealias C = BillingColumn
        self.init(seq: r.int(C.seq), id: r.text(C.id), regionID: t.text(r, C.region), zoneID: "", description: "",
                  engine: t.text(r, C.engine), engineVersion: t.text(r, C.engineVersion), category: t.text(r, C.category),
                  storageType: t.text(r, C.storageType), instanceClass: "", storageGB: 0, dataBytes: r.int(C.dataBytes),
                  logBytesPerHour: r.int(C.logBytesPerHour), tdeEnabled: false, createdAt: r.int(C.createdAt),
                  readyAt: r.int(C.readyAt), backupMinute: r.int(C.backupMinute))
        readPolicy(r, C.self, &t)
        tdeEnabledAt = r.optionalInt(C.tdeAt)
        self.rules = rules
    }

    /// The columns of an export's row: billing's, then the description and the zone.
    static let exportColumns = "\(billingColumns), \(InstanceColumn.description.sql), \(InstanceColumn.zone.sql)"

    /// An instance read with `exportColumns` (see `init(billingRow:)`): its description and zone too.
    init(exportRow r: RawRow, rules: RulesEdition, texts t: inout RepeatedTexts) {
        self.init(billingRow: r, rules: rules, texts: &t)
        let after = Int32(BillingColumn.allCases.count)
        description = r.text(after)
        zoneID = t.text(r, after + 1)
    }

    /// The policy and the epoch in force, as both readers read them.
    private mutating func readPolicy<C: PolicyColumns>(_ r: RawRow, _: C.Type, _ t: inout RepeatedTexts) {
        releasedAt = r.optionalInt(C.releasedAt)
        backupEnabled = r.bool(C.xbEnabled)
        backupRegion = t.optionalText(r, C.xbRegion)
        retentionDays = r.int(C.retention)
        logBackupEnabled = r.bool(C.logEnabled)
        expiryFloor = r.int(C.expiryFloor)
        epochAt = r.optionalInt(C.epochAt)
        epochSID = r.optionalInt(C.epochSID)
        seedBackupStart = r.optionalInt(C.seedStart)
        seedBackupEnd = r.optionalInt(C.seedEnd)
        seedCopyAt = r.optionalInt(C.seedAt)
        logChainStart = r.optionalInt(C.logChainStart)
        retainedUntil = r.int(C.retainedUntil)
    }
}

/// Direct column access for scans over the whole fleet, where decoding
/// through `Row` would cost more than the work itself.
struct RawRow {
    let statement: OpaquePointer

    func int(_ i: Int32) -> Int64 { sqlite3_column_int64(statement, i) }

    /// One call to SQLite for a value other than 0 (NULL reads as 0: only then is its type asked).
    func optionalInt(_ i: Int32) -> Int64? {
        let v = sqlite3_column_int64(statement, i)
        return v != 0 || sqlite3_column_type(statement, i) != SQLITE_NULL ? v : nil
    }

    func text(_ i: Int32) -> String {
        guard let p = sqlite3_column_text(statement, i) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement, i))), as: UTF8.self)
    }

    /// Column `i`'s UTF-8, valid until the next step of the statement.
    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let p = sqlite3_column_text(statement, i) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement, i)))
    }

    func optionalText(_ i: Int32) -> String? {
        isNull(i) ? nil : text(i)
    }

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }

    /// Runs `sql` and calls `body` with each row.
    static func forEach(_ db: Database, sql: String, arguments: StatementArguments = [],
                        _ body: (RawRow) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        while true {
            let rc = sqlite3_step(raw)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try body(RawRow(statement: raw))
        }
    }
}

/// Binds a statement's arguments by position straight into SQLite, without
/// GRDB's argument boxes (the cost of a batch is its row writes).
struct RawBind {
    let statement: OpaquePointer
    private var index: Int32 = 1
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(statement: OpaquePointer) { self.statement = statement }

    mutating func int(_ v: Int64?) {
        if let v { sqlite3_bind_int64(statement, index, v) } else { sqlite3_bind_null(statement, index) }
        index += 1
    }

    mutating func bool(_ v: Bool) { int(v ? 1 : 0) }

    mutating func text(_ v: String?) {
        if let v { sqlite3_bind_text(statement, index, v, -1, Self.transient) } else { sqlite3_bind_null(statement, index) }
        index += 1
    }
}

extension Database {
    /// Runs the (cached) statement `sql` once with the arguments `bind` sets.
    func execute(_ sql: String, bind: (inout RawBind) -> Void) throws {
        let raw = try cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
        var b = RawBind(statement: raw)
        bind(&b)
        let rc = sqlite3_step(raw)
        sqlite3_reset(raw)
        guard rc == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(sqliteConnection)))
        }
    }
}
