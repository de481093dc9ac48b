/// What `CreateDBInstance` asks for.
public struct NewInstance: Sendable, Equatable {
    public var regionID: String
    public var zoneID: String?
    public var engine: String
    public var engineVersion: String
    public var category: String
    public var storageType: String
    public var instanceClass: String
    public var storageGB: Int64
    public var description: String?
    public var payType: String
    public var netType: String
    public var vpcID: String?
    public var vSwitchID: String?
    public var securityIPList: String?

    public init(regionID: String, zoneID: String? = nil, engine: String = "MySQL", engineVersion: String = "8.0",
                category: String = "HighAvailability", storageType: String = "local_ssd",
                instanceClass: String = "rds.mysql.s2.large", storageGB: Int64 = 100, description: String? = nil,
                payType: String = "Postpaid", netType: String = "Intranet", vpcID: String? = nil,
                vSwitchID: String? = nil, securityIPList: String? = nil) {
        self.regionID = regionID
        self.zoneID = zoneID
        self.engine = engine
        self.engineVersion = engineVersion
        self.category = category
        self.storageType = storageType
        self.instanceClass = instanceClass
        self.storageGB = storageGB
        self.description = description
        self.payType = payType
        self.netType = netType
        self.vpcID = vpcID
        self.vSwitchID = vSwitchID
        self.securityIPList = securityIPList
    }

    static let engineVersions: [String: [String]] = [
        "MySQL": ["5.5", "5.6", "5.7", "8.0"],
        "PostgreSQL": ["10.0", "11.0", "12.0", "13.0", "14.0", "15.0", "16.0"],
        "SQLServer": ["2012", "2016", "2017", "2019", "2022"],
        "MariaDB": ["10.3", "10.6"],
    ]
    static let categories = InstanceEdition.allCases.map(\.rawValue)
    static let storageTypes = ["local_ssd", "cloud_ssd", "cloud_essd", "cloud_essd2", "cloud_essd3", "general_essd"]
    static let storageRange: ClosedRange<Int64> = 5...32_000
    static let payTypes = ["Postpaid", "Prepaid"]
    static let netTypes = ["Internet", "Intranet"]

    /// Checks every field as `CreateDBInstance` does; throws the first
    /// problem with its documented code (reference A.19).
    /// `knownClassesOnly`: the instance type must be one of the catalogue's, as
    /// `CreateDBInstance` asks; an import also keeps a well-formed type the
    /// catalogue lacks (a real fleet has more than the catalogue models).
    func validate(knownClassesOnly: Bool = true) throws {
        guard Region.named(regionID) != nil else {
            throw EngineError(.invalidRegionFormat, "RegionId \(Shown(regionID)) is not a region.")
        }
        guard let versions = Self.engineVersions[engine] else {
            throw EngineError(.invalidEngineMalformed,
                              "Engine \(Shown(engine)) is none of \(Self.engineVersions.keys.sorted().joined(separator: ", ")).")
        }
        guard versions.contains(engineVersion) else {
            throw EngineError(.invalidEngineVersionMalformed,
                              "\(engine) \(Shown(engineVersion)) is not a version (one of \(versions.joined(separator: ", "))).")
        }
        guard Self.categories.contains(category) else {
            throw EngineError(.invalidParameter,
                              "Category \(Shown(category)) is none of \(Self.categories.joined(separator: ", ")).")
        }
        guard Self.storageTypes.contains(storageType) else {
            throw EngineError(.invalidStorageType,
                              "DBInstanceStorageType \(Shown(storageType)) is none of \(Self.storageTypes.joined(separator: ", ")).")
        }
        if !knownClassesOnly && InstanceClass.named(instanceClass) == nil {
            guard InstanceClass.isWellFormed(instanceClass) else {
                throw EngineError(.invalidDBInstanceClassMalformed,
                                  "\(Shown(instanceClass)) is not an instance type (letters, digits, dots, hyphens and underscores, at most 64).")
            }
        } else if let why = InstanceClass.problem(instanceClass, engine: engine) {
            throw EngineError(.invalidDBInstanceClassMalformed, why)
        }
        guard Self.payTypes.contains(payType) else {
            throw EngineError(.invalidParameter, "PayType must be one of \(Self.payTypes.joined(separator: ", ")); \(Shown(payType)) is not.")
        }
        guard Self.netTypes.contains(netType) else {
            throw EngineError(.invalidDBInstanceNetTypeNotFound,
                              "DBInstanceNetType must be one of \(Self.netTypes.joined(separator: ", ")); \(Shown(netType)) is not.")
        }
        try checkCommon(storageCode: .invalidStorageFormat, zoneCode: .invalidZoneNotSupported)
    }

