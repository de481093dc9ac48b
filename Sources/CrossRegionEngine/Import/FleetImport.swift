import Foundation
import GRDB

/// What `rds-console import` made of the answers: the instances created in
/// the new state, the ones left out and why, and every assumption made where
/// the answers were silent.
public struct ImportReport: Sendable, Equatable {
    public struct Skipped: Sendable, Equatable {
        public var id: String
        public var origin: FleetAnswers.Origin
        public var reason: String
    }

    public var path: String
    public var at: Seconds
    public var imported: [String]
    /// Instances whose cross-region backup policy was applied (enabled at `at`).
    public var enabled: [String]
    public var skipped: [Skipped]
    /// Instances whose cross-region files were listed: their history was rebuilt from them.
    public var withHistory: [String] = []
    /// Assumptions and answers that matched nothing, one sentence each.
    public var notes: [String]
}

extension Engine {
    /// Creates a new state at `path` (never over an existing file) whose fleet
    /// mirrors `answers`, with its clock at `time` and no history before it:
    /// cross-region policies start their first copy at `time`. All or nothing.
    public static func importFleet(_ answers: FleetAnswers, into path: String, at time: Seconds) throws -> ImportReport {
        var plan = ImportPlan(answers, at: time)
        var enabled: [String] = []
        _ = try StateStore.createNew(path: path) { db in
            // A real fleet follows today's rules (B.15): Singapore, cloud disks and the rest qualify.
            try Tx.record(.current, in: db)
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('clock', ?), ('id_salt', ?), ('next_sid', ?)",
                           arguments: [time, Int64.random(in: 1...Int64.max), Instance.sidsPerEpoch])
            enabled = try plan.create(in: Tx(db))
        }
        return ImportReport(path: path, at: time, imported: plan.instances.map(\.id), enabled: enabled,
                            skipped: plan.skipped, withHistory: plan.withHistory, notes: plan.notes)
    }
}

/// The instances to create, decided from the answers before anything is written.
struct ImportPlan {
    struct Planned {
        var id: String
        var request: NewInstance
        var dataBytes: Int64
        var createdAt: Seconds
        var creating: Bool
        var tde: Bool
        var policy: FleetAnswers.Policy?
        var files: [FleetAnswers.CopiedFile] = []
        /// Released in the account, imported to hold its files.
        var released = false
    }

    let at: Seconds
    var instances: [Planned] = []
    var skipped: [ImportReport.Skipped] = []
    var withHistory: [String] = []
    var notes: [String] = []

    /// The size an instance gets when no DescribeDBInstanceAttribute answer gives it (CreateDBInstance's default).
    static let defaultStorageGB: Int64 = 100
    static let defaultCategory = "HighAvailability"
    static let defaultStorageType = "local_ssd"

