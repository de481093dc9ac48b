/// Restore across regions (R6).
extension Engine {
    /// Every restorable window of an instance, one per completed cross-region
    /// data backup set, oldest first (R6.1, R6.2).
    public func recoveryWindows(instanceID: String) throws -> [RecoveryWindow] {
        try read { tx in
            let inst = try tx.instance(id: instanceID)
            return try tx.recoveryWindows(inst, series: try tx.allSeries(of: inst))
        }
    }

    /// The restorable window of one backup set (`DescribeAvailableRecoveryTime`).
    public func recoveryWindow(backupSetID: Int64) throws -> (Instance, RecoveryWindow) {
        try read { tx in
            let (inst, file) = try tx.dataFile(id: backupSetID)
            guard !file.isCopying else {
                throw EngineError("IncorrectBackupSetState",
                                  "Backup set \(backupSetID) is still being copied to \(file.destination).", status: 403)
            }
            let windows = try tx.recoveryWindows(inst, series: try tx.allSeries(of: inst))
            guard let w = windows.first(where: { $0.backupSet.id == backupSetID }) else {
                throw EngineError.backupSetNotFound(String(backupSetID))
            }
            return (inst, w)
        }
    }

    /// Checks a restore without doing it: returns the window it would use,
    /// or throws the reason it is not allowed.
    public func checkRestore(_ request: RestoreRequest) throws -> RecoveryWindow {
        try read { tx in try tx.planRestore(request).1 }
    }

    /// Restores into a new instance (`CreateDdrInstance`, R6.3): `Creating`
    /// for a time that grows with the data, then `Running`.
    public func restore(_ request: RestoreRequest) throws -> Instance {
        try write { tx in
            let (source, _) = try tx.planRestore(request)
            var new = try tx.createInstance(
                NewInstance(regionID: request.destinationRegion, engine: source.engine,
                            engineVersion: source.engineVersion, category: source.category,
                            storageType: source.storageType, instanceClass: request.instanceClass,
                            storageGB: request.storageGB ?? source.storageGB, description: request.description,
                            payType: request.payType, netType: request.netType),
                dataBytes: source.dataBytes)
            new.readyAt = tx.now + 900 + source.dataBytes / 100_000_000
            switch request.source {
            case .backupSet(let id): new.restoredFrom = "\(source.id) backup set \(id)"
            case .pointInTime(_, _, let t): new.restoredFrom = "\(source.id) at \(UTCTime.format(t))"
            }
            try tx.save(new)
            return new
        }
    }
}

extension Engine {
    /// Restores into an existing instance of the same engine and version
    /// (`RestoreDdrTable`, R6.3), which is then marked as restored from it.
    @discardableResult
    public func restore(into targetID: String, from source: RestoreRequest.Source) throws -> Instance {
        try write { tx in
            var target = try tx.instance(id: targetID)
            if target.isReleased { throw EngineError.released(targetID, "it cannot be restored into.") }
            guard target.status(at: tx.now) == "Running" else { throw EngineError.state(targetID, "is not Running") }
            let request = RestoreRequest(destinationRegion: target.regionID, source: source, engine: target.engine,
                                         engineVersion: target.engineVersion, instanceClass: target.instanceClass)
            let (from, _) = try tx.planRestore(request)
            switch source {
            case .backupSet(let id): target.restoredFrom = "\(from.id) backup set \(id)"
            case .pointInTime(_, _, let t): target.restoredFrom = "\(from.id) at \(UTCTime.format(t))"
            }
            try tx.save(target)
            return target
        }
    }
}

extension Tx {
    func recoveryWindows(_ inst: Instance, series: [FileSeries]) throws -> [RecoveryWindow] {
        let r = inst.retentionSeconds, f = inst.expiryFloor
        // Continuous stretches of completed cross-region binlogs.
        var logs: [(Seconds, Seconds)] = []
        for s in series where s.kind == .log {
            guard let alive = s.alive(at: now, retention: r, floor: f) else { continue }
            let hi = min(alive.upperBound, s.lastIndex(upTo: now - s.copySeconds))
            if hi >= alive.lowerBound { logs.append((s.sourceStart(alive.lowerBound), s.sourceEnd(hi))) }
        }
        logs.sort { $0.0 < $1.0 }
        var merged: [(Seconds, Seconds)] = []
        for l in logs {
            if let last = merged.last, l.0 <= last.1 { merged[merged.count - 1].1 = max(last.1, l.1) } else { merged.append(l) }
        }
        let sets = try files(of: inst, series: series,
                             query: FileQuery(kind: .data, completedOnly: true, limit: Int.max)).items
        return sets.reversed().map { set in
            let c = set.sourceEnd
            let end = merged.first(where: { $0.0 <= c && c <= $0.1 })?.1 ?? c
            return RecoveryWindow(backupSet: set, from: c, to: end)
        }
    }

