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
        try read { tx in try tx.window(ofSet: backupSetID) }
    }

    /// Checks a restore without doing it: returns the window it would use,
    /// or throws the reason it is not allowed.
    public func checkRestore(_ request: RestoreRequest) throws -> RecoveryWindow {
        try read { tx in try tx.planRestore(request).1 }
    }

    /// Restores into a new instance (`CreateDdrInstance`, R6.3): `Creating`
    /// for a time that grows with the data, then `Running`.
    public func restore(_ request: RestoreRequest) throws -> Instance {
        try write { tx in try tx.restore(request) }
    }
}

extension Engine {
    /// Restores into an existing instance of the same engine and version
    /// (`RestoreDdrTable`, R6.3), which is then marked as restored from it.
    @discardableResult
    public func restore(into targetID: String, from source: RestoreRequest.Source,
                        tables: [TableMeta.Database]? = nil) throws -> Instance {
        try write { tx in try tx.restore(into: targetID, from: source, tables: tables) }
    }
}

extension Tx {
    func restore(_ request: RestoreRequest) throws -> Instance {
        let (source, window) = try planRestore(request)
        var new = try createInstance(
            NewInstance(regionID: request.destinationRegion, zoneID: request.zoneID, engine: source.engine,
                        engineVersion: source.engineVersion, category: source.category,
                        storageType: source.storageType, instanceClass: request.instanceClass ?? source.instanceClass,
                        storageGB: request.storageGB ?? source.storageGB, description: request.description,
                        payType: request.payType, netType: request.netType, vpcID: request.vpcID,
                        vSwitchID: request.vSwitchID, securityIPList: request.securityIPList),
            dataBytes: source.dataBytes)
        new.readyAt = now + Instance.restoreSeconds(dataBytes: source.dataBytes)
        new.restoredFrom = Self.restoredFrom(source, request.source)
        if source.tdeCovers(window.backupSet.sourceEnd) { (new.tdeEnabled, new.tdeEnabledAt) = (true, now) }
        try save(new)
        return new
    }

    func restore(into targetID: String, from source: RestoreRequest.Source, tables: [TableMeta.Database]?) throws -> Instance {
        var target = try instance(id: targetID)
        if let refusal = target.refusalAsRestoreTarget(of: nil, at: now) { throw refusal }
        let request = RestoreRequest(destinationRegion: target.regionID, source: source, engine: target.engine,
                                     engineVersion: target.engineVersion, instanceClass: target.instanceClass)
        let (from, window) = try planRestore(request, engineCode: Instance.restoreTargetEngineCode)
        if let refusal = from.existingTargetRefusal { throw refusal }
        if let tables { try TableMeta.check(tables, against: from.catalogue(at: window.restoreTime(source))) }
        let old = target
        target.restoredFrom = Self.restoredFrom(from, source)
        if from.tdeCovers(window.backupSet.sourceEnd), !target.tdeEnabled {
            (target.tdeEnabled, target.tdeEnabledAt) = (true, now)
        }
        try save(target, changedFrom: old)
        return target
    }

    static func restoredFrom(_ source: Instance, _ how: RestoreRequest.Source) -> String {
        switch how {
        case .backupSet(let id): return "\(source.id) backup set \(id)"
        case .pointInTime(_, _, let t): return "\(source.id) at \(UTCTime.format(t))"
        }
    }

    /// The restorable window of one completed cross-region set.
    func window(ofSet id: Int64) throws -> (Instance, RecoveryWindow) {
        let (inst, file) = try dataFile(id: id)
        guard !file.isCopying else {
            throw EngineError(.noAvailableDisasterRestoreBakset,
                              "Backup set \(id) is still being copied to \(file.destination); it can be used once complete (\(UTCTime.format(file.completedAt))).")
        }
        guard let w = try recoveryWindows(inst, series: try allSeries(of: inst)).first(where: { $0.backupSet.id == id })
        else { throw EngineError.backupSetNotFound(String(id)) }
        return (inst, w)
    }

    func recoveryWindows(_ inst: Instance, series: [FileSeries]) throws -> [RecoveryWindow] {
        let chains = logChains(inst, series: series)
        let sets = try files(of: inst, series: series,
                             query: FileQuery(kind: .data, completedOnly: true, limit: Int.max)).items
        return sets.reversed().map { window(of: $0, chains: chains) }
    }

