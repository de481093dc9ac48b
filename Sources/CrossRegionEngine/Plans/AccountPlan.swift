import Foundation
import GRDB

/// The four fields of a cross-region backup policy that a plan may change,
/// as `DescribeInstanceCrossBackupPolicy` answers them and
/// `ModifyInstanceCrossBackupPolicy` takes them.
public struct PolicyValues: Sendable, Equatable, Codable {
    public var enabled: Bool
    public var destination: String?
    public var retentionDays: Int64
    public var logEnabled: Bool

    public init(enabled: Bool, destination: String?, retentionDays: Int64, logEnabled: Bool) {
        self.enabled = enabled
        self.destination = destination
        self.retentionDays = retentionDays
        self.logEnabled = logEnabled
    }

    init(_ inst: Instance) {
        self.init(enabled: inst.backupEnabled, destination: inst.backupRegion, retentionDays: inst.retentionDays,
                  logEnabled: inst.logBackupEnabled)
    }

    /// The values of a policy as the cloud answered it (`FleetAnswers.policy(answer:from:)`).
    public init(_ policy: FleetAnswers.Policy) {
        self.init(enabled: policy.enabled, destination: policy.destination,
                  retentionDays: policy.retentionDays ?? PolicyChange.retentionRange.lowerBound, logEnabled: policy.logBackupEnabled)
    }

    /// Whether `other` does what these values do: every field when the policy is on; when it is
    /// off, the retention (the files still held expire by it) — an off policy's destination and
    /// log switch do nothing, and the cloud answers them as it likes (a default destination).
    public func sameEffect(as other: PolicyValues) -> Bool {
        guard enabled && other.enabled else { return enabled == other.enabled && retentionDays == other.retentionDays }
        return self == other
    }

    /// One field that differs: its API name and its value on each side, as the API writes them.
    public struct Difference: Sendable, Equatable, Codable {
        public var field: String
        public var from: String
        public var to: String
    }

    /// The fields where `other` differs from these values, in the API's order.
    public func differences(to other: PolicyValues) -> [Difference] {
        typealias Name = LocalRequest.Name
        func onOff(_ b: Bool) -> String { b ? "Enable" : "Disable" }
        var out: [Difference] = []
        if enabled != other.enabled { out.append(.init(field: Name.backupEnabled, from: onOff(enabled), to: onOff(other.enabled))) }
        if destination != other.destination {
            out.append(.init(field: Name.destination, from: destination ?? "-", to: other.destination ?? "-"))
        }
        if retentionDays != other.retentionDays {
            out.append(.init(field: Name.retention, from: String(retentionDays), to: String(other.retentionDays)))
        }
        if logEnabled != other.logEnabled {
            out.append(.init(field: Name.logBackupEnabled, from: onOff(logEnabled), to: onOff(other.logEnabled)))
        }
        return out
    }

    /// The `ModifyInstanceCrossBackupPolicy` parameters that turn `account` into
    /// these values, one instance (the cloud takes one a call): every field when
    /// the policy is on (the cloud wants the destination with it), else the
    /// switch and what else differs.
    public func parameters(from account: PolicyValues, regionID: String, instanceID: String) -> [String: String] {
        typealias Name = LocalRequest.Name
        var p = ["RegionId": regionID, Name.instanceID: instanceID, Name.backupEnabled: enabled ? "Enable" : "Disable"]
        if enabled {
            p[Name.destination] = destination
            p["CrossBackupType"] = "1"
            p["RetentType"] = "1"
            p[Name.retention] = String(retentionDays)
            p[Name.logBackupEnabled] = logEnabled ? "Enable" : "Disable"
        } else {
            if retentionDays != account.retentionDays {
                p["RetentType"] = "1"
                p[Name.retention] = String(retentionDays)
            }
            if logEnabled != account.logEnabled { p[Name.logBackupEnabled] = logEnabled ? "Enable" : "Disable" }
        }
        return p
    }
}

