/// The current documentation's own rules for cloud-disk instances (rds-cross-region-api.md §8,
/// B.15). Under the seed's edition no instance follows them (its cloud-disk MySQL 5.6 is
/// treated as every other qualifying instance).
extension Instance {
    public var medium: StorageMedium { StorageMedium(storageType: storageType) }

    /// Whether the instance follows the cloud-disk rules: enabling triggers no backup, its
    /// sets restore only to a new instance in their destination region, cannot be
    /// downloaded, are dropped when it is released, and are billed per GB-day.
    /// Only the products of the documentation's cloud-disk column follow them (an instance
    /// imported with a policy the account has in force may be of another product).
    public var followsCloudDiskRules: Bool {
        rules == .current && medium == .cloudDisk
            && Self.productRefusal(engine: engine, version: engineVersion, category: category, storageType: storageType,
                                   rules: rules) == nil
    }

    /// Whether enabling copies the valid backup of the last day or takes one (R4.3, R4.4).
    var enablingTriggersBackup: Bool { !followsCloudDiskRules }

    /// Whether the instance's sets can be downloaded (`CrossBackupDownloadLink`).
    public var setsCanBeDownloaded: Bool { !followsCloudDiskRules }

    /// Whether its sets can be restored into an instance that exists (`RestoreDdrTable`).
    public var setsRestoreIntoExisting: Bool { !followsCloudDiskRules }

    /// What limits a restore of its sets, in words for the restore dialog, or nil.
    public var cloudDiskRestoreNote: String? {
        followsCloudDiskRules ? "Cloud disks: only to a new instance where the set is stored." : nil
    }

    /// Why its sets cannot be restored into an instance that exists, or nil.
    var existingTargetRefusal: EngineError? {
        guard !setsRestoreIntoExisting else { return nil }
        return EngineError(ErrorCode.incorrectDBInstanceType.answering(400),
                           "\(id) is on cloud disks: its cross-region backups restore only to a new instance in their destination region, not into an instance that exists.")
    }

    /// Whether releasing the instance drops its cross-region files at once (else they
    /// stay until their retention ends, R5.4).
    var releaseDropsFiles: Bool { followsCloudDiskRules }

    /// The regions a file stored in `destination` restores into: the destination only
    /// (cloud-disk rules), the source only (a set taken with TDE, R6.4), or both.
    func restoreRegions(destination: String, takenWithTDE: Bool) -> [String] {
        if followsCloudDiskRules { return [destination] }
        return takenWithTDE ? [regionID] : [regionID, destination]
    }

    /// Why a restore of one of its sets into `region` is refused by the cloud-disk rules, or nil.
    func cloudDiskRestoreRefusal(into region: String, destination: String) -> EngineError? {
        guard followsCloudDiskRules, region != destination else { return nil }
        return EngineError(.disasterRestoreRegionNotMatched,
                           "\(id) is on cloud disks: its cross-region backups restore only to a new instance in \(Region.named(destination)?.displayName ?? destination), where they are stored; not \(region).")
    }

    /// USD per GB of remote storage per second of a file stored in `destination` (R8.1; cloud
    /// disks: per GB-day, at the mainland price when the destination is in the Chinese mainland).
    func storageUSDPerGBSecond(destination: String) -> Double {
        Pricing.storageUSDPerGBSecond(cloudDisk: followsCloudDiskRules, destination: destination)
    }
}