    init(_ answers: FleetAnswers, at: Seconds) {
        self.at = at
        let attributes = Dictionary(answers.attributes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: FleetAnswers.Listed] = [:]
        var assumed: [String: Int] = [:]
        var statuses: [String: Int] = [:]
        let releasedIDs = Set(answers.released.map(\.listed.id))
        for listed in answers.listed + Self.holders(answers) {
            if let earlier = seen[listed.id] {
                var same = listed
                same.origin = earlier.origin
                if same != earlier { notes.append("\(listed.id) is listed twice with different fields; the first (\(earlier.origin)) was kept.") }
                continue
            }
            seen[listed.id] = listed
            if let reason = Self.outsideModel(listed, at: at) {
                skipped.append(.init(id: listed.id, origin: listed.origin, reason: reason))
                continue
            }
            let attribute = attributes[listed.id]
            let category = listed.category ?? attribute?.category ?? Self.defaultCategory
            let storageType = listed.storageType ?? Self.defaultStorageType
            let unknown = [("Category", category, NewInstance.categories),
                           ("DBInstanceStorageType", storageType, NewInstance.storageTypes)].first { !$0.2.contains($0.1) }
            if let (field, value, known) = unknown {
                skipped.append(.init(id: listed.id, origin: listed.origin,
                                     reason: "\(field) \(value) is outside the model (\(known.joined(separator: ", ")))."))
                continue
            }
            let region = Region.named(listed.regionID)!
            let zone = listed.zoneID.flatMap { region.zones.contains($0) ? $0 : nil }
            let storageGB = attribute?.storageGB ?? Self.defaultStorageGB
            let status = listed.status ?? InstanceStatus.running.rawValue
            let request = NewInstance(regionID: region.id, zoneID: zone, engine: listed.engine, engineVersion: listed.engineVersion,
                                      category: category, storageType: storageType,
                                      instanceClass: listed.instanceClass ?? NewInstance(regionID: region.id).instanceClass,
                                      storageGB: storageGB, description: listed.description, payType: listed.payType ?? "Postpaid",
                                      netType: listed.netType ?? "Intranet", vpcID: listed.vpcID, vSwitchID: listed.vSwitchID)
            if let refusal = Self.refusal(of: request, used: attribute?.usedBytes, listed: listed, attribute: attribute) {
                skipped.append(refusal)
                continue
            }
            // What is assumed, counted for the instances imported only.
            if listed.category == nil && attribute?.category == nil { assumed["Category", default: 0] += 1 }
            if listed.storageType == nil { assumed["DBInstanceStorageType", default: 0] += 1 }
            if attribute?.storageGB == nil { assumed["DBInstanceStorage", default: 0] += 1 }
            if let z = listed.zoneID, zone == nil {
                notes.append("\(listed.id): ZoneId \(z) is not a zone of \(region.id) here; it was placed in \(region.zones[0]).")
            }
            if status != InstanceStatus.running.rawValue && status != InstanceStatus.creating.rawValue { statuses[status, default: 0] += 1 }
            instances.append(Planned(id: listed.id, request: request,
                                     dataBytes: attribute?.usedBytes ?? storageGB * 1_000_000_000 * 3 / 10,
                                     createdAt: listed.createTime ?? at, creating: status == InstanceStatus.creating.rawValue,
                                     tde: false, policy: nil, released: releasedIDs.contains(listed.id)))
        }
        if case let n = instances.filter(\.released).count, n > 0 {
            notes.append("\(n) released instance(s) still hold cross-region files: imported as released, holding them (class and size assumed).")
        }
        if let n = assumed["Category"] {
            notes.append("\(n) instance(s) had no Category (DescribeDBInstances gives it with InstanceLevel=1, or give DescribeDBInstanceAttribute answers): taken as \(Self.defaultCategory).")
        }
        if let n = assumed["DBInstanceStorageType"] {
            notes.append("\(n) instance(s) had no DBInstanceStorageType: taken as \(Self.defaultStorageType).")
        }
        if let n = assumed["DBInstanceStorage"] {
            notes.append("\(n) instance(s) had no DescribeDBInstanceAttribute answer: \(Self.defaultStorageGB) GB each, 30% used; their restore estimates assume it.")
        }
        for (status, n) in statuses.sorted(by: { $0.key < $1.key }) {
            notes.append("\(n) instance(s) were \(status): imported as Running (the model has Creating, Running and Released).")
        }
        match(answers)
    }

    /// The released instances that hold listed files (and are not listed themselves), as listed
    /// instances: edition and storage from their data sets, created a day before their first file.
    static func holders(_ answers: FleetAnswers) -> [FleetAnswers.Listed] {
        let listed = Set(answers.listed.map(\.id))
        let files = Dictionary(grouping: answers.files, by: \.instanceID)
        return answers.released.compactMap { r in
            guard !listed.contains(r.listed.id), let own = files[r.listed.id], let first = own.map(\.sourceStart).min() else { return nil }
            var holder = r.listed
            holder.category = own.lazy.compactMap(\.category).first
            holder.storageType = own.lazy.compactMap(\.storageType).first
            holder.createTime = first - UTCTime.day
            return holder
        }
    }

