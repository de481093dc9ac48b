extension Instance {
    /// Display names of editions, for messages.
    static func editionName(_ category: String) -> String {
        switch category {
        case "Basic": return "Basic Edition"
        case "HighAvailability": return "High-availability Edition"
        case "Finance": return "Enterprise Edition"
        case "AlwaysOn": return "Cluster Edition (AlwaysOn)"
        case "cluster": return "Cluster Edition"
        case "serverless_basic": return "Serverless Basic Edition"
        default: return category
        }
    }

    static func storageName(_ type: String) -> String {
        type == "local_ssd" ? "local SSDs" : "cloud disks"
    }

    /// Why the instance's engine, version, edition and storage cannot use
    /// cross-region backup (R2.1), with the code the API gives that case, or nil when they can.
    static func productRefusal(engine: String, version: String, category: String,
                               storageType: String) -> (code: ErrorCode, reason: String)? {
        guard engine == "MySQL" else {
            return (.incorrectDBInstanceEngine,
                    "\(engine) instances are not covered here: cross-region backup needs MySQL 8.0 or 5.7 High-availability Edition on local SSDs, or MySQL 5.6.")
        }
        switch version {
        case "5.6":
            return nil
        case "5.7", "8.0":
            let isHA = category == "HighAvailability"
            let isLocal = storageType == "local_ssd"
            if isHA && isLocal { return nil }
            let what = !isLocal && isHA ? "on cloud disks"
                : isLocal ? editionName(category) : "\(editionName(category)) on cloud disks"
            return (.incorrectDBInstanceType,
                    "MySQL \(version) \(what) does not support cross-region backup: it needs High-availability Edition on local SSDs.")
        default:
            return (.incorrectEngineVersion,
                    "MySQL \(version) does not support cross-region backup: it needs MySQL 8.0 or 5.7 High-availability Edition on local SSDs, or MySQL 5.6.")
        }
    }

    static func productReason(engine: String, version: String, category: String, storageType: String) -> String? {
        productRefusal(engine: engine, version: version, category: category, storageType: storageType)?.reason
    }

    /// Why this instance cannot use cross-region backup at all (R2.1–R2.3),
    /// with its documented code (R9.1); nil when it qualifies.
    /// The region comes first: an instance of a region that is no source is refused
    /// `CrossBackupNotSupport` whatever its product (as the region-level actions are).
    public var qualificationRefusal: EngineError? {
        if let region = Region.named(regionID), !region.isBackupSource {
            let sources = Region.all.filter(\.isBackupSource).map(\.displayName)
            return EngineError(.crossBackupNotSupport,
                               "\(region.displayName) cannot be the source of a cross-region backup: only \(sources.dropLast().joined(separator: ", ")) and \(sources.last ?? "") can.")
        }
        if let (code, why) = Self.productRefusal(engine: engine, version: engineVersion,
                                                 category: category, storageType: storageType) {
            return EngineError(code, why)
        }
        if isReleased { return EngineError(.incorrectDBInstanceState, "The instance has been released.") }
        return nil
    }

    /// `qualificationRefusal` in words a user understands (R2.4); nil when it qualifies.
    public var unqualifiedReason: String? {
        qualificationRefusal?.explanation
    }

    /// Whether the instance's product and region qualify (R2.1, R2.2),
    /// whatever its status; stored with the row so that pages can filter on it.
    var qualifiesByProduct: Bool {
        Self.productReason(engine: engine, version: engineVersion, category: category, storageType: storageType) == nil
            && (Region.named(regionID)?.isBackupSource ?? false)
    }
}
