/// One RDS instance as the engine stores it, with its cross-region policy
/// (R3.1) and the "epoch" of the policy now in force: the open series of
/// files that the instance keeps copying until the policy next changes.
public struct Instance: Sendable, Equatable, Codable {
    public var seq: Int64
    public var id: String
    public var regionID: String
    public var zoneID: String
    public var description: String
    public var engine: String
    public var engineVersion: String
    /// `Basic`, `HighAvailability`, `Finance`, `cluster`, …
    public var category: String
    /// `local_ssd`, `cloud_ssd`, `cloud_essd`, …
    public var storageType: String
    public var instanceClass: String
    public var storageGB: Int64
    /// Size of one full data backup (the used storage).
    public var dataBytes: Int64
    /// Size of one hourly binlog file.
    public var logBytesPerHour: Int64
    public var tdeEnabled: Bool
    /// When TDE was turned on: sets taken after it are TDE sets (R6.4).
    public var tdeEnabledAt: Seconds?
    public var createdAt: Seconds
    /// `Creating` until this time, `Running` after.
    public var readyAt: Seconds
    public var releasedAt: Seconds?
    /// Start of the daily backup window, in minutes after midnight UTC.
    public var backupMinute: Int64
    /// A hole in the local binlog chain (R4.4), if the instance had one.
    public var logGapStart: Seconds?
    public var logGapEnd: Seconds?
    public var restoredFrom: String?
    public var payType: String
    public var netType: String
    /// The network given at creation (nil: the region's default VPC and the zone's vSwitch).
    public var vpcID: String?
    public var vSwitchID: String?
    /// The whitelist given at creation (nil: 127.0.0.1).
    public var securityIPList: String?

    // The policy (R3.1).
    public var backupEnabled: Bool
    public var backupRegion: String?
    public var retentionDays: Int64
    public var logBackupEnabled: Bool
    public var backupEnabledAt: Seconds?
    public var logBackupEnabledAt: Seconds?
    /// No retained file expires before this time (R5.2); 0 when never shortened.
    public var expiryFloor: Seconds

    // The epoch in force (nil when nothing is being copied).
    public var epochAt: Seconds?
    /// First of the four series IDs reserved for this epoch.
    public var epochSID: Int64?
    /// The R4.3 copy made when the epoch began (backup start, end, copy time).
    public var seedBackupStart: Seconds?
    public var seedBackupEnd: Seconds?
    public var seedCopyAt: Seconds?
    /// Begin of the first binlog hour this epoch copies (R4.4).
    public var logChainStart: Seconds?
    /// The latest expiry among the files of closed series.
    public var retainedUntil: Seconds

    /// The edition of the rules of the instance's state (not a column: the state's, given
    /// by the transaction that reads or makes the instance).
    public var rules: RulesEdition = .unrecorded

    public init(seq: Int64, id: String, regionID: String, zoneID: String, description: String,
                engine: String, engineVersion: String, category: String, storageType: String,
                instanceClass: String, storageGB: Int64, dataBytes: Int64, logBytesPerHour: Int64,
                tdeEnabled: Bool, createdAt: Seconds, readyAt: Seconds, backupMinute: Int64,
                payType: String = "Postpaid", netType: String = "Intranet") {
        self.seq = seq
        self.id = id
        self.regionID = regionID
        self.zoneID = zoneID
        self.description = description
        self.engine = engine
        self.engineVersion = engineVersion
        self.category = category
        self.storageType = storageType
        self.instanceClass = instanceClass
        self.storageGB = storageGB
        self.dataBytes = dataBytes
        self.logBytesPerHour = logBytesPerHour
        self.tdeEnabled = tdeEnabled
        self.createdAt = createdAt
        self.readyAt = readyAt
        self.backupMinute = backupMinute
        self.payType = payType
        self.netType = netType
        self.backupEnabled = false
        self.retentionDays = 7
        self.logBackupEnabled = false
        self.expiryFloor = 0
        self.retainedUntil = 0
    }

    public var isReleased: Bool { releasedAt != nil }

    /// `Released`, `Creating` or `Running` at time `now`.
    public func status(at now: Seconds) -> InstanceStatus {
        if releasedAt != nil { return .released }
        return now < readyAt ? .creating : .running
    }

    public var retentionSeconds: Seconds { retentionDays * UTCTime.day }

    /// Whether a batch may take the instance at `now` (see `InstanceFilter.joiningBatch`).
    public func joinsBatch(at now: Seconds) -> Bool { status(at: now) == .running }

    /// Whether a backup consistent at `t` was taken with TDE on (R6.4).
    public func tdeCovers(_ t: Seconds) -> Bool { tdeEnabledAt.map { $0 <= t } ?? false }
}
