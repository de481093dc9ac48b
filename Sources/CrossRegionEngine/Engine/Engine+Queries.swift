import GRDB
import Foundation

/// Lists for pages and `Describe*` actions. Each costs what it shows and
/// one SQL scan of a region at most, never a walk of the fleet in Swift.
extension Engine {
    public func instances(_ filter: InstanceFilter, offset: Int = 0, limit: Int = 30) throws -> InstancePage {
        try read { tx in try tx.instances(filter, offset: offset, limit: limit) }
    }

    /// ID and description of every instance the filter keeps, in the
    /// filter's order: what a view needs to filter and page a list of
    /// thousands without asking again. Costs are computed here, in one
    /// transaction, never over rows held by the caller.
    public func instanceIndex(_ filter: InstanceFilter) throws -> InstanceIndex {
        try read { tx in
            let (whereSQL, arguments) = try tx.clause(filter)
            let order = filter.order
            if order.key.isCost {
                return try tx.costOrderedIndex(whereSQL, arguments, order, costs: try costMemo.figures(tx, whereSQL, arguments))
            }
            var read = tx.indexRead(filter, whereSQL, arguments)
            switch read.rows {
            case .merged:
                return try tx.indexByIDAcrossRegions(read.sql, read.arguments, descending: order.descending)
            case .ranked(let count):
                if let out = try tx.indexByRank(read.sql, read.arguments, count: count, descending: order.descending) { return out }
                // A rank outside its key's values: sorted by SQLite.
                let sorted = tx.sortedIndexRead(whereSQL, arguments, order)
                read = (sorted.sql, sorted.arguments, .inOrder)
            case .inOrder:
                break
            }
            var out = InstanceIndex()
            try RawRow.forEach(tx.db, sql: read.sql, arguments: read.arguments) { out.append(id: $0.bytes(0), description: $0.bytes(1)) }
            out.trim()
            return out
        }
    }

    /// Local backups of an instance, newest first, kept now (R4.1, R5.4).
    public func localBackups(instanceID: String, from: Seconds? = nil, to: Seconds? = nil) throws -> [LocalBackup] {
        try read { tx in try tx.localBackups(try tx.instance(id: instanceID), from: from, to: to) }
    }

    /// Local binlogs of the last 7 days, newest first.
    public func localLogFiles(instanceID: String) throws -> [LocalLogFile] {
        try read { tx in
            let inst = try tx.instance(id: instanceID)
            let end = min(tx.now, inst.releasedAt ?? tx.now)
            var out: [LocalLogFile] = []
            var begin = UTCTime.floorHour(end) - UTCTime.hour
            let oldest = max(UTCTime.floorHour(inst.readyAt), tx.now - 7 * UTCTime.day)
            while begin >= oldest {
                if inst.localLogsContinuous(from: begin, to: begin + UTCTime.hour) {
                    let n = String(inst.binlogNumber(at: begin))
                    out.append(LocalLogFile(begin: begin, end: begin + UTCTime.hour,
                                            name: "mysql-bin." + String(repeating: "0", count: max(0, 6 - n.count)) + n,
                                            sizeBytes: inst.logBytesPerHour))
                }
                begin -= UTCTime.hour
            }
            return out
        }
    }
}

extension Tx {
    func instances(_ f: InstanceFilter, offset: Int, limit: Int) throws -> InstancePage {
        let (whereSQL, arguments) = try clause(f)
        let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM instance\(whereSQL)"), arguments: arguments) ?? 0
        let items = limit <= 0 ? [] : try fetchInstances(
            "SELECT \(Instance.columns) FROM instance\(whereSQL) ORDER BY id LIMIT ? OFFSET ?",
            arguments + [max(0, limit), max(0, offset)])
        return InstancePage(total: total, items: items, at: now)
    }

    /// How the rows of `indexRead` become a list.
    enum IndexRows: Equatable {
        /// In the order read.
        case inOrder
        /// Region by region, each region's run in ID order: the runs merged (`indexByIDAcrossRegions`).
        case merged
        /// In ID order, region by region, with each row's rank (of `count`): put in ranks (`indexByRank`).
        case ranked(count: Int)
    }

