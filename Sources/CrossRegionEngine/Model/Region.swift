/// A region RDS instances can live in, and where its cross-region backups may go
/// under each edition of the rules (see `RulesEdition`).
public struct Region: Sendable, Hashable {
    public let id: String
    public let displayName: String
    /// Whether the seed's rules know the region (R1.1).
    let inSeed: Bool
    /// The seed's destinations in the order of R1.2; empty when the seed has it no source.
    let seedDestinations: [String]
    /// The region's zones (`ZoneId`); the first is where instances created without one go.
    public let zones: [String]

    /// Every region either edition knows: the seed's ten in the order of R1.1, then the
    /// others of the current documentation's list (rds-cross-region-api.md §8).
    public static let all: [Region] = [
        Region(id: "cn-hangzhou", displayName: "China (Hangzhou)",
               seed: ["cn-shanghai", "cn-qingdao", "cn-shenzhen"],
               zones: letters("cn-hangzhou", "h", "i", "j", "k", "b", "g", "f")),
        Region(id: "cn-shanghai", displayName: "China (Shanghai)",
               seed: ["cn-hangzhou", "cn-qingdao", "cn-shenzhen"],
               zones: letters("cn-shanghai", "b", "m", "l", "e", "f", "g", "n")),
        Region(id: "cn-qingdao", displayName: "China (Qingdao)",
               seed: ["cn-hangzhou", "cn-shanghai", "cn-shenzhen"],
               zones: letters("cn-qingdao", "b", "c")),
        Region(id: "cn-beijing", displayName: "China (Beijing)",
               seed: ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-shenzhen"],
               zones: letters("cn-beijing", "h", "i", "j", "k", "c", "e", "f", "g", "l")),
        Region(id: "cn-shenzhen", displayName: "China (Shenzhen)",
               seed: ["cn-hangzhou", "cn-shanghai", "cn-qingdao"],
               zones: letters("cn-shenzhen", "a", "c", "d", "e", "f")),
        Region(id: "cn-hongkong", displayName: "China (Hong Kong)",
               seed: ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-shenzhen"],
               zones: letters("cn-hongkong", "b", "c", "d")),
        Region(id: "cn-zhangjiakou", displayName: "China (Zhangjiakou)", seed: [],
               zones: letters("cn-zhangjiakou", "a", "b", "c")),
        Region(id: "ap-southeast-1", displayName: "Singapore", seed: [],
               zones: letters("ap-southeast-1", "a", "b", "c")),
        Region(id: "us-west-1", displayName: "US (Silicon Valley)", seed: [],
               zones: letters("us-west-1", "a", "b")),
        Region(id: "eu-central-1", displayName: "Germany (Frankfurt)", seed: [],
               zones: letters("eu-central-1", "a", "b", "c")),
        // Only in the current documentation's list.
        Region(id: "cn-guangzhou", displayName: "China (Guangzhou)", zones: letters("cn-guangzhou", "a", "b")),
        Region(id: "cn-wulanchabu", displayName: "China (Ulanqab)", zones: letters("cn-wulanchabu", "a", "b", "c")),
        Region(id: "cn-heyuan", displayName: "China (Heyuan)", zones: letters("cn-heyuan", "a", "b")),
        Region(id: "cn-chengdu", displayName: "China (Chengdu)", zones: letters("cn-chengdu", "a", "b")),
        Region(id: "cn-huhehaote", displayName: "China (Hohhot)", zones: letters("cn-huhehaote", "a", "b")),
        Region(id: "us-east-1", displayName: "US (Virginia)", zones: letters("us-east-1", "a", "b")),
        Region(id: "ap-northeast-1", displayName: "Japan (Tokyo)", zones: letters("ap-northeast-1", "a", "b", "c")),
        Region(id: "ap-southeast-3", displayName: "Malaysia (Kuala Lumpur)", zones: letters("ap-southeast-3", "a", "b")),
        Region(id: "ap-southeast-5", displayName: "Indonesia (Jakarta)", zones: letters("ap-southeast-5", "a", "b", "c")),
        Region(id: "ap-southeast-6", displayName: "Philippines (Manila)", zones: letters("ap-southeast-6", "a")),
        Region(id: "eu-west-1", displayName: "UK (London)", zones: letters("eu-west-1", "a", "b")),
        Region(id: "ap-northeast-2", displayName: "South Korea (Seoul)", zones: letters("ap-northeast-2", "a")),
        Region(id: "ap-southeast-7", displayName: "Thailand (Bangkok)", zones: letters("ap-southeast-7", "a")),
    ]

    /// A region of the seed (`seed`: its R1.2 destinations), or, with `seed` nil, one only the
    /// current documentation lists.
    private init(id: String, displayName: String, seed: [String]? = nil, zones: [String]) {
        self.id = id
        self.displayName = displayName
        self.inSeed = seed != nil
        self.seedDestinations = seed ?? []
        self.zones = zones
    }

    /// Where a console, a command and the demo's batch cohort start when no region is given:
    /// China (Hangzhou), as the RDS console does.
    public static let defaultID = "cn-hangzhou"

    /// Whether the region is in the Chinese mainland (Hong Kong is not): copies to such a
    /// destination are billed at the mainland price, and its zone IDs carry a dash.
    public var isMainland: Bool { id.hasPrefix("cn-") && id != "cn-hongkong" }

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

    /// The region with this ID, whichever edition knows it, or nil.
    public static func named(_ id: String) -> Region? { byID[id] }

    /// The VPC an instance of `region` is in when it was created without one.
    public static func defaultVPC(_ region: String) -> String { "vpc-" + NetworkID.make(region) }

    /// The vSwitch of an instance of `zone` created without one.
    public static func defaultVSwitch(_ zone: String) -> String { "vsw-" + NetworkID.make(zone) }

    /// Whether `zone` is one of the region's zones.
    public func has(zone: String) -> Bool { zones.contains(zone) }
}
