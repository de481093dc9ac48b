/// What the settings dialog needs to know of the instances it sets up (`SettingsPlan`),
/// gathered by the engine from the columns that say it (`SelectionQuery`): a selection of a
/// hundred thousand instances is one pass over their rows, and no instance is made of them.
public struct SelectionSummary: Sendable, Codable, Equatable {
    public private(set) var count = 0
    /// The first ID asked that names no instance.
    public private(set) var missing: String?
    /// The first instance, in the order asked: the dialog opens on its settings.
    public private(set) var first: String?
    /// The first live instance, in the order asked, that does not qualify for cross-region backup.
    public private(set) var blocked: String?
    public private(set) var released = 0
    /// The regions of the instances, as first seen.
    public private(set) var sources: [String] = []
    /// The values of each setting among the instances.
    public private(set) var enabled = Set<Bool>(), destinations = Set<String?>(), retentions = Set<Int64>(), logs = Set<Bool>()

    public init() {}

    /// Adds an instance, in the order asked.
    mutating func add(id: @autoclosure () -> String, region: String, released isReleased: Bool, qualified: Bool, enabled on: Bool,
                      destination: String?, retention: Int64, log: Bool) {
        count += 1
        if first == nil { first = id() }
        if blocked == nil, !isReleased, !qualified { blocked = id() }
        if isReleased { released += 1 }
        if !sources.contains(region) { sources.append(region) }
        enabled.insert(on)
        destinations.insert(destination)
        retentions.insert(retention)
        logs.insert(log)
    }

    /// An ID asked that names no instance.
    mutating func notFound(_ id: String) {
        if missing == nil { missing = id }
    }

    /// This summary followed by `next`, the summary of the IDs asked after these.
    public mutating func append(_ next: SelectionSummary) {
        // Saturating: a summary may come from an endpoint's answer.
        count = count.addingSaturated(next.count)
        missing = missing ?? next.missing
        first = first ?? next.first
        blocked = blocked ?? next.blocked
        released = released.addingSaturated(next.released)
        for s in next.sources where !sources.contains(s) { sources.append(s) }
        enabled.formUnion(next.enabled)
        destinations.formUnion(next.destinations)
        retentions.formUnion(next.retentions)
        logs.formUnion(next.logs)
    }

    /// Some instance has cross-region backup on now.
    var wasEnabled: Bool { enabled.contains(true) }
}

/// The `SelectionSummary` of the instances `ids` names (each once, in the order given).
public struct SelectionQuery: StateQuery {
    public static let name = "Selection"
    /// The IDs a question names at most when the selection is asked a part at a time (the
    /// summaries of the parts add up): over an endpoint, its request line stays under 300 KB.
    public static let part = 10_000
    public var ids: [String]
    public init(ids: [String]) { self.ids = ids }

    public func check(_ rules: RulesEdition) throws { try QueryChecks.ids(ids) }

    public func answer(_ engine: Engine) throws -> SelectionSummary { try engine.read { try $0.selection(ids) } }
}

extension Tx {
    func selection(_ ids: [String]) throws -> SelectionSummary {
        var summary = SelectionSummary()
        // json_each's key is each ID's place: the rows come in the order asked, an unknown ID as NULLs.
        try RawRow.forEach(db, sql: """
            SELECT j.value, i.region, i.released_at IS NOT NULL, i.qualified, i.xb_enabled, i.xb_region, i.retention, i.log_enabled
            FROM json_each(?) AS j LEFT JOIN instance AS i ON i.id = j.value ORDER BY j.key
            """, arguments: [Tx.jsonArray(ids)]) { row in
            guard !row.isNull(1) else { return summary.notFound(row.text(0)) }
            summary.add(id: row.text(0), region: row.text(1), released: row.int(2) != 0, qualified: row.int(3) != 0,
                        enabled: row.int(4) != 0, destination: row.optionalText(5), retention: row.int(6), log: row.int(7) != 0)
        }
        return summary
    }
}
