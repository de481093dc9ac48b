import GRDB
import Foundation

/// Instances themselves: create, release, TDE, manual backups.
extension Engine {
    /// Creates an instance (`CreateDBInstance`); it is `Creating` for a while, then `Running`.
    public func createInstance(_ request: NewInstance) throws -> Instance {
        try request.validate()
        return try write { tx in try tx.createInstance(request) }
    }

    /// Releases an instance (`DeleteDBInstance`): its cross-region files stay
    /// for their retention, its local backups at most 7 days (R5.4). A
    /// released instance is gone: releasing it again is not found (§B.4).
    @discardableResult
    public func releaseInstance(id: String, regionID: String?) throws -> Instance {
        try write { tx in
            let inst = try tx.liveInstance(id: id, regionID: regionID)
            guard inst.status(at: tx.now) == .running else {
                throw EngineError(.operationDeniedDBInstanceStatus,
                                  "\(id) is \(inst.status(at: tx.now)); an instance can be released once it is Running.")
            }
            return try tx.releaseInstance(id: id)
        }
    }

    /// An instance that is not released, in `regionID` when one is given:
    /// what the instance actions answer for (a released one is not found, §B.4).
    public func liveInstance(id: String, regionID: String? = nil) throws -> Instance {
        try read { tx in try tx.liveInstance(id: id, regionID: regionID) }
    }

    /// Turns on transparent data encryption (it cannot be turned off); sets
    /// taken from now on are TDE sets (R6.4).
    @discardableResult
    public func enableTDE(id: String, regionID: String? = nil) throws -> Instance {
        try write { tx in
            var inst = try tx.liveInstance(id: id, regionID: regionID)
            guard inst.status(at: tx.now) == .running else { throw EngineError.state(id, "is not Running") }
            guard inst.engine == "MySQL", ["5.6", "5.7", "8.0"].contains(inst.engineVersion) else {
                throw EngineError(.operationDeniedDBInstanceType,
                                  "TDE is available for MySQL 5.6, 5.7 and 8.0; \(id) runs \(inst.engine) \(inst.engineVersion).")
            }
            if inst.tdeEnabled { return inst }
            let old = inst
            inst.tdeEnabled = true
            inst.tdeEnabledAt = tx.now
            try tx.save(inst, changedFrom: old)
            return inst
        }
    }

    /// Takes a manual full backup now (`CreateBackup`); copied across regions
    /// when it completes if cross-region backup is on (R4.2). Returns the backup ID.
    public func createBackup(id: String, regionID: String? = nil) throws -> Int64 {
        try write { tx in
            let inst = try tx.liveInstance(id: id, regionID: regionID)
            guard inst.status(at: tx.now) == .running else { throw EngineError.state(id, "is not Running") }
            if let running = try Int64.fetchOne(tx.db.cachedStatement(sql: """
                SELECT end_at FROM local_backup WHERE instance_seq = ? AND end_at > ? ORDER BY end_at DESC LIMIT 1
                """), arguments: [inst.seq, tx.now]) {
                throw EngineError(.backupJobExists, "A backup of \(id) runs until \(UTCTime.format(running)).")
            }
            let end = tx.now + inst.backupSeconds
            let rowID = try tx.insertLocalBackup(of: inst.seq, start: tx.now, end: end, mode: "Manual", initiator: "User")
            if inst.epochAt != nil, let dest = inst.backupRegion {
                let sid = try tx.reserveEpochSIDs(1)
                try tx.insert(FileSeries(sid: sid, kind: .data, destination: dest, t0: end, period: 0, firstIndex: 0,
                                         endAt: end, sizeBytes: inst.dataBytes, copySeconds: inst.dataCopySeconds,
                                         sourceStart0: tx.now, sourceEnd0: end, bankedSeconds: 0, seq0: 0),
                              of: inst.seq)
            }
            return LocalBackupID.stored(rowID)
        }
    }

    /// Local backups of released instances of `regionID` still kept
    /// (`DescribeDetachedBackups`, R5.4), newest first.
    public func detachedBackups(regionID: String, instanceID: String? = nil, from: Seconds? = nil,
                                to: Seconds? = nil) throws -> [(Instance, LocalBackup)] {
        try read { tx in
            var sql = "SELECT \(Instance.columns) FROM instance WHERE region = ? AND released_at > ?"
            var args: [DatabaseValueConvertible] = [regionID, tx.now - 7 * UTCTime.day]
            if let instanceID { sql += " AND id = ?"; args.append(instanceID) }
            return try tx.fetchInstances(sql + " ORDER BY id", StatementArguments(args)).flatMap { inst in
                try tx.localBackups(inst, from: from, to: to).map { (inst, $0) }
            }
        }
    }
}