/// One instance whose policy the rehearsal changed: the account's values at
/// the pull, the planned ones, and what the change does (the impact the
/// engine computed when it was made, as the console's preview shows it).
public struct PlannedPolicy: Sendable, Equatable, Codable {
    public var instanceID: String
    public var regionID: String
    public var account: PolicyValues
    public var planned: PolicyValues
    /// When the change was last made (the state's clock).
    public var plannedAt: Seconds
    public var impact: PolicyImpact

    public var differences: [PolicyValues.Difference] { account.differences(to: planned) }
    /// What `apply` sends for this instance.
    public var parameters: [String: String] { planned.parameters(from: account, regionID: regionID, instanceID: instanceID) }
}

/// What a rehearsal of an account would change in it: the policy changes
/// (applied by `rds-console apply`) and what is rehearsal only (never applied).
public struct AccountPlan: Sendable, Equatable, Codable {
    public var changes: [PlannedPolicy]
    /// Instances created in the rehearsal (restores, CreateDBInstance), by ID.
    public var created: [String]
    /// Instances of the account released in the rehearsal, by ID.
    public var released: [String]
    /// The clock at the pull and now; they differ when the rehearsal moved it.
    public var pulledClock: Seconds
    public var clock: Seconds

    /// The impact of every change together.
    public var impact: PolicyImpact {
        var total = PolicyImpact(instances: 0, filesExpiringEarlier: 0, bytesExpiringEarlier: 0, firstDeletion: nil,
                                 projected30dBeforeUSD: 0, projected30dAfterUSD: 0)
        for c in changes { total.add(c.impact) }  // one instance each
        return total
    }

    /// Sentences for what the rehearsal did that `apply` never sends.
    public var rehearsalOnly: [String] {
        var out: [String] = []
        if !created.isEmpty {
            out.append("\(created.count) instance(s) created here (restores or CreateDBInstance): \(Self.list(created)).")
        }
        if !released.isEmpty { out.append("\(released.count) instance(s) released here: \(Self.list(released)).") }
        if clock != pulledClock {
            out.append("The clock was moved from \(UTCTime.format(pulledClock)) to \(UTCTime.format(clock)).")
        }
        return out
    }

    private static func list(_ ids: [String]) -> String {
        ids.count <= 5 ? ids.joined(separator: ", ") : ids.prefix(5).joined(separator: ", ") + " and \(ids.count - 5) more"
    }
}

/// A pulled state as the console shows it: where it came from and its plan.
public struct AccountRehearsal: Sendable, Equatable, Codable {
    public var origin: PullOrigin
    public var plan: AccountPlan

    /// The instances with a planned change.
    public var plannedIDs: Set<String> { Set(plan.changes.map(\.instanceID)) }
}

extension Tx {
    /// Whether this state was pulled from an account (its policy changes are kept as a plan).
    func isPulled() throws -> Bool { try metaText(PullOrigin.keys.account) != nil }