    /// What `Engine.instanceIndex` reads a list with, in an order the state holds (not a cost): off
    /// the list's index as it holds it wherever that order serves, so that no list is sorted.
    func indexRead(_ filter: InstanceFilter, _ whereSQL: String, _ arguments: StatementArguments)
        -> (sql: String, arguments: StatementArguments, rows: IndexRows) {
        let order = filter.order
        if order.key == .id && filter.regionID == nil {
            return (Self.regionRunsSQL(whereSQL, descending: order.descending), arguments, .merged)
        }
        if let rank = order.key.rank {
            // The rank's `?` comes before the clause's, in the SELECT list.
            return (Self.regionRunsSQL(whereSQL, descending: false, with: rank.sql),
                    rank.takesNow ? [now] + arguments : arguments, .ranked(count: rank.count))
        }
        let sorted = sortedIndexRead(whereSQL, arguments, order)
        return (sorted.sql, sorted.arguments, .inOrder)
    }

    /// The statement that reads a list's IDs and descriptions in `order` (one the state holds, not a
    /// cost) by SQL's `ORDER BY`, and its arguments.
    func sortedIndexRead(_ whereSQL: String, _ arguments: StatementArguments, _ order: InstanceOrder)
        -> (sql: String, arguments: StatementArguments) {
        let direction = order.descending ? " DESC" : ""
        let columns = order.key.column.split(separator: ",").map { $0 + direction }.joined(separator: ",")
        // Ties by ID, unless the order is the ID: SQLite reads `ORDER BY id, id` off the list's index
        // and still sorts it again (a tenth of a second for a region of 100,000 instances).
        let ties = order.key == .id ? "" : ", id"
        // The status's `?` comes after the clause's, in the ORDER BY.
        return ("SELECT id, description FROM instance\(whereSQL) ORDER BY \(columns)\(ties)",
                order.key == .status ? arguments + [now] : arguments)
    }

    /// The statement that reads a list's runs, one region after another, each in ID order in the
    /// list's direction, with one more column when given.
    static func regionRunsSQL(_ whereSQL: String, descending: Bool, with column: String? = nil) -> String {
        let direction = descending ? " DESC" : ""
        return "SELECT id, description, region\(column.map { ", " + $0 } ?? "") FROM instance\(whereSQL) "
            + "ORDER BY region\(direction), id\(direction)"
    }

    /// Every region's rows in one order by ID. No index gives that order with what the list shows:
    /// by the IDs' own index SQLite would read every row from the table (1.5 s at a million
    /// instances), and a sort of the list's index took 0.4 s more than reading it. So each region's
    /// rows are read in the order the list's index holds them (by region, then ID), and the
    /// regions' runs are merged. `each` sees every row as it is read (its fourth column, if any).
    /// `sql` is `regionRunsSQL`'s.
    func indexByIDAcrossRegions(_ sql: String, _ arguments: StatementArguments, descending: Bool,
                                each: (RawRow) -> Void = { _ in }) throws -> InstanceIndex {
        var out = InstanceIndex()
        var starts: [Int] = []
        var region: [UInt8] = []
        try RawRow.forEach(db, sql: sql, arguments: arguments) { row in
            let r = row.bytes(2)
            if starts.isEmpty || r.count != region.count || (!r.isEmpty && memcmp(r.baseAddress!, region, r.count) != 0) {
                starts.append(out.count)
                region = Array(r)
            }
            out.append(id: row.bytes(0), description: row.bytes(1))
            each(row)
        }
        out.mergeRuns(startingAt: starts, descending: descending)
        out.trim()
        return out
    }

    /// A list in the order of a key of a few values (`InstanceOrder.Key.rank`): read in ID order off
    /// the list's index as `indexByIDAcrossRegions` reads it, then put in its ranks, each in ID order
    /// (ties go by ID up, whichever the direction, as in a sort). Nil when a row's rank is not one
    /// the key has (left to SQLite's sort).
    func indexByRank(_ sql: String, _ arguments: StatementArguments, count: Int, descending: Bool) throws -> InstanceIndex? {
        var ranks: [UInt8] = []
        var inRange = true
        var out = try indexByIDAcrossRegions(sql, arguments, descending: false) { row in
            let r = row.int(3)
            inRange = inRange && r >= 0 && r < count
            ranks.append(UInt8(clamping: r))
        }
        guard inRange else { return nil }
        out.partition(byRank: ranks, count: count, descending: descending)
        return out
    }

