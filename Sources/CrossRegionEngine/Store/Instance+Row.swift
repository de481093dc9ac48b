import GRDB

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