    /// Keeps the policy changes of a pulled state as its plan: the account's
    /// values (those before the first change since the pull), the planned ones
    /// and the change's impact. An instance changed back to the account's
    /// values has nothing planned.
    func recordPlanned(before: [Instance], after: [Instance], series: [Int64: [FileSeries]]) throws {
        for (old, new) in zip(before, after) {
            let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT account, files_earlier, bytes_earlier, first_deletion, cost_before FROM planned_policy WHERE instance_id = ?
                """), arguments: [old.id])
            let account = try row.map { try JSONDecoder().decode(PolicyValues.self, from: Data(($0["account"] as String).utf8)) }
                ?? PolicyValues(old)
            let planned = PolicyValues(new)
            guard !planned.sameEffect(as: account) else {
                try db.cachedStatement(sql: "DELETE FROM planned_policy WHERE instance_id = ?").execute(arguments: [old.id])
                continue
            }
            let oldSeries = (series[old.seq] ?? []) + old.epochSeries
            var impact = PolicyImpact(instances: 1, filesExpiringEarlier: 0, bytesExpiringEarlier: 0, firstDeletion: nil,
                                      projected30dBeforeUSD: cost(of: old, series: oldSeries).projected30dUSD,
                                      projected30dAfterUSD: cost(of: new, series: try allSeries(of: new)).projected30dUSD)
            countEarlierExpiries(oldSeries, from: old, to: new, into: &impact)
            if let row {  // a second change adds to the first: the cost before stays the account's
                impact.filesExpiringEarlier += row["files_earlier"] as Int
                impact.bytesExpiringEarlier = impact.bytesExpiringEarlier.addingSaturated(row["bytes_earlier"] as Int64)
                if let d = row["first_deletion"] as Int64? { impact.firstDeletion = min(impact.firstDeletion ?? d, d) }
                impact.projected30dBeforeUSD = row["cost_before"]
            }
            try db.cachedStatement(sql: """
                INSERT INTO planned_policy (instance_id, region, account, planned, planned_at, files_earlier, bytes_earlier,
                                            first_deletion, cost_before, cost_after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(instance_id) DO UPDATE SET planned = excluded.planned, planned_at = excluded.planned_at,
                    files_earlier = excluded.files_earlier, bytes_earlier = excluded.bytes_earlier,
                    first_deletion = excluded.first_deletion, cost_before = excluded.cost_before, cost_after = excluded.cost_after
                """).execute(arguments: [old.id, old.regionID, try Self.encoded(account), try Self.encoded(planned), now,
                                         impact.filesExpiringEarlier, impact.bytesExpiringEarlier, impact.firstDeletion,
                                         impact.projected30dBeforeUSD, impact.projected30dAfterUSD])
        }
    }

    static func encoded(_ values: PolicyValues) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(values), as: UTF8.self)
    }
}

extension Engine {
    /// The plan of a pulled state; nil for a state made here.
    public func accountPlan() throws -> AccountPlan? {
        try read { tx in
            guard try tx.isPulled() else { return nil }
            let decoder = JSONDecoder()
            let changes = try Row.fetchAll(tx.db, sql: "SELECT * FROM planned_policy ORDER BY region, instance_id").map { row in
                let account = try decoder.decode(PolicyValues.self, from: Data((row["account"] as String).utf8))
                return PlannedPolicy(
                    instanceID: row["instance_id"], regionID: row["region"], account: account,
                    planned: try decoder.decode(PolicyValues.self, from: Data((row["planned"] as String).utf8)),
                    plannedAt: row["planned_at"],
                    impact: PolicyImpact(instances: 1, filesExpiringEarlier: row["files_earlier"], bytesExpiringEarlier: row["bytes_earlier"],
                                         firstDeletion: row["first_deletion"], projected30dBeforeUSD: row["cost_before"],
                                         projected30dAfterUSD: row["cost_after"]))
            }
            let lastSeq = try tx.meta(PullOrigin.keys.lastSeq) ?? Int64.max
            let pulledClock = try tx.meta(PullOrigin.keys.clock) ?? tx.now
            let created = try String.fetchAll(tx.db, sql: "SELECT id FROM instance WHERE seq > ? ORDER BY id", arguments: [lastSeq])
            let releasedAtPull = Set((try tx.metaText(PullOrigin.keys.released) ?? "").split(separator: ",").map(String.init))
            let released = try String.fetchAll(tx.db, sql: """
                SELECT id FROM instance INDEXED BY instance_released WHERE released_at IS NOT NULL AND seq <= ? ORDER BY id
                """, arguments: [lastSeq]).filter { !releasedAtPull.contains($0) }
            return AccountPlan(changes: changes, created: created, released: released, pulledClock: pulledClock, clock: tx.now)
        }
    }

    /// Where a pulled state came from and its plan; nil for a state made here.
    public func accountRehearsal() throws -> AccountRehearsal? {
        guard let origin = try pullOrigin(), let plan = try accountPlan() else { return nil }
        return AccountRehearsal(origin: origin, plan: plan)
    }

    /// Records that the account now holds `instanceID`'s planned values (applied,
    /// or found already there): it is the account's value, and nothing is planned.
    public func markApplied(instanceID: String) throws {
        try write { tx in
            try tx.db.cachedStatement(sql: "DELETE FROM planned_policy WHERE instance_id = ?").execute(arguments: [instanceID])
        }
    }
}
