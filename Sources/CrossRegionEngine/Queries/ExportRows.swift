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

    mutating func reserve(rows: Int) { values.reserveCapacity(rows * Self.columns.count) }

    /// Appends the row of `i`, its status at `at`, its costs `c` (none: it holds no files),
    /// a value at a time (no array of the row's own).
    mutating func append(_ i: borrowing Instance, _ c: InstanceCost?, at: Seconds) {
        values.append(i.id)
        values.append(i.description)
        values.append(i.regionID)
        values.append(i.status(at: at).rawValue)
        values.append(i.engine)
        values.append(i.engineVersion)
        values.append(i.zoneID)
        values.append(i.backupEnabled ? "true" : "false")
        values.append(i.backupRegion ?? "")
        values.append(String(i.retentionDays))
        values.append(i.logBackupEnabled ? "true" : "false")
        values.append(String(c?.retainedBytes ?? 0))
        values.append(Self.cents(c?.accruedUSD ?? 0))
        values.append(Self.cents(c?.projected30dUSD ?? 0))
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

    public func answer(_ engine: Engine) throws -> ExportRows { try engine.exportRows(ids: ids, at: at) }
}

extension Engine {
    /// The export rows of these instances, in the order given (unknown IDs write none), in one
    /// read of the columns a row shows: each row is written from the instance read, not from a
    /// copy paired with its cost.
    func exportRows(ids: [String], at: Seconds) throws -> ExportRows {
        try read { tx in
            let found = try tx.exportInstances(ids: ids)
            let stored = try tx.storedSeries(of: found.values.map(\.seq))
            var rows = ExportRows()
            rows.reserve(rows: found.count)
            for id in ids {
                guard let k = found.index(forKey: id) else { continue }
                let inst = found.values[k]
                rows.append(inst, tx.cost(of: inst, stored: stored[inst.seq]), at: at)
            }
            return rows
        }
    }
}
