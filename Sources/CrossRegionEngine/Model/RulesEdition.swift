/// The edition of the rules a state follows, chosen when the state is made (B.15).
///
/// - `seed`: the console help page the product mimics and the 2019–2020 documentation
///   (rules.md): ten regions, six of them sources with fixed destinations (R1.1, R1.2); MySQL
///   8.0/5.7 High-availability on local SSDs and MySQL 5.6 (R2.1).
/// - `current`: today's documentation (rds-cross-region-api.md §8): every region of its list
///   is a source and may send to any other; local-SSD MySQL 8.0/5.7/5.6 High-availability
///   (and 5.7 Enterprise), and cloud-disk MySQL 8.0/5.7 Basic, High-availability and Cluster,
///   which follow their own rules (see `Instance.followsCloudDiskRules`).
public enum RulesEdition: String, Sendable, Codable, CaseIterable {
    case seed
    case current

    /// The edition of a state that never recorded one (made before editions existed).
    public static let unrecorded = RulesEdition.seed

    /// The regions instances can live in, in `Region.all`'s order.
    public var regions: [Region] {
        switch self {
        case .seed: return Self.seedRegions
        case .current: return Region.all
        }
    }

    private static let seedRegions = Region.all.filter(\.inSeed)

    /// The region with this ID when this edition knows it, or nil.
    public func region(_ id: String) -> Region? {
        guard let r = Region.named(id), self == .current || r.inSeed else { return nil }
        return r
    }

    /// Where cross-region backups of `source` may go, in the order offered; empty when the
    /// region is no source. The current documentation lists no pairs: every other region of
    /// its list (B.15, an inference; `DescribeAvailableCrossRegion` is the API's answer).
    public func destinations(from source: String) -> [String] {
        guard let r = region(source) else { return [] }
        switch self {
        case .seed: return r.seedDestinations
        case .current: return Region.all.map(\.id).filter { $0 != source }
        }
    }

    /// Whether `destinations(from: source)` holds `destination`, without listing them (a batch asks once an instance).
    public func allows(from source: String, to destination: String) -> Bool {
        guard let r = region(source) else { return false }
        switch self {
        case .seed: return r.seedDestinations.contains(destination)
        case .current: return destination != source && Region.named(destination) != nil
        }
    }

    /// Whether instances of `region` can use cross-region backup (R1.1, R2.2).
    public func isSource(_ region: String) -> Bool { !destinations(from: region).isEmpty }

    /// The source regions, in `regions`' order.
    public var sources: [Region] { regions.filter { isSource($0.id) } }

    /// What the edition follows, in a line.
    public var summary: String {
        switch self {
        case .seed: return "the console help page: 6 source regions with fixed destinations; MySQL 8.0/5.7 High-availability on local SSDs, MySQL 5.6"
        case .current: return "today's documentation: \(Region.all.count) regions, any other as destination; local-SSD and cloud-disk MySQL, cloud-disk sets restore only in their destination"
        }
    }
}

/// Where an instance's data lives: the two columns of the current documentation's table.
public enum StorageMedium: Sendable, Equatable {
    /// Premium Local SSD (`local_ssd`).
    case localSSD
    /// Any cloud disk (`cloud_ssd`, `cloud_essd`, `cloud_essd2`, …).
    case cloudDisk

    public init(storageType: String) {
        self = storageType == "local_ssd" ? .localSSD : .cloudDisk
    }

    /// In messages: "local SSDs", "cloud disks".
    public var name: String { self == .localSSD ? "local SSDs" : "cloud disks" }
}
