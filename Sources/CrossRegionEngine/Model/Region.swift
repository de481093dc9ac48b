/// A region RDS instances can live in (R1.1), and where its cross-region
/// backups may go (R1.2).
public struct Region: Sendable, Hashable {
    public let id: String
    public let displayName: String
    /// Destinations in the order of R1.2; empty when the region cannot be a source.
    public let destinations: [String]
    /// The region's zones (`ZoneId`); the first is where instances created without one go.
    public let zones: [String]

    /// Whether the region can be the source of a cross-region backup (R1.1).
    public var isBackupSource: Bool { !destinations.isEmpty }

    /// Every region, in the order of R1.1.
    public static let all: [Region] = [
        Region(id: "cn-hangzhou", displayName: "China (Hangzhou)",
               destinations: ["cn-shanghai", "cn-qingdao", "cn-shenzhen"],
               zones: letters("cn-hangzhou", "h", "i", "j", "k", "b", "g", "f")),
        Region(id: "cn-shanghai", displayName: "China (Shanghai)",
               destinations: ["cn-hangzhou", "cn-qingdao", "cn-shenzhen"],
               zones: letters("cn-shanghai", "b", "m", "l", "e", "f", "g", "n")),
        Region(id: "cn-qingdao", displayName: "China (Qingdao)",
               destinations: ["cn-hangzhou", "cn-shanghai", "cn-shenzhen"],
               zones: letters("cn-qingdao", "b", "c")),
        Region(id: "cn-beijing", displayName: "China (Beijing)",
               destinations: ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-shenzhen"],
               zones: letters("cn-beijing", "h", "i", "j", "k", "c", "e", "f", "g", "l")),
        Region(id: "cn-shenzhen", displayName: "China (Shenzhen)",
               destinations: ["cn-hangzhou", "cn-shanghai", "cn-qingdao"],
               zones: letters("cn-shenzhen", "a", "c", "d", "e", "f")),
        Region(id: "cn-hongkong", displayName: "China (Hong Kong)",
               destinations: ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-shenzhen"],
               zones: letters("cn-hongkong", "b", "c", "d")),
        Region(id: "cn-zhangjiakou", displayName: "China (Zhangjiakou)", destinations: [],
               zones: letters("cn-zhangjiakou", "a", "b", "c")),
        Region(id: "ap-southeast-1", displayName: "Singapore", destinations: [],
               zones: letters("ap-southeast-1", "a", "b", "c")),
        Region(id: "us-west-1", displayName: "US (Silicon Valley)", destinations: [],
               zones: letters("us-west-1", "a", "b")),
        Region(id: "eu-central-1", displayName: "Germany (Frankfurt)", destinations: [],
               zones: letters("eu-central-1", "a", "b", "c")),
    ]

    /// Zone IDs as Alibaba writes them: `cn-hangzhou-h` in mainland China and Hong Kong,
    /// `ap-southeast-1a` (no dash before the letter) elsewhere.
    private static func letters(_ region: String, _ letters: String...) -> [String] {
        letters.map { region + (region.hasPrefix("cn-") ? "-" : "") + $0 }
    }

    /// Where a file stored in `region` is downloaded: the region's OSS host
    /// (`oss-cn-hangzhou.aliyuncs.com`, `-internal` from inside the region).
    public static func ossURL(_ region: String, _ name: String, intranet: Bool = false) -> String {
        "https://oss-\(region)\(intranet ? "-internal" : "").aliyuncs.com/\(name)"
    }

    /// The regions the central RDS endpoint, `rds.aliyuncs.com`, serves (Alibaba's endpoint
    /// table); every other region has its own, `rds.REGION.aliyuncs.com`.
    public static let centralEndpointRegions: Set<String> = ["cn-qingdao", "cn-beijing", "cn-hangzhou", "cn-shanghai",
                                                             "cn-shenzhen", "cn-heyuan"]

    /// Whether a request with `RegionId` `requested` reaches the endpoint that serves an
    /// instance of `regionID`: an action naming an instance by ID finds it there (B.10).
    public static func sharesEndpoint(_ requested: String, with regionID: String) -> Bool {
        requested == regionID || (centralEndpointRegions.contains(requested) && centralEndpointRegions.contains(regionID))
    }

    private static let byID: [String: Region] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The region with this ID, or nil.
    public static func named(_ id: String) -> Region? { byID[id] }

    /// The VPC an instance of `region` is in when it was created without one.
    public static func defaultVPC(_ region: String) -> String { "vpc-" + NetworkID.make(region) }

    /// The vSwitch of an instance of `zone` created without one.
    public static func defaultVSwitch(_ zone: String) -> String { "vsw-" + NetworkID.make(zone) }

    /// Whether `zone` is one of the region's zones.
    public func has(zone: String) -> Bool { zones.contains(zone) }

    /// Whether `destination` may receive cross-region backups from this region (R1.2).
    public func allows(destination: String) -> Bool { destinations.contains(destination) }
}