/// IDs of local backups: automated daily ones are computed, stored ones (manual
/// or triggered) are numbered above them.
enum LocalBackupID {
    static let storedBase: Int64 = 1_000_000_000_000
    static func stored(_ rowID: Int64) -> Int64 { storedBase + rowID }
}

extension Tx {
    /// `id`: an imported instance keeps its own; else one is made from its sequence number.
    func createInstance(_ r: NewInstance, id: String? = nil, dataBytes: Int64? = nil, createdAt: Seconds? = nil,
                        ready: Bool = false, seq chosen: Int64? = nil) throws -> Instance {
        guard rules.region(r.regionID) != nil else {
            throw EngineError(.invalidRegionFormat,
                              "RegionId \(Shown(r.regionID)) is not a region of this state's rules (\(rules.rawValue)).")
        }
        let seq = try chosen ?? (Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM instance")) ?? 0) + 1
        let created = createdAt ?? now
        let bytes = dataBytes ?? r.storageGB * 1_000_000_000 * 3 / 10
        var inst = Instance(
            seq: seq, id: try id ?? InstanceID.make(seq: seq, salt: meta("id_salt") ?? 0), regionID: r.regionID,
            zoneID: r.zoneID ?? Region.defaultZone(r.regionID), description: r.description ?? "",
            engine: r.engine, engineVersion: r.engineVersion, category: r.category, storageType: r.storageType,
            instanceClass: r.instanceClass, storageGB: r.storageGB, dataBytes: bytes,
            logBytesPerHour: max(16_000_000, bytes / 400), tdeEnabled: false, createdAt: created,
            readyAt: ready ? created : created + Instance.creationSeconds(dataBytes: bytes),
            backupMinute: (seq * 37) % (24 * 60) / 30 * 30, payType: r.payType, netType: r.netType)
        inst.rules = rules
        if inst.description.isEmpty { inst.description = inst.id }
        inst.vpcID = r.vpcID ?? Region.defaultVPC(inst.regionID)
        inst.vSwitchID = r.vSwitchID ?? Region.defaultVSwitch(inst.zoneID)
        inst.securityIPList = r.securityIPList ?? SecurityIPList.defaultList
        try insert(inst)
        return inst
    }

    func liveInstance(id: String, regionID: String?) throws -> Instance {
        let inst = try instance(id: id)
        if inst.isReleased { throw EngineError(.invalidDBInstanceIdNotFound, "\(id) has been released.") }
        if let regionID, !Region.sharesEndpoint(regionID, with: inst.regionID) { throw EngineError.instanceNotFound(id, in: regionID) }
        return inst
    }

    /// `holdingFiles`: an import of an instance the account answers released and still holding
    /// files: they stay, whatever the rules say of a release.
    func releaseInstance(id: String, holdingFiles: Bool = false) throws -> Instance {
        var inst = try liveInstance(id: id, regionID: nil)
        var series = try storedSeries(of: inst.seq)
        _ = try closeEpoch(&inst, series: &series)
        try dropPendingCopies(series: &series)
        inst.releasedAt = now
        if inst.releaseDropsFiles && !holdingFiles {
            for i in series.indices {
                let before = series[i]
                series[i].deleteAll(at: now, retention: inst.retentionSeconds, floor: inst.expiryFloor)
                if series[i] != before { try update(series[i]) }
            }
            // Nothing is retained from now on; the instance still shows what it cost.
            inst.retainedUntil = series.isEmpty ? 0 : now
        } else {
            inst.retainedUntil = Tx.retainedUntil(inst, series)
        }
        try save(inst)
        return inst
    }
}

/// Instance IDs in the console's style: `rm-` and 14 lowercase letters or digits.
enum InstanceID {
    static func make(seq: Int64, salt: Int64) -> String {
        var x = (UInt64(bitPattern: seq) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(bitPattern: salt)
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        var out = "rm-"
        for _ in 0..<14 {
            x = SplitMix64.mix(x)
            out.append(alphabet[Int(x % 36)])
        }
        return out
    }
}

/// The 20 letters and digits after `vpc-` or `vsw-` of a default network.
enum NetworkID {
    static func make(_ name: String) -> String {
        var x: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in name.utf8 { x = (x ^ UInt64(b)) &* 0x100_0000_01B3 }
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return String((0..<20).map { _ in
            x = SplitMix64.mix(x)
            return alphabet[Int(x % 36)]
        })
    }
}

/// A small deterministic random generator (SplitMix64).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }
    static func mix(_ v: UInt64) -> UInt64 {
        var z = v &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Region {
    /// A zone of the region, for instances created without one.
    static func defaultZone(_ region: String) -> String { named(region)?.zones.first ?? region + "-a" }
}
