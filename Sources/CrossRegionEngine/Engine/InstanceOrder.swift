/// How a list of instances is ordered: a key and a direction. The IDs break ties.
public struct InstanceOrder: Sendable, Equatable, Hashable, Codable {
    public enum Key: String, Sendable, CaseIterable, Hashable, Codable {
        case id = "Id"
        case description = "Description"
        case status = "Status"
        case engineVersion = "EngineVersion"
        case zone = "Zone"
        case region = "Region"
        /// Whether it qualifies, whether backup is on, then where to.
        case crossRegion = "CrossRegion"
        case edition = "Edition"
        case storage = "Storage"
        case tde = "TDE"
        case backupRegion = "BackupRegion"
        case retention = "Retention"
        case logBackup = "LogBackup"
        /// Bytes of cross-region files retained now.
        case retained = "Retained"
        /// Storage cost so far.
        case accrued = "Accrued"
        /// Storage cost of the next 30 days.
        case next30d = "Next30d"

        /// The keys whose value is a cost, computed from the files rather than stored.
        var isCost: Bool { [.retained, .accrued, .next30d].contains(self) }

        /// The column ordering by a stored key.
        var column: String {
            switch self {
            case .id: return "id"
            case .description: return "description"
            case .status: return "(released_at IS NOT NULL), (ready_at > ?)"
            case .engineVersion: return "engine, engine_version"
            case .zone: return "zone"
            case .region: return "region"
            case .crossRegion: return "qualified, xb_enabled, xb_region"
            case .edition: return "category"
            case .storage: return "storage_type"
            case .tde: return "tde"
            case .backupRegion: return "xb_region"
            case .retention: return "retention"
            case .logBackup: return "log_enabled"
            case .retained, .accrued, .next30d: return "id"
            }
        }

        /// For a key of a few values (a status, a flag): the rank, from 0, that orders as `column`
        /// does, how many ranks there are, and whether its SQL takes the time (`?`); nil for the
        /// others. A list in such an order is read in ID order and put in its ranks, not sorted.
        var rank: (sql: String, count: Int, takesNow: Bool)? {
            switch self {
            case .status: return ("(released_at IS NOT NULL) * 2 + (ready_at > ?)", 4, true)
            case .tde: return ("tde", 2, false)
            case .logBackup: return ("log_enabled", 2, false)
            default: return nil
            }
        }
    }

    public var key: Key
    public var descending: Bool

    public init(_ key: Key, descending: Bool = false) {
        self.key = key
        self.descending = descending
    }

    public static let byID = InstanceOrder(.id)
}
