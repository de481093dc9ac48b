extension Instance {
    /// Why `change` cannot be applied to this instance (R2, R3), with the
    /// code `ModifyInstanceCrossBackupPolicy` documents for it, or nil.
    /// `inForce`: the account answered this policy as in force (an import): whether the
    /// instance qualifies is then the account's fact, not asked again; its values still are.
    public func refusal(of asked: PolicyChange, at now: Seconds, inForce: Bool = false) -> EngineError? {
        let change = asked.forSource(regionID)
        if let r = change.retentionDays, !PolicyChange.retentionRange.contains(r) {
            return EngineError(.invalidParametersFormat,
                               "Retention must be a whole number of days from \(PolicyChange.retentionRange.lowerBound) to \(PolicyChange.retentionRange.upperBound); \(r) is out of range.")
        }
        if isReleased {
            // R3.7: only the retention of a released instance can change.
            let what: String?
            if let e = change.backupEnabled, e != backupEnabled {
                what = "its cross-region backup cannot be turned \(e ? "on" : "off")"
            } else if let d = change.destination, d != backupRegion {
                what = "its backup region cannot change"
            } else if let l = change.logBackupEnabled, l != logBackupEnabled {
                what = "its log backup cannot be turned \(l ? "on" : "off")"
            } else {
                what = nil
            }
            return what.map {
                .state(id, "has been released: \($0); only its cross-region retention period (Retention) can be modified")
            }
        }
        if !inForce, let refusal = qualificationRefusal { return refusal }
        let willEnable = change.backupEnabled ?? backupEnabled
        if willEnable {
            if !backupEnabled {
                guard status(at: now) == .running else {
                    return .state(id, "is \(status(at: now)); cross-region backup can be enabled only on a Running instance")
                }
                guard change.destination != nil else {
                    return EngineError(.parameterAbsence,
                                       "Enabling cross-region backup needs a backup region (CrossBackupRegion).")
                }
            }
            if let dest = change.destination ?? backupRegion, let why = destinationRefusal(to: dest) {
                return why
            }
        } else {
            // R3.4; R3.5: BackupEnabled=0 alone is a valid disable.
            if change.logBackupEnabled == true {
                return EngineError(.invalidParametersFormat,
                                   "LogBackupEnabled=1: cross-region log backup can be enabled only together with, or while, cross-region backup is enabled.")
            }
            if let d = change.destination, d != backupRegion || change.backupEnabled == nil {
                return EngineError(.invalidParametersFormat,
                                   "CrossBackupRegion: cross-region backup is disabled for \(id); enable it (BackupEnabled=1) to choose a backup region.")
            }
        }
        return nil
    }

    /// Why `destination` cannot receive this instance's backups under its rules (R1.2, R3.3), or nil.
    func destinationRefusal(to destination: String) -> EngineError? {
        let source = regionID
        guard let src = Region.named(source) else {
            return EngineError(.invalidRegionFormat, "Unknown region \(Shown(source)).")
        }
        guard let dst = rules.region(destination) else {
            return EngineError(.invalidRegionFormat, "CrossBackupRegion \(Shown(destination)) is not a region.")
        }
        if source == destination {
            return EngineError(.crossBackupNotSupport,
                               "The backup region must differ from the instance's region (\(src.displayName)).")
        }
        if !rules.allows(from: source, to: destination) {
            let destinations = rules.destinations(from: source)
            let allowed = destinations.compactMap { Region.named($0)?.displayName }.joined(separator: ", ")
            return EngineError(.crossBackupNotSupport,
                               "\(src.displayName) cannot back up to \(dst.displayName); allowed: \(allowed.isEmpty ? "none" : allowed).")
        }
        return nil
    }
}
