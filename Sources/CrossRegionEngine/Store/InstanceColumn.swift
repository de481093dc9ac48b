/// The columns an instance is read with, in `Instance.columns` order: a row is read by
/// name (`r.int(.seq)`), and the name's place is its raw value, so nothing is looked up per row.
enum InstanceColumn: Int32, CaseIterable, RowColumn {
    case seq, id, region, zone, description, engine, engineVersion, category, storageType, instanceClass
    case storageGB, dataBytes, logBytesPerHour, tde, createdAt, readyAt, releasedAt, backupMinute
    case logGapStart, logGapEnd, restoredFrom, payType, netType, qualified, xbEnabled, xbRegion
    case retention, logEnabled, xbEnabledAt, logEnabledAt, expiryFloor, epochAt, epochSID
    case seedStart, seedEnd, seedAt, logChainStart, retainedUntil, tdeAt, vpcID, vSwitchID, securityIPs

    /// The column's name in the `instance` table.
    var sql: String {
        switch self {
        case .engineVersion: return "engine_version"
        case .storageType: return "storage_type"
        case .instanceClass: return "class"
        case .storageGB: return "storage_gb"
        case .dataBytes: return "data_bytes"
        case .logBytesPerHour: return "log_bytes_per_hour"
        case .createdAt: return "created_at"
        case .readyAt: return "ready_at"
        case .releasedAt: return "released_at"
        case .backupMinute: return "backup_minute"
        case .logGapStart: return "log_gap_start"
        case .logGapEnd: return "log_gap_end"
        case .restoredFrom: return "restored_from"
        case .payType: return "pay_type"
        case .netType: return "net_type"
        case .xbEnabled: return "xb_enabled"
        case .xbRegion: return "xb_region"
        case .logEnabled: return "log_enabled"
        case .xbEnabledAt: return "xb_enabled_at"
        case .logEnabledAt: return "log_enabled_at"
        case .expiryFloor: return "expiry_floor"
        case .epochAt: return "epoch_at"
        case .epochSID: return "epoch_sid"
        case .seedStart: return "seed_start"
        case .seedEnd: return "seed_end"
        case .seedAt: return "seed_at"
        case .logChainStart: return "log_chain_start"
        case .retainedUntil: return "retained_until"
        case .tdeAt: return "tde_at"
        case .vpcID: return "vpc_id"
        case .vSwitchID: return "vswitch_id"
        case .securityIPs: return "security_ips"
        default: return "\(self)"
        }
    }
}

/// The columns billing, a drill and DR Readiness read (the partial index `instance_billing`
/// holds them all), by name: the policy, the epoch, the sizes, the product and the TDE time.
enum BillingColumn: Int32, CaseIterable, RowColumn {
    case seq, id, region, dataBytes, logBytesPerHour, createdAt, readyAt, releasedAt, backupMinute
    case xbEnabled, xbRegion, retention, logEnabled, expiryFloor, epochAt, epochSID, seedStart, seedEnd
    case seedAt, logChainStart, retainedUntil, storageType, engine, engineVersion, category, tdeAt

    var sql: String { InstanceColumn.allCases.first { "\($0)" == "\(self)" }!.sql }
}

/// The policy and epoch columns both readers read: one reading of them (`Instance.readPolicy`).
protocol PolicyColumns: RowColumn {
    static var releasedAt: Self { get }
    static var xbEnabled: Self { get }
    static var xbRegion: Self { get }
    static var retention: Self { get }
    static var logEnabled: Self { get }
    static var expiryFloor: Self { get }
    static var epochAt: Self { get }
    static var epochSID: Self { get }
    static var seedStart: Self { get }
    static var seedEnd: Self { get }
    static var seedAt: Self { get }
    static var logChainStart: Self { get }
    static var retainedUntil: Self { get }
}

extension InstanceColumn: PolicyColumns {}
extension BillingColumn: PolicyColumns {}

/// A list of named columns whose places are their raw values.
protocol RowColumn: RawRepresentable<Int32>, CaseIterable {
    var sql: String { get }
}

extension RowColumn {
    /// The `SELECT` list, in the cases' order.
    static var selectList: String { allCases.map(\.sql).joined(separator: ", ") }
}

extension RawRow {
    func int<C: RowColumn>(_ c: C) -> Int64 { int(c.rawValue) }
    func optionalInt<C: RowColumn>(_ c: C) -> Int64? { optionalInt(c.rawValue) }
    func text<C: RowColumn>(_ c: C) -> String { text(c.rawValue) }
    func optionalText<C: RowColumn>(_ c: C) -> String? { optionalText(c.rawValue) }
    func bool<C: RowColumn>(_ c: C) -> Bool { int(c.rawValue) != 0 }
}
