/// What the settings dialog needs to know of the instances it sets up, gathered an
/// instance at a time: a selection may hold a hundred thousand instances, and the plan
/// made of it holds none of them.
struct SelectionSummary {
    private(set) var count = 0
    /// The first instance, in the order asked.
    private(set) var first: Instance?
    /// The first live instance that does not qualify for cross-region backup.
    private(set) var blocked: Instance?
    private(set) var released = 0
    /// The regions of the instances, as first seen.
    private(set) var sources: [String] = []
    private var seenSources = Set<String>()
    /// The values of each setting among the instances.
    private(set) var enabled = Set<Bool>(), destinations = Set<String?>(), retentions = Set<Int64>(), logs = Set<Bool>()

    mutating func add(_ i: Instance) {
        count += 1
        if first == nil { first = i }
        if blocked == nil, !i.isReleased, i.unqualifiedReason != nil { blocked = i }
        if i.isReleased { released += 1 }
        if seenSources.insert(i.regionID).inserted { sources.append(i.regionID) }
        enabled.insert(i.backupEnabled)
        destinations.insert(i.backupRegion)
        retentions.insert(i.retentionDays)
        logs.insert(i.logBackupEnabled)
    }

    /// Some instance has cross-region backup on now.
    var wasEnabled: Bool { enabled.contains(true) }
}
