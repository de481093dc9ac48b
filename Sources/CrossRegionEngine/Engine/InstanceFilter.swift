/// Which instances a page or `DescribeDBInstances` lists.
public struct InstanceFilter: Sendable, Equatable, Codable {
    /// The console's tabs and pages.
    public enum Set: String, Sendable, Equatable, CaseIterable, Codable {
        /// Instances not released (the Instances page, `DescribeDBInstances`).
        case live
        /// Qualifying instances with cross-region backup disabled (Pending Instances).
        case pending
        /// Enabled instances, and disabled or released ones still holding files (Backup Instances).
        case backup
        /// Every instance, released ones included.
        case all
    }

    public var set: Set
    public var regionID: String?
    public var ids: [String]?
    public var engine: String?
    public var engineVersion: String?
    /// `Creating`, `Running` or `Released`.
    public var status: String?
    public var zoneID: String?
    /// Part of the ID or description, case-insensitive.
    public var searchKey: String?
    public var category: String?
    public var instanceClass: String?
    public var payType: String?
    public var vpcID: String?
    public var vSwitchID: String?
    /// Only IDs after this one (keyset paging, `NextToken`).
    public var afterID: String?
    /// How `instanceIndex` orders them (by ID when not set).
    public var order: InstanceOrder = .byID

    /// The instances of this filter a batch may take now: Running ones (R2.3; a Creating
    /// instance cannot be enabled yet, a released one changes only its retention).
    public var joiningBatch: InstanceFilter {
        var f = self
        f.status = InstanceStatus.running.rawValue
        return f
    }

    public init(set: Set = .live, regionID: String? = nil, ids: [String]? = nil, engine: String? = nil,
                engineVersion: String? = nil, status: String? = nil, zoneID: String? = nil, searchKey: String? = nil) {
        self.set = set
        self.regionID = regionID
        self.ids = ids
        self.engine = engine
        self.engineVersion = engineVersion
        self.status = status
        self.zoneID = zoneID
        self.searchKey = searchKey
    }
}

public struct InstancePage: Sendable {
    public var total: Int
    public var items: [Instance]
    /// The simulated time the page was read at.
    public var at: Seconds
}

/// A local (default) backup (R4.1), for `DescribeBackups` and the console.
public struct LocalBackup: Sendable, Equatable, Codable {
    public var id: Int64
    public var instanceID: String
    public var start: Seconds
    public var end: Seconds
    /// `Automated` or `Manual`.
    public var mode: String
    /// `System` or `User`.
    public var initiator: String
    public var sizeBytes: Int64
    /// When it is deleted (7 days, at most 7 days after release).
    public var expiresAt: Seconds
}

/// A local binlog file (R4.1), for the console's log backup tab.
public struct LocalLogFile: Sendable, Equatable, Codable {
    public var begin: Seconds
    public var end: Seconds
    public var name: String
    public var sizeBytes: Int64
}
