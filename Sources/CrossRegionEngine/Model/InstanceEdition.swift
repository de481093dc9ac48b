/// An instance's edition (`Category`), with the names the console and the messages give it.
public enum InstanceEdition: String, Sendable, CaseIterable, Codable {
    case basic = "Basic"
    case highAvailability = "HighAvailability"
    case alwaysOn = "AlwaysOn"
    case enterprise = "Finance"
    case cluster = "cluster"
    case serverlessBasic = "serverless_basic"

    /// In messages: "High-availability Edition".
    public var name: String {
        switch self {
        case .basic: return "Basic Edition"
        case .highAvailability: return "High-availability Edition"
        case .enterprise: return "Enterprise Edition"
        case .alwaysOn: return "Cluster Edition (AlwaysOn)"
        case .cluster: return "Cluster Edition"
        case .serverlessBasic: return "Serverless Basic Edition"
        }
    }

    /// In a table's Edition column: "HA".
    public var shortName: String {
        switch self {
        case .basic: return "Basic"
        case .highAvailability: return "HA"
        case .enterprise: return "Enterprise"
        case .alwaysOn, .cluster: return "Cluster"
        case .serverlessBasic: return "Serverless"
        }
    }

    /// The name of a `Category` value, known or not.
    public static func name(of category: String) -> String { InstanceEdition(rawValue: category)?.name ?? category }
}

extension StorageMedium {
    /// In a table's Storage column: "Local SSD", "ESSD", "ESSD2", "SSD".
    public static func shortName(of storageType: String) -> String {
        storageType == "local_ssd" ? "Local SSD" : storageType.replacingOccurrences(of: "cloud_", with: "").uppercased()
    }
}

extension Instance {
    /// The edition, when `category` is one the model knows.
    public var edition: InstanceEdition? { InstanceEdition(rawValue: category) }
}