    /// The window that reaches furthest: the newest completed set's. (A newer
    /// set's window ends no sooner than an older one's: a log chain that
    /// covers the older set past the newer one covers the newer one too.)
    func latestWindow(_ inst: Instance, series: [FileSeries]) throws -> RecoveryWindow? {
        newestFile(of: inst, series: series, query: FileQuery(kind: .data, completedOnly: true))
            .map { window(of: $0, chains: logChains(inst, series: series)) }
    }

    private func window(of set: CrossRegionFile, chains: [(Seconds, Seconds)]) -> RecoveryWindow {
        let c = set.sourceEnd
        let end = chains.first(where: { $0.0 <= c && c <= $0.1 })?.1 ?? c
        return RecoveryWindow(backupSet: set, from: c, to: end)
    }

    /// The continuous stretches (source time) of completed cross-region binlogs, in order.
    private func logChains(_ inst: Instance, series: [FileSeries]) -> [(Seconds, Seconds)] {
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
        return merged
    }

    /// Why a set cannot be restored anywhere but in its source region (R6.4: a TDE set), or nil.
    static func refusalOutsideSource(_ source: Instance, _ set: CrossRegionFile) -> EngineError? {
        guard source.tdeCovers(set.sourceEnd) else { return nil }
        return EngineError(.crossRegionUnsupportTDE,
                           "Backup set \(set.id) of \(source.id) was taken with TDE enabled: it restores only into its source region, \(Region.named(source.regionID)?.displayName ?? source.regionID).")
    }

    /// What a restore outside the source region (the source region lost) can
    /// reach: the window and the latest time in it that a point-in-time
    /// restore takes through it; and why the newest set cannot be used, when it cannot.
    func latestWindowOutsideSource(_ inst: Instance, series: [FileSeries]) throws -> (RecoveryWindow?, EngineError?) {
        guard let latest = try latestWindow(inst, series: series) else { return (nil, nil) }
        guard let refusal = Self.refusalOutsideSource(inst, latest.backupSet) else { return (latest, nil) }
        // Older sets, taken before what refuses the newest (TDE), may still restore: up to the
        // second before the next set's time, after which a restore goes through that next set.
        // TDE covers every set from the moment it was turned on, so only the few sets around that
        // moment are read, not a retention's worth of them.
        let data = FileQuery(kind: .data, to: inst.tdeEnabledAt, completedOnly: true, limit: 4)
        guard let set = try files(of: inst, series: series, query: data).items
            .first(where: { Self.refusalOutsideSource(inst, $0) == nil }) else { return (nil, refusal) }
        var w = window(of: set, chains: logChains(inst, series: series))
        var later = FileQuery(kind: .data, from: set.sourceStart + 1, completedOnly: true, limit: 0)
        let newer = try files(of: inst, series: series, query: later).total
        if newer > 0 {
            (later.offset, later.limit) = (newer - 1, 1)  // the oldest of the newer sets
            if let next = try files(of: inst, series: series, query: later).items.first { w.to = min(w.to, next.sourceEnd - 1) }
        }
        return w.to >= w.from ? (w, refusal) : (nil, refusal)
    }

