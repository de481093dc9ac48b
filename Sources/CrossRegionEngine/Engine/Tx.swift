import Foundation
import GRDB

/// One transaction of the engine: the database, and the simulated time at
/// which the request happens. Every rule runs inside one of these.
struct Tx {
    let db: Database
    let now: Seconds
    /// The edition of the rules the state follows (chosen when it was made).
    let rules: RulesEdition
    /// A dry run: the rules run as they would and nothing is written (see `dryRunning`).
    private(set) var dryRun = false

    static func clock(_ db: Database) throws -> Seconds {
        try Seconds.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'clock'")) ?? 0
    }

    static let rulesKey = "rules"

    static func rules(_ db: Database) throws -> RulesEdition {
        try String.fetchOne(db.cachedStatement(sql: "SELECT text FROM meta WHERE key = '\(rulesKey)'"))
            .flatMap(RulesEdition.init(rawValue:)) ?? .unrecorded
    }

    init(_ db: Database) throws {
        self.db = db
        self.now = try Tx.clock(db)
        self.rules = try Tx.rules(db)
    }

    /// The same transaction seen at an earlier time: what the state's series
    /// held then (files made and copies completed by `time`). Read-only use.
    func seen(at time: Seconds) -> Tx {
        Tx(db: db, now: time, rules: rules)
    }

    private init(db: Database, now: Seconds, rules: RulesEdition) {
        self.db = db
        self.now = now
        self.rules = rules
    }

    /// The same transaction, writing nothing: what a change would do is computed by the
    /// same code as the change, from what it read before its first write (a policy
    /// change reads every row it needs first). Its caller still rolls back.
    func dryRunning() -> Tx {
        var tx = self
        tx.dryRun = true
        return tx
    }