    /// The checks a new instance and a restored one share.
    func checkCommon(storageCode: ErrorCode, zoneCode: ErrorCode) throws {
        if let zone = zoneID, !(Region.named(regionID)?.has(zone: zone) ?? false) {
            let zones = Region.named(regionID)?.zones.joined(separator: ", ") ?? ""
            throw EngineError(zoneCode, "ZoneId \(Shown(zone)) is not a zone of \(regionID) (\(zones)).")
        }
        guard Self.storageRange.contains(storageGB), storageGB % 5 == 0 else {
            throw EngineError(storageCode,
                              "DBInstanceStorage \(storageGB) GB: \(Self.storageRange.lowerBound) to \(Self.storageRange.upperBound) GB, in steps of 5.")
        }
        if let d = description { try Self.validateDescription(d) }
        if let list = securityIPList { try SecurityIPList.validate(list) }
        if let v = vpcID { try Self.validateNetworkID(v, prefix: "vpc-", name: "VPCId") }
        if let v = vSwitchID { try Self.validateNetworkID(v, prefix: "vsw-", name: "VSwitchId") }
    }

    /// Bidi embeddings, overrides and isolates: a description holding one can
    /// make a terminal or a log show text in another order than it is.
    static let bidiControls: Set<UInt32> = [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]

    /// 2–256 characters, starting with a letter or a CJK character; not a URL (reference §6.2).
    static func validateDescription(_ d: String) throws {
        guard d.count >= 2, d.count <= 256, let first = d.first, first.isLetter,
              !d.hasPrefix("http://"), !d.hasPrefix("https://"),
              !d.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || bidiControls.contains($0.value) }) else {
            throw EngineError(.invalidDBInstanceDescriptionFormat,
                              "\(Shown(d)): a description is 2 to 256 characters, starts with a letter or a Chinese character, holds no control characters and does not start with http:// or https://.")
        }
    }

    static func validateNetworkID(_ v: String, prefix: String, name: String) throws {
        guard v.hasPrefix(prefix), v.count <= 64, v.count > prefix.count,
              v.dropFirst(prefix.count).allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw EngineError(.parametersInvalid, "\(name) \(Shown(v)) is not of the form \(prefix)… (letters and digits).")
        }
    }
}

/// `SecurityIPList`: IPv4 addresses or CIDR blocks, comma-separated, at most
/// 1,000, no duplicates (reference §6.2).
enum SecurityIPList {
    static let maxEntries = 1_000
    /// The whitelist of an instance created without one.
    static let defaultList = "127.0.0.1"

    static func validate(_ list: String) throws {
        let entries = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
        guard entries.count <= maxEntries else {
            throw EngineError(.invalidSecurityIPListQuotaExceeded, "\(entries.count) entries; at most \(maxEntries).")
        }
        var seen = Set<String>()
        for e in entries {
            guard isAddressOrBlock(e) else {
                throw EngineError(.invalidSecurityIPListFormat,
                                  "\(Shown(e)) is not an IPv4 address or CIDR block such as 10.0.0.0/8.")
            }
            guard seen.insert(e).inserted else {
                throw EngineError(.invalidSecurityIPListDuplicate, "\(e) is listed twice.")
            }
        }
    }

    static func isAddressOrBlock(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        if parts.count == 2 {
            guard let bits = Int(parts[1]), (1...32).contains(bits), parts[1].allSatisfy(\.isNumber) else { return false }
        }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { o in
            !o.isEmpty && o.count <= 3 && o.allSatisfy(\.isNumber) && (Int(o) ?? 256) <= 255
        }
    }
}
