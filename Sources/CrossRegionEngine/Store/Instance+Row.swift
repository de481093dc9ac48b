import GRDB
import GRDBSQLite

extension Instance {
    static let columns = """
        seq, id, region, zone, description, engine, engine_version, category, storage_type, class, \
        storage_gb, data_bytes, log_bytes_per_hour, tde, created_at, ready_at, released_at, backup_minute, \
        log_gap_start, log_gap_end, restored_from, pay_type, net_type, qualified, xb_enabled, xb_region, \
        retention, log_enabled, xb_enabled_at, log_enabled_at, expiry_floor, epoch_at, epoch_sid, \
        seed_start, seed_end, seed_at, log_chain_start, retained_until
        """

    init(row r: Row) {
        self.init(seq: r[0], id: r[1], regionID: r[2], zoneID: r[3], description: r[4], engine: r[5],
                  engineVersion: r[6], category: r[7], storageType: r[8], instanceClass: r[9],
                  storageGB: r[10], dataBytes: r[11], logBytesPerHour: r[12], tdeEnabled: r[13],
                  createdAt: r[14], readyAt: r[15], backupMinute: r[17], payType: r[21], netType: r[22])
        releasedAt = r[16]
        logGapStart = r[18]
        logGapEnd = r[19]
        restoredFrom = r[20]
        backupEnabled = r[24]
        backupRegion = r[25]
        retentionDays = r[26]
        logBackupEnabled = r[27]
        backupEnabledAt = r[28]
        logBackupEnabledAt = r[29]
        expiryFloor = r[30]
        epochAt = r[31]
        epochSID = r[32]
        seedBackupStart = r[33]
        seedBackupEnd = r[34]
        seedCopyAt = r[35]
        logChainStart = r[36]
        retainedUntil = r[37]
    }

    var rowValues: [DatabaseValueConvertible?] {
        [seq, id, regionID, zoneID, description, engine, engineVersion, category, storageType, instanceClass,
         storageGB, dataBytes, logBytesPerHour, tdeEnabled, createdAt, readyAt, releasedAt, backupMinute,
         logGapStart, logGapEnd, restoredFrom, payType, netType, qualifiesByProduct, backupEnabled, backupRegion,
         retentionDays, logBackupEnabled, backupEnabledAt, logBackupEnabledAt, expiryFloor, epochAt, epochSID,
         seedBackupStart, seedBackupEnd, seedCopyAt, logChainStart, retainedUntil]
    }

    static let insertSQL =
        "INSERT INTO instance (\(columns)) VALUES (\(Array(repeating: "?", count: 38).joined(separator: ",")))"

    /// Writes every mutable column back (the product columns never change).
    static let updateSQL = """
        UPDATE instance SET tde = ?, ready_at = ?, released_at = ?, restored_from = ?, xb_enabled = ?, \
        xb_region = ?, retention = ?, log_enabled = ?, xb_enabled_at = ?, log_enabled_at = ?, expiry_floor = ?, \
        epoch_at = ?, epoch_sid = ?, seed_start = ?, seed_end = ?, seed_at = ?, log_chain_start = ?, \
        retained_until = ? WHERE seq = ?
        """

    var updateValues: StatementArguments {
        let values: [DatabaseValueConvertible?] = [
            tdeEnabled, readyAt, releasedAt, restoredFrom, backupEnabled, backupRegion, retentionDays,
            logBackupEnabled, backupEnabledAt, logBackupEnabledAt, expiryFloor, epochAt, epochSID,
            seedBackupStart, seedBackupEnd, seedCopyAt, logChainStart, retainedUntil, seq]
        return StatementArguments(values)
    }
}

extension FileSeries {
    static let columns = """
        sid, kind, destination, t0, period, first_index, end_at, size_bytes, copy_seconds, \
        source_start0, source_end0, banked_seconds, seq0
        """

    init(row r: Row) {
        self.init(sid: r[0], kind: FileKind(rawValue: r[1]) ?? .data, destination: r[2], t0: r[3], period: r[4],
                  firstIndex: r[5], endAt: r[6], sizeBytes: r[7], copySeconds: r[8], sourceStart0: r[9],
                  sourceEnd0: r[10], bankedSeconds: r[11], seq0: r[12])
    }

    func insertValues(instanceSeq: Int64) -> StatementArguments {
        let values: [DatabaseValueConvertible?] = [
            sid, instanceSeq, kind.rawValue, destination, t0, period, firstIndex, endAt ?? t0, sizeBytes,
            copySeconds, sourceStart0, sourceEnd0, bankedSeconds, seq0]
        return StatementArguments(values)
    }

    static let insertSQL = """
        INSERT INTO xseries (sid, instance_seq, kind, destination, t0, period, first_index, end_at, size_bytes, \
        copy_seconds, source_start0, source_end0, banked_seconds, seq0) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
        """
}

extension Instance {
    /// The columns billing needs: the policy, the epoch and the sizes.
    static let billingColumns = """
        seq, id, region, data_bytes, log_bytes_per_hour, created_at, ready_at, released_at, backup_minute, \
        xb_enabled, xb_region, retention, log_enabled, expiry_floor, epoch_at, epoch_sid, seed_start, seed_end, \
        seed_at, log_chain_start, retained_until
        """

    /// An instance read with `billingColumns` only (its other fields are empty).
    init(billingRow r: RawRow) {
        self.init(seq: r.int(0), id: r.text(1), regionID: r.text(2), zoneID: "", description: "", engine: "",
                  engineVersion: "", category: "", storageType: "", instanceClass: "", storageGB: 0,
                  dataBytes: r.int(3), logBytesPerHour: r.int(4), tdeEnabled: false, createdAt: r.int(5),
                  readyAt: r.int(6), backupMinute: r.int(8))
        releasedAt = r.optionalInt(7)
        backupEnabled = r.int(9) != 0
        backupRegion = r.optionalText(10)
        retentionDays = r.int(11)
        logBackupEnabled = r.int(12) != 0
        expiryFloor = r.int(13)
        epochAt = r.optionalInt(14)
        epochSID = r.optionalInt(15)
        seedBackupStart = r.optionalInt(16)
        seedBackupEnd = r.optionalInt(17)
        seedCopyAt = r.optionalInt(18)
        logChainStart = r.optionalInt(19)
        retainedUntil = r.int(20)
    }
}

/// Direct column access for scans over the whole fleet, where decoding
/// through `Row` would cost more than the work itself.
struct RawRow {
    let statement: OpaquePointer

    func int(_ i: Int32) -> Int64 { sqlite3_column_int64(statement, i) }

    func optionalInt(_ i: Int32) -> Int64? {
        sqlite3_column_type(statement, i) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, i)
    }

    func text(_ i: Int32) -> String {
        guard let p = sqlite3_column_text(statement, i) else { return "" }
        return String(cString: p)
    }

    func optionalText(_ i: Int32) -> String? {
        sqlite3_column_type(statement, i) == SQLITE_NULL ? nil : text(i)
    }

    /// Runs `sql` and calls `body` with each row.
    static func forEach(_ db: Database, sql: String, arguments: StatementArguments = [],
                        _ body: (RawRow) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
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