    /// Validates a restore request against the rules (R6.1–R6.5); returns the
    /// source instance and the window the restore uses. `engineCode` is the
    /// action's code for an engine or version that differs from the source's.
    func planRestore(_ req: RestoreRequest, engineCode: ErrorCode? = nil) throws -> (Instance, RecoveryWindow) {
        guard let dest = rules.region(req.destinationRegion) else {
            throw EngineError(.invalidRegionFormat, "RegionId \(Shown(req.destinationRegion)) is not a region.")
        }
        let source: Instance
        let window: RecoveryWindow
        switch req.source {
        case .backupSet(let id):
            (source, window) = try self.window(ofSet: id)
        case .pointInTime(let instanceID, let sourceRegion, let time):
            guard let found = try instances(ids: [instanceID])[instanceID], sourceRegion.map({ $0 == found.regionID }) ?? true
            else {
                throw EngineError(.invalidDBInstanceNotFound,
                                  "No source instance \(Shown(instanceID))\(sourceRegion.map { " in \($0)" } ?? "").")
            }
            source = found
            guard time <= now else {
                throw EngineError(.invalidRestoreTimeFormat,
                                  "RestoreTime \(UTCTime.format(time)) is in the future (now \(UTCTime.format(now))).")
            }
            let windows = try recoveryWindows(source, series: try allSeries(of: source))
            guard !windows.isEmpty else {
                throw EngineError(.noAvailableDisasterRestoreBakset,
                                  "\(instanceID) has no completed cross-region data backup to restore from.")
            }
            guard let w = windows.last(where: { $0.from <= time && time <= $0.to }) else {
                let ranges = windows.map { $0.from == $0.to ? UTCTime.format($0.from)
                    : "\(UTCTime.format($0.from)) to \(UTCTime.format($0.to))" }
                throw EngineError(.noAvailableDisasterRestoreBakset,
                                  "\(UTCTime.format(time)) is not restorable for \(instanceID); restorable: \(ranges.suffix(5).joined(separator: "; ")).")
            }
            window = w
        }
        if dest.id != source.regionID, let refusal = Self.refusalOutsideSource(source, window.backupSet) { throw refusal }
        if let refusal = source.cloudDiskRestoreRefusal(into: dest.id, destination: window.backupSet.destination) { throw refusal }
        guard dest.id == source.regionID || dest.id == window.backupSet.destination else {
            throw EngineError(.disasterRestoreRegionNotMatched,
                              "A cross-region backup of \(source.id) restores into its source region \(source.regionID) or into \(window.backupSet.destination), where the set is stored; not \(dest.id).")
        }
        if let mismatch = source.engineMismatch(engine: req.engine, version: req.engineVersion, code: engineCode) { throw mismatch }
        if let c = req.instanceClass, let why = InstanceClass.problem(c, engine: source.engine) {
            throw EngineError(.invalidDBInstanceClassNotFound, why)
        }
        if let gb = req.storageGB {
            let needed = source.dataBytes.addingSaturated(999_999_999) / 1_000_000_000
            guard gb >= needed else {
                throw EngineError(.invalidStorageFormat, "DBInstanceStorage \(gb) GB is less than the \(needed) GB of the backup.")
            }
        }
        try NewInstance(regionID: dest.id, zoneID: req.zoneID, storageGB: req.storageGB ?? 5, description: req.description,
                        vpcID: req.vpcID, vSwitchID: req.vSwitchID, securityIPList: req.securityIPList)
            .checkCommon(storageCode: .invalidStorageFormat, zoneCode: .invalidZoneIdNotSupported)
        return (source, window)
    }
}

extension Instance {
    /// What `RestoreDdrTable` answers when the instance restored into runs another engine or version.
    static let restoreTargetEngineCode = ErrorCode.incorrectEngineVersion.answering(400)

    /// Why an instance of `engine` and `version` (nil: not said) cannot take this
    /// instance's backups (R6.3), or nil; `code` names the refusal (the request's
    /// malformed-value codes when nil).
    func engineMismatch(engine e: String?, version v: String?, code: ErrorCode?) -> EngineError? {
        if let e, e != engine {
            return EngineError(code ?? .invalidEngineMalformed, "The instance must run the source's engine, \(engine), not \(Shown(e)).")
        }
        if let v, v != engineVersion {
            return EngineError(code ?? .invalidEngineVersionMalformed,
                               "The instance must run the source's version, \(engine) \(engineVersion), not \(Shown(v)).")
        }
        return nil
    }

    /// Why this instance cannot take a restore now (R6.3), or nil: it must not be
    /// released, must be Running, and, when the backup's `source` is known, run its engine and version.
    func refusalAsRestoreTarget(of source: Instance?, at now: Seconds) -> EngineError? {
        if isReleased { return .instanceNotFound(id) }
        let status = status(at: now)
        guard status == .running else { return .state(id, "is \(status.rawValue); a restore needs it Running") }
        return source?.engineMismatch(engine: engine, version: engineVersion, code: Self.restoreTargetEngineCode)
    }
}
