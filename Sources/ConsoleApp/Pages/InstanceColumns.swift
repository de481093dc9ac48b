import CrossRegionEngine
import TerminalKit

/// How the tables show an instance: the cells shared by several pages.
enum InstanceColumns {
    static func instance(_ i: Instance) -> String { "\(i.id) \(i.description)" }

    static func product(_ i: Instance) -> (version: String, edition: String, storage: String) {
        ("\(i.engine) \(i.engineVersion)", i.edition?.shortName ?? i.category, StorageMedium.shortName(of: i.storageType))
    }

    /// `columns` with a Region column after the instance when every region is shown.
    static func forScope(_ columns: [TableColumn], _ ctx: ConsoleContext) -> [TableColumn] {
        guard ctx.region == nil, let at = columns.firstIndex(where: { $0.title == "Instance" }) else { return columns }
        var out = columns
        out.insert(TableColumn("Region", 14, priority: 0), at: at + 1)
        return out
    }

    /// The engine's order for each column an instance table shows, by title: every column sorts.
    static let sortKeys: [String: InstanceOrder.Key] = [
        "Instance": .id, "Region": .region, "Status": .status, "Version": .engineVersion, "Cross-region": .crossRegion,
        "Edition": .edition, "Storage": .storage, "TDE": .tde, "Zone": .zone, "Backup region": .backupRegion,
        "Retention": .retention, "Log": .logBackup, "Retained": .retained, "Accrued": .accrued, "Next 30d": .next30d,
    ]

    /// The cells every instance table can show, by column title.
    static func cells(_ i: Instance, now: Seconds) -> [String: String] {
        let p = product(i)
        return ["Instance": instance(i), "Region": i.regionID, "Status": i.status(at: now).rawValue, "Version": p.version, "Edition": p.edition,
                "Storage": p.storage, "TDE": i.tdeEnabled ? "on" : "off", "Zone": i.zoneID]
    }
}
