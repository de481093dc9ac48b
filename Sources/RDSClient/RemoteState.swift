import CrossRegionEngine
import Foundation

/// The state behind `rds-console serve`, asked over HTTP: the console's
/// questions become `Local*` reads and its changes the OpenAPI's own actions
/// (so the server's rules and the key's permissions apply unchanged).
///
/// Answers are kept until the server's generation moves; the generation is
/// asked again when it is older than `freshness`, so another console's change
/// shows within a second.
public final class RemoteState: StateAccess {
    public let client: OpenAPIClient
    public let freshness: TimeInterval
    private var generation: Int64 = -1
    private var clock: Seconds = 0
    private var rules = RulesEdition.unrecorded
    private var checkedAt = Date.distantPast
    private var answers: [String: [UInt8]] = [:]
    /// The last failure to reach the server: repeated, not retried, until `freshness` has passed.
    private var failure: (error: Error, at: Date)? = nil

    public init(client: OpenAPIClient, freshness: TimeInterval = 0.25) {
        self.client = client
        self.freshness = freshness
    }

    // MARK: Reads

    public func now() throws -> Seconds {
        try refresh()
        return clock
    }

    public func rulesEdition() throws -> RulesEdition {
        try refresh()
        return rules
    }

    public func changeToken() throws -> Int64 {
        try refresh()
        return generation
    }

    public var servedFrom: String? { client.address }

    /// A question of the state, posted as its JSON to `LocalAsk`; answers are kept until the generation moves.
    public func ask<Q: StateQuery>(_ query: Q) throws -> Q.Answer {
        try read(.ask(query: Q.name, body: try StateQueries.encode(query)))
    }

    // MARK: Changes

    /// The console's batch, whatever its size and regions: one `LocalModifyInstanceCrossBackupPolicy`,
    /// one transaction on the server, which answers the IDs it set.
    public func changePolicy(ids: [String], change: PolicyChange, regionID: String?) throws -> [String] {
        let request = LocalRequest.modifyPolicy(ids: ids, change: change, regionID: regionID)
        let changed: Envelope<[String]> = try write(request.action.rawValue, request.parameters)
        return changed.Result
    }

    public func drill(region: String, at: Seconds?, rpoTarget: Seconds?, rtoTarget: Seconds?) throws -> DrillReport {
        // The report is the answer itself, not a `Result` envelope.
        let request = LocalRequest.drill(region: region, at: at, rpoTarget: rpoTarget, rtoTarget: rtoTarget)
        try refresh()
        return try JSONDecoder().decode(DrillReport.self, from: Data(try client.call(request.action.rawValue, request.parameters)))
    }

    public func policyImpact(ids: [String], change: PolicyChange, regionID: String?) throws -> PolicyImpact {
        try read(.policyImpact(ids: ids, change: change, regionID: regionID))
    }

    public func restore(_ request: RestoreRequest) throws -> Instance {
        guard let engine = request.engine, let version = request.engineVersion, let storage = request.storageGB else {
            throw EngineError(.missingParameter, "A restore through an endpoint names the engine, its version and the storage.")
        }
        var p = ["RegionId": request.destinationRegion, "Engine": engine, "EngineVersion": version,
                 "DBInstanceStorage": String(storage), "PayType": request.payType,
                 "DBInstanceNetType": request.netType, "SecurityIPList": "127.0.0.1"]
        p["DBInstanceDescription"] = request.description
        p["DBInstanceClass"] = request.instanceClass
        for (name, value) in Self.parameters(of: request.source, types: ("BackupSet", "BackupTime"), setParameter: "BackupSetId") {
            p[name] = value
        }
        struct Created: Decodable { let DBInstanceId: String }
        let created: Created = try write("CreateDdrInstance", p)
        return try instance(id: created.DBInstanceId)
    }