    /// Validates a restore request against the rules (R6.1–R6.5); returns the
    /// source instance and the window the restore uses.
    func planRestore(_ req: RestoreRequest) throws -> (Instance, RecoveryWindow) {
        guard let dest = Region.named(req.destinationRegion) else {
            throw EngineError("InvalidRegionId.NotFound", "Unknown region \"\(req.destinationRegion)\".", status: 404)
        }
        let source: Instance
        let window: RecoveryWindow
        switch req.source {
        case .backupSet(let id):
            let (inst, file) = try dataFile(id: id)
            guard !file.isCopying else {
                throw EngineError("IncorrectBackupSetState",
                                  "Backup set \(id) is still being copied to \(file.destination); it can be restored once complete.",
                                  status: 403)
            }
            source = inst
            guard let w = try recoveryWindows(inst, series: try allSeries(of: inst)).first(where: { $0.backupSet.id == id })
            else { throw EngineError.backupSetNotFound(String(id)) }
            window = w
        case .pointInTime(let instanceID, let sourceRegion, let time):
            source = try instance(id: instanceID)
            if let sr = sourceRegion, sr != source.regionID {
                throw EngineError("InvalidParameter.SourceRegion",
                                  "\(instanceID) is in \(source.regionID), not \(sr).")
            }
            guard time <= now else {
                throw EngineError("InvalidRestoreTime.Format",
                                  "The restore time \(UTCTime.format(time)) is in the future (now \(UTCTime.format(now))).")
            }
            let windows = try recoveryWindows(source, series: try allSeries(of: source))
            guard !windows.isEmpty else {
                throw EngineError("InvalidRestoreTime.NotRestorable",
                                  "\(instanceID) has no completed cross-region data backup to restore from.", status: 403)
            }
            guard let w = windows.last(where: { $0.from <= time && time <= $0.to }) else {
                let ranges = windows.map { $0.from == $0.to ? UTCTime.format($0.from)
                    : "\(UTCTime.format($0.from)) to \(UTCTime.format($0.to))" }
                throw EngineError("InvalidRestoreTime.NotRestorable",
                                  "\(UTCTime.format(time)) is not restorable for \(instanceID); restorable: \(ranges.suffix(5).joined(separator: "; ")).",
                                  status: 403)
            }
            window = w
        }
        if source.tdeEnabled && dest.id != source.regionID {
            throw EngineError("OperationDenied.TDEEnabled",
                              "TDE is enabled on \(source.id): its cross-region backups can be restored only into its source region, \(Region.named(source.regionID)?.displayName ?? source.regionID).",
                              status: 403)
        }
        guard dest.id == source.regionID || dest.id == window.backupSet.destination else {
            throw EngineError("InvalidParameter.RegionId",
                              "A cross-region backup of \(source.id) can be restored into its source region \(source.regionID) or into \(window.backupSet.destination), where the set is stored; not \(dest.id).")
        }
        if let e = req.engine, e != source.engine {
            throw EngineError("InvalidEngine.Malformed", "The new instance must run the source's engine, \(source.engine), not \(e).")
        }
        if let v = req.engineVersion, v != source.engineVersion {
            throw EngineError("InvalidEngineVersion.Malformed",
                              "The new instance must run the source's version, \(source.engine) \(source.engineVersion), not \(v).")
        }
        if let gb = req.storageGB {
            let needed = (source.dataBytes + 999_999_999) / 1_000_000_000
            guard gb >= 5, gb <= 32_000, gb % 5 == 0, gb >= needed else {
                throw EngineError("InvalidStorage.Format",
                                  "Specified Storage is not valid: \(gb) GB (5 to 32000 in steps of 5, and at least the \(needed) GB of the backup).")
            }
        }
        guard !req.instanceClass.isEmpty else {
            throw EngineError("InvalidDBInstanceClass.NotFound", "Specified DB instance class is not found.", status: 404)
        }
        if let d = req.description { try NewInstance.validateDescription(d) }
        return (source, window)
    }
}