    /// Why an instance is left out, or nil when the model holds it.
    static func outsideModel(_ l: FleetAnswers.Listed, at: Seconds) -> String? {
        guard Region.named(l.regionID) != nil else {
            return "RegionId \(l.regionID) is not a region rds-console models (\(Region.all.map(\.id).joined(separator: ", ")))."
        }
        guard let versions = NewInstance.engineVersions[l.engine], versions.contains(l.engineVersion) else {
            return "\(l.engine) \(l.engineVersion) is outside the model (\(NewInstance.engineVersions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.joined(separator: "/"))" }.joined(separator: ", ")))."
        }
        if l.status == InstanceStatus.released.rawValue || l.status == "Deleting" {
            return "It is \(l.status!): nothing to import."
        }
        if let created = l.createTime, created > at {
            return "It was created at \(UTCTime.format(created)), after the import's clock (\(UTCTime.format(at)))."
        }
        return nil
    }

    /// Why an instance `CreateDBInstance` itself would refuse is skipped: every
    /// imported value passes the API's own checks (`NewInstance.validate`), and
    /// the disk used fits the disk. The origin names the value at fault.
    static func refusal(of request: NewInstance, used: Int64?, listed: FleetAnswers.Listed,
                        attribute: FleetAnswers.Attribute?) -> ImportReport.Skipped? {
        func at(_ origin: FleetAnswers.Origin, _ field: String) -> FleetAnswers.Origin {
            .init(file: origin.file, path: origin.path + "." + field)
        }
        do {
            try request.validate(knownClassesOnly: false)
        } catch let e as EngineError {
            let field = Self.field(refusedWith: e.code)
            let origin = field == FleetAnswers.Field.storage ? attribute.map { at($0.origin, FleetAnswers.Field.storage) } ?? listed.origin
                : field.map { at(listed.origin, $0) } ?? listed.origin
            return .init(id: listed.id, origin: origin, reason: e.explanation)
        } catch {
            return .init(id: listed.id, origin: listed.origin, reason: "\(error)")
        }
        if let used, let attribute, used > request.storageGB * 1_000_000_000 {
            return .init(id: listed.id, origin: at(attribute.origin, FleetAnswers.Field.diskUsed),
                         reason: "DBInstanceDiskUsed \(used) bytes is more than its \(request.storageGB) GB disk (DBInstanceStorage).")
        }
        return nil
    }

    /// The field of an instance a `NewInstance.validate` refusal is about.
    private static func field(refusedWith code: ErrorCode) -> String? {
        typealias F = FleetAnswers.Field
        let fields: [ErrorCode: String] = [
            .invalidRegionFormat: F.region, .invalidEngineMalformed: F.engine, .invalidEngineVersionMalformed: F.engineVersion,
            .invalidStorageType: F.storageType, .invalidDBInstanceClassMalformed: F.instanceClass, .invalidStorageFormat: F.storage,
            .invalidDBInstanceDescriptionFormat: F.description, .invalidZoneNotSupported: F.zone,
            .invalidDBInstanceNetTypeNotFound: F.netType,
        ]
        return fields[code]
    }

    /// Gives each instance its TDE and policy answers; says which answers matched none.
    private mutating func match(_ answers: FleetAnswers) {
        let index = Dictionary(instances.indices.map { (instances[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        for tde in answers.tde {
            let named = URL(fileURLWithPath: tde.origin.file).lastPathComponent
            let id = tde.id ?? {
                let found = index.keys.filter { named.contains($0) }
                return found.count == 1 ? found[0] : nil
            }()
            guard let id, let i = index[id] else {
                notes.append("The DescribeDBInstanceTDE answer in \(tde.origin) matches no imported instance (add its DBInstanceId, or name the file after it).")
                continue
            }
            instances[i].tde = tde.enabled
        }
        for policy in answers.policies {
            guard let i = index[policy.id] else {
                notes.append("The cross-region policy of \(policy.id) (\(policy.origin)) matches no imported instance.")
                continue
            }
            instances[i].policy = policy
        }
        for r in answers.released {
            if let i = index[r.listed.id], instances[i].released { instances[i].policy = r.policy }
        }
        for (id, files) in Dictionary(grouping: answers.files, by: \.instanceID).sorted(by: { $0.key < $1.key }) {
            guard let i = index[id] else {
                notes.append("The \(files.count) cross-region file(s) of \(id) (\(files[0].origin)) match no imported instance.")
                continue
            }
            instances[i].files = files
        }
    }

    /// Creates the instances and applies their policies at the clock; returns the enabled ones.
    /// An instance with listed files keeps its host (and so the account's file names), and its
    /// history is rebuilt from them (`ImportedHistory`); its policy goes on copying from the clock.
    mutating func create(in tx: Tx) throws -> [String] {
        var enabled: [String] = []
        let seqs = chosenSeqs()
        if let top = instances.flatMap({ $0.files.map { $0.id / FileSeries.idStride } }).max() {
            // New epochs take series IDs after the account's.
            try tx.setMeta("next_sid", max(try tx.meta("next_sid") ?? 0, (top / Instance.sidsPerEpoch + 1) * Instance.sidsPerEpoch))
        }
        // Instances with a chosen seq first: the others take the seqs after them.
        for p in instances.sorted(by: { (seqs[$0.id] == nil ? 1 : 0) < (seqs[$1.id] == nil ? 1 : 0) }) {
            var inst = try tx.createInstance(p.request, id: p.id, dataBytes: p.dataBytes, createdAt: min(p.createdAt, at),
                                             ready: !p.creating, seq: seqs[p.id])
            if p.creating { inst.readyAt = at + Instance.creationSeconds(dataBytes: p.dataBytes) }
            if p.tde { (inst.tdeEnabled, inst.tdeEnabledAt) = (true, at) }
            if let policy = p.policy, !policy.enabled {
                // A disabled policy keeps the destination and retention it last had, as the console shows them.
                inst.backupRegion = policy.destination.flatMap(Region.named)?.id
                if let days = policy.retentionDays, PolicyChange.retentionRange.contains(days) { inst.retentionDays = days }
            }
            try tx.save(inst)
            let days = p.policy?.retentionDays.flatMap { PolicyChange.retentionRange.contains($0) ? $0 : nil } ?? inst.retentionDays
            let history = ImportedHistory(files: p.files, of: inst, retention: days * UTCTime.day,
                                          enabledAt: p.policy?.enabledAt, at: at)
            notes += history.notes
            if !history.isEmpty { withHistory.append(p.id) }
            if let policy = p.policy, policy.enabled {
                if try apply(policy, to: p.id, continuing: !history.isEmpty, in: tx) { enabled.append(p.id) }
            }
            try keep(history, policy: p.policy, of: p.id, in: tx)
            try keepTimes(p.policy, of: p.id, in: tx)
            if p.released { _ = try tx.releaseInstance(id: p.id, holdingFiles: true) }
        }
        return enabled
    }

    /// Applies an enabled policy at the clock; false (with a note) when it cannot be.
    private mutating func apply(_ policy: FleetAnswers.Policy, to id: String, continuing: Bool, in tx: Tx) throws -> Bool {
        guard let destination = policy.destination else {
            notes.append("\(id): its policy is enabled but names no CrossBackupRegion; it was left disabled.")
            return false
        }
        let change = PolicyChange(backupEnabled: true, destination: destination, retentionDays: policy.retentionDays,
                                  logBackupEnabled: policy.logBackupEnabled)
        do {
            try tx.db.inSavepoint {
                _ = try tx.modifyPolicy(ids: [id], change: change, inForce: true, continuing: continuing)
                return .commit
            }
            return true
        } catch let refusal as EngineError {
            notes.append("\(id): its cross-region policy was not applied: \(refusal.message)")
            return false
        }
    }

    /// Writes the rebuilt series of an instance, and what they tell of it: its floor, and since when
    /// its sets are TDE sets. With its policy on, it goes on with the account's epoch when that
    /// epoch can be rebuilt exactly (`ImportedHistory.continuingEpoch`): those series are the epoch's.
    private func keep(_ history: ImportedHistory, policy: FleetAnswers.Policy?, of id: String, in tx: Tx) throws {
        guard !history.isEmpty else { return }
        let old = try tx.instance(id: id)
        var inst = old
        var covered = Set<Int64>()
        if let (continued, sids) = history.continuingEpoch(of: inst, enabledAt: policy?.enabledAt, at: at) {
            (inst, covered) = (continued, sids)
        }
        for s in history.series where !covered.contains(s.sid) { try tx.insert(s, of: inst.seq) }
        if let floor = history.floor { inst.expiryFloor = max(inst.expiryFloor, floor) }
        if let since = history.tdeSince {  // sets restored to the source region only were taken with TDE on (R6.4)
            inst.tdeEnabled = true
            inst.tdeEnabledAt = min(inst.tdeEnabledAt ?? since, since)
        }
        inst.retainedUntil = Tx.retainedUntil(inst, try tx.allSeries(of: inst))
        try tx.save(inst, changedFrom: old)
    }

    /// Since when the policy has been on, and its log backup, as the account answered.
    private func keepTimes(_ policy: FleetAnswers.Policy?, of id: String, in tx: Tx) throws {
        let old = try tx.instance(id: id)
        var inst = old
        if inst.backupEnabled, let t = policy?.enabledAt, t <= at { inst.backupEnabledAt = t }
        if inst.logBackupEnabled, let t = policy?.logEnabledAt, t <= at { inst.logBackupEnabledAt = t }
        if inst != old { try tx.save(inst, changedFrom: old) }
    }

    /// The seq of each instance whose files name one host that maps to a free seq.
    private func chosenSeqs() -> [String: Int64] {
        var out: [String: Int64] = [:], taken = Set<Int64>()
        for p in instances {
            let hosts = Set(p.files.compactMap(\.hostID))
            guard hosts.count == 1, let seq = Instance.seq(ofHost: hosts.first!), taken.insert(seq).inserted else { continue }
            out[p.id] = seq
        }
        return out
    }
}
