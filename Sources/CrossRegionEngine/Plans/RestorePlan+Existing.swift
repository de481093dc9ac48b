import Foundation

/// Where the restore dialog restores: a new instance (`CreateDdrInstance`), or
/// databases into an instance that exists (`RestoreDdrTable`).
public enum RestoreTarget: Sendable, Hashable, CaseIterable {
    case newInstance, existingInstance

    public var name: String {
        switch self {
        case .newInstance: return "New instance"
        case .existingInstance: return "Existing instance"
        }
    }
}

/// A restore into an instance that exists: what it restores from, into which
/// instance, and which databases under which names.
public struct TableRestore: Sendable, Equatable {
    public let targetID: String
    /// The target's region (where the request goes).
    public let regionID: String
    public let source: RestoreRequest.Source
    public let databases: [TableMeta.Database]
}

extension RestorePlan {
    /// The suffix a restored database takes, beside the database of that name.
    public static let restoredSuffix = "_backup"

    /// The instance to restore into that the dialog offers first in the source region: the
    /// source itself while it lives (a released one can take nothing).
    public var suggestedTarget: String? { source.isReleased ? nil : instanceID }

    /// Where the source's sets may be restored: cloud-disk sets under today's rules only
    /// into a new instance.
    public var targets: [RestoreTarget] { source.setsRestoreIntoExisting ? RestoreTarget.allCases : [.newInstance] }

    /// The source's databases, by name: what a restore into an existing instance
    /// may bring back (every set holds the same databases; their tables grow).
    public var databases: [String] { source.catalogue(at: latest).map(\.name) }

    /// What is wrong with `target` (looked up by the ID typed; nil when there is
    /// none) as the instance to restore into, in `region`, or nil: the engine's
    /// own refusal of it (`refusalAsRestoreTarget`, what `RestoreDdrTable` answers),
    /// and it must be in the region the dialog restores to.
    public func targetProblem(_ typed: String, _ target: Instance?, region: String, now: Seconds) -> String? {
        guard !typed.isEmpty else { return "Type the ID of the instance to restore into." }
        guard let target else { return EngineError.instanceNotFound(typed).message }
        if let refusal = target.refusalAsRestoreTarget(of: source, at: now) { return refusal.message }
        guard target.regionID == region else {
            return "\(target.id) is in \(Region.named(target.regionID)?.displayName ?? target.regionID); the restore goes to \(Region.named(region)?.displayName ?? region)."
        }
        return nil
    }

    /// The restore of `database` (nil: every database) into `targetID`, each
    /// under its name with `restoredSuffix`.
    public func tableRestore(method: RestoreMethod, setID: Int64, time: String, targetID: String, region: String,
                             database: String?) throws -> TableRestore {
        let source = try request(method: method, setID: setID, time: time, region: sourceRegion).source
        let names = database.map { [$0] } ?? databases
        return TableRestore(targetID: targetID, regionID: region, source: source,
                            databases: names.map { .init(name: $0, newName: $0 + Self.restoredSuffix, tables: []) })
    }

    /// What the console says once databases were restored into `target`.
    public func done(_ restore: TableRestore, into target: Instance) -> String {
        let names = restore.databases.map { $0.newName ?? $0.name }
        return "Restored \(restore.databases.count) database\(restore.databases.count == 1 ? "" : "s") of \(instanceID) "
            + "into \(target.id): \(names.joined(separator: ", "))."
    }
}

extension TableMeta {
    /// The `TableMeta` parameter of `RestoreDdrTable` for these databases (what `parse` reads).
    public static func json(_ databases: [Database]) throws -> String {
        struct Entry: Encodable {
            let type: String
            let name: String
            let newname: String?
            let tables: [Entry]?
        }
        let entries = databases.map { db in
            Entry(type: "db", name: db.name, newname: db.newName,
                  tables: db.tables.map { Entry(type: "table", name: $0.name, newname: $0.newName, tables: nil) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }
}
