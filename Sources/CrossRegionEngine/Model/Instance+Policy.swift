extension Instance {
    /// Why `change` cannot be applied to this instance (R2, R3), or nil.
    public func refusal(of change: PolicyChange, at now: Seconds) -> EngineError? {
        if let r = change.retentionDays, !PolicyChange.retentionRange.contains(r) {
            return EngineError("InvalidParameter.Retention",
                               "The retention period must be a whole number of days from 7 to 1825; \(r) is out of range.")
        }
        if isReleased {
            // R3.7: only the retention of a released instance can change.
            if let e = change.backupEnabled, e != backupEnabled {
                return .released(id, "only its cross-region retention period can be modified.")
            }
            if let d = change.destination, d != backupRegion {
                return .released(id, "only its cross-region retention period can be modified, not the backup region.")
            }
            if let l = change.logBackupEnabled, l != logBackupEnabled {
                return .released(id, "only its cross-region retention period can be modified, not log backup.")
            }
            return nil
        }
        if let why = unqualifiedReason {
            return EngineError("UnsupportedDBInstance.CrossBackup", why, status: 403)
        }
        let willEnable = change.backupEnabled ?? backupEnabled
        if willEnable {
            if !backupEnabled {
                guard status(at: now) == "Running" else {
                    return .state(id, "is \(status(at: now)); cross-region backup can be enabled only on a Running instance")
                }
                guard change.destination != nil else {
                    return EngineError("MissingParameter",
                                       "Enabling cross-region backup needs a backup region (CrossBackupRegion).")
                }
            }
            if let dest = change.destination ?? backupRegion, let why = Self.destinationRefusal(from: regionID, to: dest) {
                return why
            }
        } else {
            if change.logBackupEnabled == true {
                return EngineError("InvalidParameter.LogBackupEnabled",
                                   "Cross-region log backup can be enabled only together with, or while, cross-region backup is enabled.")
            }
            if change.backupEnabled == false, change.retentionDays != 7 {
                return EngineError("InvalidParameter.Retention",
                                   "To disable cross-region backup, also set the retention period to 7 days (Retention=7); existing files are then kept 7 more days.")
            }
            if change.destination != nil {
                return EngineError("InvalidParameter.CrossBackupRegion",
                                   "Cross-region backup is disabled for \(id): enable it (BackupEnabled=1) to choose a backup region.")
            }
        }
        return nil
    }

    /// Why `destination` cannot receive backups from `source` (R1.2, R3.3), or nil.
    public static func destinationRefusal(from source: String, to destination: String) -> EngineError? {
        guard let src = Region.named(source) else {
            return EngineError("InvalidRegionId.NotFound", "Unknown region \(source).", status: 404)
        }
        guard let dst = Region.named(destination) else {
            return EngineError("InvalidCrossBackupRegion", "Unknown backup region \"\(destination)\".")
        }
        if source == destination {
            return EngineError("InvalidCrossBackupRegion",
                               "The backup region must differ from the instance's region (\(src.displayName)).")
        }
        if !src.allows(destination: destination) {
            let allowed = src.destinations.compactMap { Region.named($0)?.displayName }.joined(separator: ", ")
            return EngineError("InvalidCrossBackupRegion",
                               "\(src.displayName) cannot back up to \(dst.displayName); allowed: \(allowed.isEmpty ? "none" : allowed).")
        }
        return nil
    }
}
