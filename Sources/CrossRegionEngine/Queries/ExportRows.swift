import Foundation

/// The rows of an export (`x` on a list): each instance's values in `columns`' order, as
/// the file writes them. An endpoint sends them as one array of strings, read straight from
/// the answer's bytes: an export of 100,000 rows is not 100,000 instances decoded.
public struct ExportRows: Sendable, Equatable, Codable, JSONScannable, JSONWritable {
    public static let columns = ["DBInstanceId", "Description", "Region", "Status", "Engine", "EngineVersion", "Zone",
                                 "BackupEnabled", "BackupRegion", "RetentionDays", "LogBackupEnabled", "RetainedBytes",
                                 "AccruedUSD", "Next30dUSD"]

    /// Every row's values, one row after the other.
    public private(set) var values: [String] = []

    public init() {}

    public var count: Int { values.count / Self.columns.count }

    /// Row `i`'s values, in `columns`' order.
    public func row(_ i: Int) -> ArraySlice<String> {
        values[(i * Self.columns.count)..<((i + 1) * Self.columns.count)]
    }

    /// Appends the row of `i`, its status at `at`, its costs `c` (none: it holds no files).
    mutating func append(_ i: Instance, _ c: InstanceCost?, at: Seconds) {
        values += [i.id, i.description, i.regionID, i.status(at: at).rawValue, i.engine, i.engineVersion, i.zoneID,
                   i.backupEnabled ? "true" : "false", i.backupRegion ?? "", String(i.retentionDays),
                   i.logBackupEnabled ? "true" : "false", String(c?.retainedBytes ?? 0),
                   Self.cents(c?.accruedUSD ?? 0), Self.cents(c?.projected30dUSD ?? 0)]
    }

    /// `12345.67`: an amount to the cent, plain (a file's number); what `String(format: "%.2f")` writes, quicker.
    static func cents(_ amount: Double) -> String {
        let c = (amount * 100).rounded()
        guard c.isFinite, abs(c) < 9e17 else { return String(format: "%.2f", amount) }
        let n = Int64(c), whole = abs(n) / 100, part = abs(n) % 100
        return (n < 0 ? "-" : "") + String(whole) + (part < 10 ? ".0" : ".") + String(part)
    }

    private enum CodingKeys: String, CodingKey { case values = "Values" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        values = try c.decode([String].self, forKey: .values)
        guard values.count % Self.columns.count == 0 else {
            throw DecodingError.dataCorruptedError(forKey: .values, in: c,
                                                   debugDescription: "\(values.count) values are not rows of \(Self.columns.count)")
        }
    }

    public static func scan(_ s: inout JSONScanner) throws -> ExportRows {
        var out: ExportRows?
        try s.object { s, name in
            if name == CodingKeys.values.rawValue, out == nil { out = ExportRows(values: try s.strings()) } else { try s.skipValue() }
        }
        guard let out, out.values.count % Self.columns.count == 0 else { throw JSONScanner.Malformed() }
        return out
    }

    private init(values: [String]) { self.values = values }

    public func writeJSON(into out: inout String) {
        out += "{\"Values\":["
        for (k, v) in values.enumerated() {
            if k > 0 { out += "," }
            JSON.quote(v, into: &out)
        }
        out += "]}"
    }
}

/// The export rows of these instances, in the order given (unknown IDs write none), their
/// status at `at` (when the export began).
public struct ExportRowsQuery: StateQuery {
    public static let name = "ExportRows"
    public var ids: [String]
    public var at: Seconds
    public init(ids: [String], at: Seconds) {
        self.ids = ids
        self.at = at
    }

    public func check(_ rules: RulesEdition) throws { try QueryChecks.ids(ids) }

    public func answer(_ engine: Engine) throws -> ExportRows {
        var rows = ExportRows()
        for r in try engine.instancesWithCosts(ids: ids) { rows.append(r.instance, r.cost, at: at) }
        return rows
    }
}