    /// The WHERE clause of a filter, and its arguments.
    func clause(_ f: InstanceFilter) throws -> (String, StatementArguments) {
        var clauses: [String] = []
        var args: [DatabaseValueConvertible?] = []
        switch f.set {
        case .live: clauses.append("released_at IS NULL")
        case .pending: clauses.append("qualified = 1 AND xb_enabled = 0 AND released_at IS NULL")
        case .backup:
            clauses.append("((xb_enabled = 1 AND released_at IS NULL) OR retained_until > ?)")
            args.append(now)
        case .all: break
        }
        if let r = f.regionID { clauses.append("region = ?"); args.append(r) }
        if let ids = f.ids {
            clauses.append("id IN (SELECT value FROM json_each(?))")
            args.append(Tx.jsonArray(ids))
        }
        if let e = f.engine { clauses.append("engine = ?"); args.append(e) }
        if let v = f.engineVersion { clauses.append("engine_version = ?"); args.append(v) }
        if let z = f.zoneID { clauses.append("zone = ?"); args.append(z) }
        if let c = f.category { clauses.append("category = ?"); args.append(c) }
        if let c = f.instanceClass { clauses.append("class = ?"); args.append(c) }
        if let p = f.payType { clauses.append("pay_type = ?"); args.append(p) }
        if let v = f.vpcID { clauses.append("vpc_id = ?"); args.append(v) }
        if let v = f.vSwitchID { clauses.append("vswitch_id = ?"); args.append(v) }
        if let a = f.afterID { clauses.append("id > ?"); args.append(a) }
        if let text = f.status {
            switch InstanceStatus(rawValue: text) {
            case .released?: clauses.append("released_at IS NOT NULL")
            case .creating?: clauses.append("released_at IS NULL AND ready_at > ?"); args.append(now)
            case .running?: clauses.append("released_at IS NULL AND ready_at <= ?"); args.append(now)
            case nil: clauses.append("0")  // a documented status that never occurs here
            }
        }
        if let key = f.searchKey, !key.isEmpty {
            let pattern = "%" + key.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            clauses.append("(id LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\')")
            args.append(pattern)
            args.append(pattern)
        }
        return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), StatementArguments(args))
    }

    func localBackups(_ inst: Instance, from: Seconds?, to: Seconds?) throws -> [LocalBackup] {
        let keepUntil = inst.releasedAt.map { $0 + 7 * UTCTime.day }
        func expiry(_ end: Seconds) -> Seconds { min(end + 7 * UTCTime.day, keepUntil ?? Seconds.max) }
        var out: [LocalBackup] = []
        if let last = inst.lastBackupDay(completedBy: now) {
            var d = last
            while d >= inst.firstBackupDay {
                let b = inst.dailyBackup(day: d)
                if expiry(b.end) <= now { break }
                out.append(LocalBackup(id: inst.dailyBackupID(day: d), instanceID: inst.id, start: b.start, end: b.end,
                                       mode: "Automated", initiator: "System", sizeBytes: inst.dataBytes,
                                       expiresAt: expiry(b.end)))
                d -= 1
            }
        }
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, start_at, end_at, mode, initiator FROM local_backup
            WHERE instance_seq = ? AND end_at <= ? AND end_at > ? ORDER BY end_at DESC
            """), arguments: [inst.seq, now, now - 7 * UTCTime.day])
        for r in rows where expiry(r[2]) > now {
            out.append(LocalBackup(id: LocalBackupID.stored(r[0]), instanceID: inst.id, start: r[1], end: r[2],
                                   mode: r[3], initiator: r[4], sizeBytes: inst.dataBytes, expiresAt: expiry(r[2])))
        }
        out.sort { ($0.start, $0.id) > ($1.start, $1.id) }
        return out.filter { b in (from.map { b.start >= $0 } ?? true) && (to.map { b.start <= $0 } ?? true) }
    }
}

extension Tx {
    /// The index ordered by a cost: each instance's cost from its series (nothing
    /// for those that never held files), then sorted, ties in ID order (bytes, as
    /// SQLite orders IDs). Besides the index, only numbers are held a row.
    func costOrderedIndex(_ whereSQL: String, _ arguments: StatementArguments, _ order: InstanceOrder,
                          costs: [CostFigures]) throws -> InstanceIndex {
        var values: [Int64: Double] = [:]
        values.reserveCapacity(costs.count)
        for c in costs { values[c.seq] = c.value(order.key) }
        var all = InstanceIndex()
        var keys: [Double] = []
        try RawRow.forEach(db, sql: "SELECT seq, id, description FROM instance\(whereSQL)", arguments: arguments) {
            keys.append(values[$0.int(0)] ?? 0)
            all.append(id: $0.bytes(1), description: $0.bytes(2))
        }
        values = [:]
        let descending = order.descending
        let sorted = all.withRows { rows in
            keys.indices.sorted { a, b in
                keys[a] != keys[b] ? (keys[a] < keys[b]) != descending : rows[a].id.lexicographicallyPrecedes(rows[b].id)
            }
        }
        all.trim()
        return all.reordered(sorted)
    }
}
