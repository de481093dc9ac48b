/// What `CreateDBInstance` asks for.
public struct NewInstance: Sendable {
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

    public init(regionID: String, zoneID: String? = nil, engine: String = "MySQL", engineVersion: String = "8.0",
                category: String = "HighAvailability", storageType: String = "local_ssd",
                instanceClass: String = "rds.mysql.s2.large", storageGB: Int64 = 100, description: String? = nil,
                payType: String = "Postpaid", netType: String = "Intranet") {
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
    }

    static let engineVersions: [String: [String]] = [
        "MySQL": ["5.5", "5.6", "5.7", "8.0"],
        "PostgreSQL": ["10.0", "11.0", "12.0", "13.0", "14.0", "15.0", "16.0"],
        "SQLServer": ["2012", "2016", "2017", "2019", "2022"],
        "MariaDB": ["10.3", "10.6"],
    ]
    static let categories = ["Basic", "HighAvailability", "AlwaysOn", "Finance", "cluster", "serverless_basic"]
    static let storageTypes = ["local_ssd", "cloud_ssd", "cloud_essd", "cloud_essd2", "cloud_essd3", "general_essd"]

    /// Checks every field; throws the first problem with its API code.
    func validate() throws {
        guard Region.named(regionID) != nil else {
            throw EngineError("InvalidRegionId.NotFound", "Unknown region \"\(regionID)\".", status: 404)
        }
        if let zone = zoneID, !zone.hasPrefix(regionID + "-") {
            throw EngineError("InvalidZoneId.NotSupported", "Zone \(zone) is not in region \(regionID).")
        }
        guard let versions = Self.engineVersions[engine] else {
            throw EngineError("InvalidEngine.Malformed", "Specified engine is not valid: \"\(engine)\" (MySQL, PostgreSQL, SQLServer or MariaDB).")
        }
        guard versions.contains(engineVersion) else {
            throw EngineError("InvalidEngineVersion.Malformed",
                              "Specified engine version is not valid: \(engine) \(engineVersion) (one of \(versions.joined(separator: ", "))).")
        }
        guard Self.categories.contains(category) else {
            throw EngineError("InvalidParameter.Category", "Unknown edition \"\(category)\" (\(Self.categories.joined(separator: ", "))).")
        }
        guard Self.storageTypes.contains(storageType) else {
            throw EngineError("InvalidParameter.DBInstanceStorageType",
                              "Unknown storage type \"\(storageType)\" (\(Self.storageTypes.joined(separator: ", "))).")
        }
        guard storageGB >= 5, storageGB <= 32_000, storageGB % 5 == 0 else {
            throw EngineError("InvalidStorage.Format", "Specified Storage is not valid: \(storageGB) GB (5 to 32000, in steps of 5).")
        }
        guard !instanceClass.isEmpty, instanceClass.count <= 64 else {
            throw EngineError("InvalidDBInstanceClass.NotFound", "Specified DB instance class is not found.", status: 404)
        }
        if let d = description { try Self.validateDescription(d) }
        guard ["Postpaid", "Prepaid"].contains(payType) else {
            throw EngineError("InvalidParameter.PayType", "PayType must be Postpaid or Prepaid.")
        }
        guard ["Internet", "Intranet"].contains(netType) else {
            throw EngineError("InvalidDBInstanceNetType.NotFound", "DBInstanceNetType must be Internet or Intranet.", status: 404)
        }
    }

    /// 2–256 characters, starting with a letter or a CJK character; not a URL.
    static func validateDescription(_ d: String) throws {
        let bad = EngineError("InvalidDBInstanceDescription.Format",
                              "The description must be 2 to 256 characters, start with a letter or a Chinese character, and not start with http:// or https://.")
        guard d.count >= 2, d.count <= 256, let first = d.first, first.isLetter,
              !d.hasPrefix("http://"), !d.hasPrefix("https://") else { throw bad }
    }
}
