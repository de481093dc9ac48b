extension Instance {
    /// Why the instance's engine, version, edition and storage cannot use cross-region
    /// backup under `rules` (R2.1; rds-cross-region-api.md §8 for `current`), with the code
    /// the API gives that case, or nil when they can.
    static func productRefusal(engine: String, version: String, category: String, storageType: String,
                               rules: RulesEdition = .seed) -> (code: ErrorCode, reason: String)? {
        switch rules {
        case .seed: return seedProductRefusal(engine: engine, version: version, category: category, storageType: storageType)
        case .current: return currentProductRefusal(engine: engine, version: version, category: category,
                                                    medium: StorageMedium(storageType: storageType))
        }
    }

    private static func seedProductRefusal(engine: String, version: String, category: String,
                                           storageType: String) -> (code: ErrorCode, reason: String)? {
        let needs = "MySQL 8.0 or 5.7 High-availability Edition on local SSDs, or MySQL 5.6"
        guard engine == "MySQL" else {
            return (.incorrectDBInstanceEngine, "\(engine) instances are not covered here: cross-region backup needs \(needs).")
        }
        switch version {
        case "5.6":
            return nil
        case "5.7", "8.0":
            let isHA = InstanceEdition(rawValue: category) == .highAvailability
            let isLocal = StorageMedium(storageType: storageType) == .localSSD
            if isHA && isLocal { return nil }
            let what = !isLocal && isHA ? "on cloud disks"
                : isLocal ? InstanceEdition.name(of: category) : "\(InstanceEdition.name(of: category)) on cloud disks"
            return (.incorrectDBInstanceType,
                    "MySQL \(version) \(what) does not support cross-region backup: it needs High-availability Edition on local SSDs.")
        default:
            return (.incorrectEngineVersion, "MySQL \(version) does not support cross-region backup: it needs \(needs).")
        }
    }

    /// The current documentation's table: local SSDs take 8.0, 5.7 and 5.6 in High-availability
    /// Edition (and 5.7 Enterprise); cloud disks take 8.0 and 5.7 in Basic, High-availability
    /// and Cluster Edition (not Serverless).
    private static func currentProductRefusal(engine: String, version: String, category: String,
                                              medium: StorageMedium) -> (code: ErrorCode, reason: String)? {
        guard engine == "MySQL" else {
            return (.incorrectDBInstanceEngine,
                    "\(engine) instances are not covered here: cross-region backup needs MySQL 8.0, 5.7 or 5.6.")
        }
        switch (medium, version) {
        case (.localSSD, "8.0"), (.localSSD, "5.7"), (.localSSD, "5.6"):
            let edition = InstanceEdition(rawValue: category)
            if edition == .highAvailability || (edition == .enterprise && version == "5.7") { return nil }
            return (.incorrectDBInstanceType,
                    "MySQL \(version) \(InstanceEdition.name(of: category)) on local SSDs does not support cross-region backup: on local SSDs it needs High-availability Edition (or 5.7 Enterprise Edition).")
        case (.cloudDisk, "8.0"), (.cloudDisk, "5.7"):
            if let edition = InstanceEdition(rawValue: category), [.basic, .highAvailability, .cluster].contains(edition) { return nil }
            return (.incorrectDBInstanceType,
                    "MySQL \(version) \(InstanceEdition.name(of: category)) on cloud disks does not support cross-region backup: on cloud disks it needs Basic, High-availability or Cluster Edition.")
        case (.cloudDisk, "5.6"):
            return (.incorrectDBInstanceType,
                    "MySQL 5.6 on cloud disks does not support cross-region backup: on cloud disks it needs MySQL 8.0 or 5.7.")
        default:
            return (.incorrectEngineVersion, "MySQL \(version) does not support cross-region backup: it needs MySQL 8.0, 5.7 or 5.6.")
        }
    }

    static func productReason(engine: String, version: String, category: String, storageType: String,
                              rules: RulesEdition = .seed) -> String? {
        productRefusal(engine: engine, version: version, category: category, storageType: storageType, rules: rules)?.reason
    }

    /// Why this instance cannot use cross-region backup at all (R2.1–R2.3) under its state's
    /// edition of the rules, with its documented code (R9.1); nil when it qualifies.
    /// The region comes first: an instance of a region that is no source is refused
    /// `CrossBackupNotSupport` whatever its product (as the region-level actions are).
    public var qualificationRefusal: EngineError? {
        if !rules.isSource(regionID) {
            let sources = rules.sources.map(\.displayName)
            return EngineError(.crossBackupNotSupport,
                               "\(Region.named(regionID)?.displayName ?? regionID) cannot be the source of a cross-region backup: only \(sources.dropLast().joined(separator: ", ")) and \(sources.last ?? "") can.")
        }
        if let (code, why) = Self.productRefusal(engine: engine, version: engineVersion, category: category,
                                                 storageType: storageType, rules: rules) {
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
        rules.isSource(regionID)
            && Self.productRefusal(engine: engine, version: engineVersion, category: category,
                                   storageType: storageType, rules: rules) == nil
    }
}
