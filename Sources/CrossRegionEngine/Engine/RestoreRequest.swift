/// A restore across regions into a new instance (`CheckCreateDdrDBInstance`,
/// `CreateDdrInstance`).
public struct RestoreRequest: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A cross-region data backup set (`CrossBackupId`).
        case backupSet(Int64)
        /// A point in time of an instance (`SourceDBInstanceName`, `SourceRegion`, `RestoreTime`).
        case pointInTime(instanceID: String, sourceRegion: String?, time: Seconds)
    }

    public var destinationRegion: String
    public var source: Source
    /// Must equal the source's (R6.3); nil means "the source's".
    public var engine: String?
    public var engineVersion: String?
    /// nil: the source's.
    public var instanceClass: String?
    public var storageGB: Int64?
    public var description: String?
    public var payType: String
    public var netType: String
    public var zoneID: String?
    public var vpcID: String?
    public var vSwitchID: String?
    public var securityIPList: String?

    public init(destinationRegion: String, source: Source, engine: String? = nil, engineVersion: String? = nil,
                instanceClass: String? = nil, storageGB: Int64? = nil, description: String? = nil,
                payType: String = "Postpaid", netType: String = "Intranet") {
        self.destinationRegion = destinationRegion
        self.source = source
        self.engine = engine
        self.engineVersion = engineVersion
        self.instanceClass = instanceClass
        self.storageGB = storageGB
        self.description = description
        self.payType = payType
        self.netType = netType
    }
}

/// Where a restore can take its data from: a time range that one backup
/// set and the binlogs after it make restorable (R6.2).
public struct RecoveryWindow: Sendable, Equatable, Codable {
    public var backupSet: CrossRegionFile
    /// The set's consistent time.
    public var from: Seconds
    /// As far as the continuous cross-region binlogs after the set reach (`from` without them).
    public var to: Seconds

    /// The moment a restore through this window brings back.
    func restoreTime(_ source: RestoreRequest.Source) -> Seconds {
        if case .pointInTime(_, _, let t) = source { return t }
        return from
    }
}
