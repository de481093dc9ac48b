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
    /// cross-region backup (R2.1), or nil when they can.
    static func productReason(engine: String, version: String, category: String, storageType: String) -> String? {
        guard engine == "MySQL" else {
            return "\(engine) instances are not covered here: cross-region backup needs MySQL 8.0 or 5.7 High-availability Edition on local SSDs, or MySQL 5.6."
        }
        switch version {
        case "5.6":
            return nil
        case "5.7", "8.0":
            let isHA = category == "HighAvailability"
            let isLocal = storageType == "local_ssd"
            if isHA && isLocal { return nil }
            if !isLocal && isHA {
                return "MySQL \(version) on cloud disks does not support cross-region backup: it needs High-availability Edition on local SSDs."
            }
            if isLocal {
                return "MySQL \(version) \(editionName(category)) does not support cross-region backup: it needs High-availability Edition on local SSDs."
            }
            return "MySQL \(version) \(editionName(category)) on cloud disks does not support cross-region backup: it needs High-availability Edition on local SSDs."
        default:
            return "MySQL \(version) does not support cross-region backup: it needs MySQL 8.0 or 5.7 High-availability Edition on local SSDs, or MySQL 5.6."
        }
    }

    /// Why this instance cannot use cross-region backup at all (R2.1–R2.3),
    /// in words a user understands (R2.4); nil when it qualifies.
    public var unqualifiedReason: String? {
        if let why = Self.productReason(engine: engine, version: engineVersion,
                                        category: category, storageType: storageType) {
            return why
        }
        if let region = Region.named(regionID), !region.isBackupSource {
            return "\(region.displayName) cannot be the source of a cross-region backup: only China (Hangzhou), China (Shanghai), China (Qingdao), China (Beijing), China (Shenzhen) and China (Hong Kong) can."
        }
        if isReleased { return "The instance has been released." }
        return nil
    }

    /// Whether the instance's product and region qualify (R2.1, R2.2),
    /// whatever its status; stored with the row so that pages can filter on it.
    var qualifiesByProduct: Bool {
        Self.productReason(engine: engine, version: engineVersion, category: category, storageType: storageType) == nil
            && (Region.named(regionID)?.isBackupSource ?? false)
    }
}
