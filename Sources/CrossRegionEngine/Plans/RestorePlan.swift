/// How the restore dialog restores: from a backup set as it is, or to a point in time.
public enum RestoreMethod: Sendable, Hashable, CaseIterable {
    case backupSet, pointInTime
}

/// The engine's answer to "restore this instance": the completed cross-region
/// backup sets (newest first) each with the regions it may restore into and
/// why, the restorable time ranges merged, and the request a choice makes.
public struct RestorePlan: Sendable {
    /// A region a restore may go to, and why it may.
    public struct RegionChoice: Sendable, Equatable {
        public let regionID: String
        public let why: String
    }

    /// One backup set the dialog offers.
    public struct SetChoice: Sendable, Equatable {
        public let id: Int64
        /// Its consistent time.
        public let time: Seconds
        /// Where it is stored.
        public let storedIn: String
        /// Where it may be restored (R6.3, R6.4).
        public let regions: [RegionChoice]
        /// What limits it, or nil.
        public let note: String?
    }

    public let instanceID: String
    public let sourceRegion: String
    /// Newest first.
    public let sets: [SetChoice]
    /// The restorable stretches, oldest first, merged where they overlap (R6.2).
    public let ranges: [ClosedRange<Seconds>]
    /// The latest restorable moment: the point-in-time field's default.
    public let latest: Seconds
    let source: Instance

    public init(instance: Instance, windows: [RecoveryWindow]) throws {
        guard let last = windows.max(by: { $0.to < $1.to }) else {
            throw EngineError(.selectionUnusable,
                              "\(instance.id) has no completed cross-region data backup yet: nothing to restore from.")
        }
        instanceID = instance.id
        sourceRegion = instance.regionID
        source = instance
        latest = last.to
        sets = windows.reversed().map { w in
            let s = w.backupSet
            return SetChoice(id: s.id, time: w.from, storedIn: s.destination,
                             regions: s.restoreRegions.map {
                                 RegionChoice(regionID: $0, why: $0 == instance.regionID ? "the source region"
                                              : "where this set is stored")
                             },
                             note: s.restoreNote ?? instance.cloudDiskRestoreNote)
        }
        var merged: [ClosedRange<Seconds>] = []
        for w in windows.sorted(by: { $0.from < $1.from }) {
            if let prev = merged.last, w.from <= prev.upperBound {
                merged[merged.count - 1] = prev.lowerBound...max(prev.upperBound, w.to)
            } else {
                merged.append(w.from...w.to)
            }
        }
        ranges = merged
    }

    /// The restorable time in words: the last two stretches, or the span of single points.
    public var rangesText: String {
        let stretches = ranges.filter { $0.lowerBound < $0.upperBound }
        if stretches.isEmpty {
            return "\(ranges.count) backup set times, \(UTCTime.format(ranges.first!.lowerBound)) to \(UTCTime.format(ranges.last!.upperBound))"
        }
        return stretches.suffix(2).map { "\(UTCTime.format($0.lowerBound))..\(UTCTime.format($0.upperBound))" }
            .joined(separator: ", ")
    }

    /// What is wrong with a point in time as typed, or nil: it must read as a
    /// UTC time inside one of the restorable ranges (R6.2).
    public func timeProblem(_ text: String) -> String? {
        guard let t = UTCTime.parse(text) else {
            return "Type the time as yyyy-MM-ddTHH:mm:ssZ (UTC)."
        }
        guard ranges.contains(where: { $0.contains(t) }) else {
            return "\(UTCTime.format(t)) is outside what can be restored: \(rangesText)."
        }
        return nil
    }

    /// The request for a choice; throws when a typed time cannot be read.
    public func request(method: RestoreMethod, setID: Int64, time: String, region: String) throws -> RestoreRequest {
        let from: RestoreRequest.Source
        switch method {
        case .pointInTime:
            guard let t = UTCTime.parse(time) else {
                throw EngineError(.invalidTime, "Type the time as yyyy-MM-ddTHH:mm:ssZ (UTC); \(Shown(time)) is not one.")
            }
            from = .pointInTime(instanceID: instanceID, sourceRegion: sourceRegion, time: t)
        case .backupSet:
            from = .backupSet(setID)
        }
        // Same engine, version and storage as the source (R6.3), named so a server need not look them up.
        return RestoreRequest(destinationRegion: region, source: from, engine: source.engine,
                              engineVersion: source.engineVersion, storageGB: source.storageGB,
                              description: "restored-\(instanceID)")
    }

    /// What the console says once the restore created `created`.
    public func done(_ created: Instance) -> String {
        let name = Region.named(created.regionID)?.displayName ?? created.regionID
        return "Restoring \(instanceID) into new instance \(created.id) in \(name) (Creating)."
    }
}

extension StateAccess {
    /// The restore dialog's plan for one instance (see `RestorePlan`).
    public func restorePlan(id: String) throws -> RestorePlan {
        try RestorePlan(instance: try instance(id: id), windows: try recoveryWindows(instanceID: id))
    }
}
