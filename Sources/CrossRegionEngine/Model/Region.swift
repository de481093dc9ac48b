/// A region RDS instances can live in (R1.1), and where its cross-region
/// backups may go (R1.2).
public struct Region: Sendable, Hashable {
    public let id: String
    public let displayName: String
    /// Destinations in the order of R1.2; empty when the region cannot be a source.
    public let destinations: [String]

    /// Whether the region can be the source of a cross-region backup (R1.1).
    public var isBackupSource: Bool { !destinations.isEmpty }

    /// Every region, in the order of R1.1.
    public static let all: [Region] = [
        Region(id: "cn-hangzhou", displayName: "China (Hangzhou)",
               destinations: ["cn-shanghai", "cn-qingdao", "cn-shenzhen"]),
        Region(id: "cn-shanghai", displayName: "China (Shanghai)",
               destinations: ["cn-hangzhou", "cn-qingdao", "cn-shenzhen"]),
        Region(id: "cn-qingdao", displayName: "China (Qingdao)",
               destinations: ["cn-hangzhou", "cn-shanghai", "cn-shenzhen"]),
        Region(id: "cn-beijing", displayName: "China (Beijing)",
               destinations: ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-shenzhen"]),
        Region(id: "cn-shenzhen", displayName: "China (Shenzhen)",
               destinations: ["cn-hangzhou", "cn-shanghai", "cn-qingdao"]),
        Region(id: "cn-hongkong", displayName: "China (Hong Kong)",
               destinations: ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-shenzhen"]),
        Region(id: "cn-zhangjiakou", displayName: "China (Zhangjiakou)", destinations: []),
        Region(id: "ap-southeast-1", displayName: "Singapore", destinations: []),
        Region(id: "us-west-1", displayName: "US (Silicon Valley)", destinations: []),
        Region(id: "eu-central-1", displayName: "Germany (Frankfurt)", destinations: []),
    ]

    private static let byID: [String: Region] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The region with this ID, or nil.
    public static func named(_ id: String) -> Region? { byID[id] }

    /// Whether `destination` may receive cross-region backups from this region (R1.2).
    public func allows(destination: String) -> Bool { destinations.contains(destination) }
}