    public func restore(_ tables: TableRestore) throws -> Instance {
        var p = ["RegionId": tables.regionID, "DBInstanceId": tables.targetID, "TableMeta": try TableMeta.json(tables.databases)]
        for (name, value) in Self.parameters(of: tables.source, types: ("0", "1"), setParameter: "BackupId") { p[name] = value }
        struct Restored: Decodable { let DBInstanceId: String }
        let restored: Restored = try write("RestoreDdrTable", p)
        return try instance(id: restored.DBInstanceId)
    }

    /// What a restore names its source with: `RestoreType` (the action's words for
    /// a set and a time), then the set, or the instance, its region and the time.
    private static func parameters(of source: RestoreRequest.Source, types: (set: String, time: String),
                                   setParameter: String) -> [String: String] {
        switch source {
        case .backupSet(let id):
            return ["RestoreType": types.set, setParameter: String(id)]
        case .pointInTime(let id, let region, let time):
            let named: [String: String?] = ["RestoreType": types.time, "SourceDBInstanceName": id, "SourceRegion": region,
                                            "RestoreTime": UTCTime.format(time)]
            return named.compactMapValues { $0 }
        }
    }

    public func releaseInstance(id: String) throws -> Instance {
        struct Nothing: Decodable {}
        let _: Nothing = try write("DeleteDBInstance", ["DBInstanceId": id])
        return try instance(id: id)
    }

    public func advanceClock(by seconds: Seconds) throws -> Seconds {
        struct Moved: Decodable { let Now: String }
        let request = LocalRequest.advanceClock(seconds)
        let moved: Moved = try write(request.action.rawValue, request.parameters)
        return UTCTime.parse(moved.Now) ?? clock
    }

    // MARK: Transport

    /// Asks for the generation and the time when the last answer is stale;
    /// forgets every kept answer when the generation moved.
    private func refresh() throws {
        guard Date().timeIntervalSince(checkedAt) >= freshness else { return }
        if let failure, Date().timeIntervalSince(failure.at) < freshness { throw failure.error }
        struct Clock: Decodable { let Now: String; let Generation: Int64; let Rules: String? }
        let c: Clock
        do {
            c = try JSONDecoder().decode(Clock.self, from: Data(try client.call(LocalRequest.clock.action.rawValue, [:])))
            failure = nil
        } catch {
            failure = (error, Date())
            throw error
        }
        if c.Generation != generation { answers.removeAll() }
        generation = c.Generation
        clock = UTCTime.parse(c.Now) ?? clock
        rules = c.Rules.flatMap(RulesEdition.init(rawValue:)) ?? rules
        checkedAt = Date()
    }

    /// The largest answer kept until the generation moves.
    static let keptAnswerBytes = 256 * 1024

    private func read<T: Decodable>(_ request: LocalRequest) throws -> T {
        try read(request.action.rawValue, request.parameters)
    }

    private func read<T: Decodable>(_ action: String, _ parameters: [String: String]) throws -> T {
        try refresh()
        let key = action + "?" + parameters.keys.sorted().map { "\($0)=\(parameters[$0]!)" }.joined(separator: "&")
        let body: [UInt8]
        if let kept = answers[key] { body = kept } else {
            body = try client.call(action, parameters)
            if answers.count >= 256 { answers.removeAll() }  // scrolling a long list asks for many pages: stay small
            // A big answer (an export's thousand rows) is read once: keeping it would only hold memory.
            if body.count <= Self.keptAnswerBytes { answers[key] = body }
        }
        // A big answer is read straight from its bytes; one the scanner cannot read is
        // left to the decoder, which says what is wrong with it.
        if let scannable = T.self as? JSONScannable.Type,
           let result = try? JSONScanner.member("Result", of: body, as: scannable) as? T {
            return result
        }
        return try JSONDecoder().decode(Envelope<T>.self, from: Data(body)).Result
    }

    private func write<T: Decodable>(_ action: String, _ parameters: [String: String]) throws -> T {
        defer {
            answers.removeAll()
            checkedAt = .distantPast
        }
        return try JSONDecoder().decode(T.self, from: Data(try client.call(action, parameters)))
    }
}

/// A `Local*` answer: the engine's records under `Result`.
private struct Envelope<T: Decodable>: Decodable {
    let Result: T
}