    /// Records the edition of the rules of a state being made, before its first transaction.
    static func record(_ edition: RulesEdition, in db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value, text) VALUES (?, 0, ?)",
                       arguments: [rulesKey, edition.rawValue])
    }

    // MARK: Meta

    /// The state's generation (see `Engine.changeToken`).
    static func generation(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'generation'")) ?? 0
    }

    func generation() throws -> Int64 { try Tx.generation(db) }

    func meta(_ key: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key])
    }

    func metaText(_ key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT text FROM meta WHERE key = ?"), arguments: [key])
    }

    func setMeta(_ key: String, _ value: Int64, text: String? = nil) throws {
        guard !dryRun else { return }
        try db.cachedStatement(sql: """
            INSERT INTO meta (key, value, text) VALUES (?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, text = excluded.text
            """).execute(arguments: [key, value, text])
    }

    /// Reserves `count` consecutive counter values of `key`, returning the first.
    func reserve(_ key: String, _ count: Int64) throws -> Int64 {
        let first = try meta(key) ?? 1
        try setMeta(key, first + count)
        return first
    }

    /// Reserves series IDs for `epochs` epochs; the first is a multiple of `sidsPerEpoch`.
    func reserveEpochSIDs(_ epochs: Int) throws -> Int64 {
        let step = Instance.sidsPerEpoch
        var first = try meta("next_sid") ?? step
        first = (first + step - 1) / step * step
        try setMeta("next_sid", first + Int64(epochs) * step)
        return first
    }

    // MARK: Instances

    func instance(id: String) throws -> Instance {
        guard let inst = try fetchInstances("SELECT \(Instance.columns) FROM instance WHERE id = ?", [id]).first else {
            throw EngineError.instanceNotFound(id)
        }
        return inst
    }

    func instance(seq: Int64) throws -> Instance? {
        try fetchInstances("SELECT \(Instance.columns) FROM instance WHERE seq = ?", [seq]).first
    }

    /// The instances with these IDs (unknown IDs are simply absent), read straight into the
    /// dictionary: a batch's part is held once, not as an array, then pairs, then a dictionary.
    func instances(ids: [String]) throws -> [String: Instance] {
        try instances(ids: ids, columns: Instance.columns) { row, texts in
            var inst = Instance(raw: row, texts: &texts)
            inst.rules = rules
            return inst
        }
    }

    /// The instances with these IDs read with `Instance.exportColumns` only (what an export's row shows).
    func exportInstances(ids: [String]) throws -> [String: Instance] {
        try instances(ids: ids, columns: Instance.exportColumns) { row, texts in Instance(exportRow: row, rules: rules, texts: &texts) }
    }

    private func instances(ids: [String], columns: String,
                           _ make: (RawRow, inout RepeatedTexts) -> Instance) throws -> [String: Instance] {
        var found: [String: Instance] = [:]
        found.reserveCapacity(ids.count)
        var texts = RepeatedTexts()
        try RawRow.forEach(db, sql: "SELECT \(columns) FROM \(Tx.eachValue) CROSS JOIN instance ON instance.id = j.value",
                           arguments: [Tx.jsonArray(ids)]) {
            let inst = make($0, &texts)
            found[inst.id] = inst
        }
        return found
    }

    /// The instances a query of `Instance.columns` returns, in its order.
    func fetchInstances(_ sql: String, _ arguments: StatementArguments) throws -> [Instance] {
        var out: [Instance] = []
        try forEachInstance(sql, arguments) { out.append($0) }
        return out
    }

    /// Each instance a query of `Instance.columns` returns, in its order.
    private func forEachInstance(_ sql: String, _ arguments: StatementArguments, _ body: (Instance) throws -> Void) throws {
        var texts = RepeatedTexts()
        try RawRow.forEach(db, sql: sql, arguments: arguments) {
            var inst = Instance(raw: $0, texts: &texts)
            inst.rules = rules
            try body(inst)
        }
    }

    /// The instances a query of `Instance.billingColumns` returns, in its order (see `Instance(billingRow:)`).
    func fetchBillingInstances(_ sql: String, _ arguments: StatementArguments) throws -> [Instance] {
        var out: [Instance] = []
        var texts = RepeatedTexts()
        try RawRow.forEach(db, sql: sql, arguments: arguments) {
            out.append(Instance(billingRow: $0, rules: rules, texts: &texts))
        }
        return out
    }

    /// Writes every mutable column of `instance` back.
    func save(_ instance: Instance) throws {
        try update(instance, columns: .all)
    }

    /// Writes back only the columns that differ from `old`: an index whose
    /// columns did not change is not touched (a batch writes fewer pages).
    func save(_ instance: Instance, changedFrom old: Instance) throws {
        guard !dryRun else { return }  // nothing is written: what differs is not worth finding
        let changed = Instance.ColumnSet(differing: instance, old)
        if !changed.isEmpty { try update(instance, columns: changed) }
    }

    private func update(_ instance: Instance, columns: Instance.ColumnSet) throws {
        guard !dryRun else { return }
        try db.execute(Instance.updateSQL(columns)) { b in
            for c in columns.columns { c.bind(instance, &b) }
            b.int(instance.seq)
        }
    }

    func insert(_ instance: Instance) throws {
        guard !dryRun else { return }
        try db.execute(Instance.insertSQL) { instance.bindRow(&$0) }
    }

    // MARK: Series

    /// Closed series of one instance.
    func storedSeries(of seq: Int64) throws -> [FileSeries] {
        var out: [FileSeries] = []
        try RawRow.forEach(db, sql: "SELECT \(FileSeries.columns) FROM xseries WHERE instance_seq = ? ORDER BY sid",
                           arguments: [seq]) { out.append(FileSeries(raw: $0)) }
        return out
    }

    /// Every closed series, by instance (`xseries` read whole, in order).
    func storedSeries() throws -> [Int64: [FileSeries]] {
        var stored: [Int64: [FileSeries]] = [:]
        try RawRow.forEach(db, sql: "SELECT \(FileSeries.columns), instance_seq FROM xseries ORDER BY sid") {
            stored[$0.int(13), default: []].append(FileSeries(raw: $0))
        }
        return stored
    }

    /// Closed series of many instances, by instance seq.
    func storedSeries(of seqs: [Int64]) throws -> [Int64: [FileSeries]] {
        var out: [Int64: [FileSeries]] = [:]
        try RawRow.forEach(db, sql: """
            SELECT \(FileSeries.columns), instance_seq FROM \(Tx.eachValue) CROSS JOIN xseries ON instance_seq = j.value
            """, arguments: [Tx.jsonArray(distinct: seqs)]) { out[$0.int(13), default: []].append(FileSeries(raw: $0)) }
        // Each instance's in the order of their IDs, put in order here: an instance has a few, where
        // SQLite would sort every row read together.
        for i in out.values.indices where out.values[i].count > 1 { out.values[i].sort { $0.sid < $1.sid } }
        return out
    }

    /// Every series of an instance: closed ones and those of the epoch in force.
    func allSeries(of instance: Instance) throws -> [FileSeries] {
        try storedSeries(of: instance.seq) + instance.epochSeries
    }

    func insert(_ series: FileSeries, of seq: Int64) throws {
        guard !dryRun else { return }
        try db.execute(FileSeries.insertSQL) { series.bindInsert(&$0, instanceSeq: seq) }
    }

    func update(_ series: FileSeries) throws {
        guard !dryRun else { return }
        try db.cachedStatement(sql: "UPDATE xseries SET first_index = ?, banked_seconds = ? WHERE sid = ?")
            .execute(arguments: [series.firstIndex, series.bankedSeconds, series.sid])
    }

    func delete(_ series: FileSeries) throws {
        guard !dryRun else { return }
        try db.cachedStatement(sql: "DELETE FROM xseries WHERE sid = ?").execute(arguments: [series.sid])
    }

    // MARK: Local backups

    struct StoredBackup: Sendable {
        var id: Int64
        var instanceSeq: Int64
        var start: Seconds
        var end: Seconds
        var mode: String
        var initiator: String
    }

    /// Manual and triggered local backups of these instances completed within `[from, to]`.
    func storedLocalBackups(of seqs: [Int64], endingFrom from: Seconds, to: Seconds) throws -> [Int64: [StoredBackup]] {
        var out: [Int64: [StoredBackup]] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, instance_seq, start_at, end_at, mode, initiator FROM \(Tx.eachValue) CROSS JOIN local_backup
            ON instance_seq = j.value AND end_at BETWEEN ? AND ?
            """), arguments: [Tx.jsonArray(distinct: seqs), from, to])
        while let r = try rows.next() {
            out[r[1], default: []].append(StoredBackup(id: r[0], instanceSeq: r[1], start: r[2], end: r[3],
                                                      mode: r[4], initiator: r[5]))
        }
        return out
    }

    /// Records a local backup; returns its ID (0 in a dry run).
    @discardableResult
    func insertLocalBackup(of seq: Int64, start: Seconds, end: Seconds, mode: String, initiator: String) throws -> Int64 {
        guard !dryRun else { return 0 }
        try db.cachedStatement(sql: "INSERT INTO local_backup (instance_seq, start_at, end_at, mode, initiator) VALUES (?,?,?,?,?)").execute(arguments: [seq, start, end, mode, initiator])
        return db.lastInsertedRowID
    }

    /// The values of a JSON array bound as one parameter, as a table `j` to join others to: `FROM \(eachValue)
    /// CROSS JOIN t ON t.key = j.value` seeks `t`'s index once a value, in the array's order, where
    /// `key IN (SELECT value FROM json_each(?))` first copies every value into a temporary index.
    /// A value given twice joins twice: give each once (`jsonArray(distinct:)`), or key what is read by it.
    /// (Only its `value` is shown: json_each's own columns include an `id`.)
    static let eachValue = "(SELECT value FROM json_each(?)) AS j"

    /// A JSON array of strings, for `json_each(?)` (one bound parameter, however many values).
    static func jsonArray(_ values: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(values.count * 20 + 2)
        let hex = Array("0123456789abcdef".utf8)
        for (i, v) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            // An ID needs no escape: its bytes are copied at once.
            if !v.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out.append(contentsOf: v.utf8)
                out.append(UInt8(ascii: "\""))
                continue
            }
            for b in v.utf8 {
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), b]
                case 0..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]]
                default: out.append(b)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON array of integers, for `json_each(?)`: its values are SQL integers, compared with
    /// an integer column as they are (a text would be converted at each comparison).
    static func jsonArray(_ values: [Int64]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(values.count * 8 + 2)
        // Digits written backwards into a scratch, then copied: no string made per value.
        var digits = [UInt8](repeating: 0, count: 20)
        for (i, v) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if v < 0 { out.append(UInt8(ascii: "-")) }
            var rest = v.magnitude
            var n = 0
            repeat {
                digits[n] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                n += 1
            } while rest > 0
            while n > 0 {
                n -= 1
                out.append(digits[n])
            }
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `jsonArray` of the distinct values, in ascending order (an index is then sought in its own order).
    static func jsonArray(distinct values: [Int64]) -> String {
        var sorted = values.sorted()
        var kept = 0
        for v in sorted where kept == 0 || sorted[kept - 1] != v {
            sorted[kept] = v
            kept += 1
        }
        return jsonArray(Array(sorted[..<kept]))
    }
}
