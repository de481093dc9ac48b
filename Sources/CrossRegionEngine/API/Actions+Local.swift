import Foundation

/// The local commands (the clock) and the console's own questions, as
/// actions named `Local*` so that nobody takes them for the cloud's. A
/// console run against `rds-console serve` asks these (`LocalRequest` writes
/// them, with the same names); `rds-console api` answers them too. `Result`
/// holds the engine's records as they are, not an OpenAPI shape.
extension OpenAPI {
    typealias Local = LocalRequest.Action
    typealias Name = LocalRequest.Name

    static let localActions: [Action] = [
        Action(name: Local.describeClock.rawValue, parameters: [], readOnly: true) { engine, _ in
            [("Now", .time(try engine.now())), ("Generation", .int(try engine.changeToken())),
             ("Rules", .string(engine.rules.rawValue))]
        },
        Action(name: Local.advanceClock.rawValue, parameters: [Name.span], readOnly: false) { engine, p in
            let text = try p.required(Name.span)
            let span: Seconds
            do { span = try UTCTime.parseDuration(text) } catch { throw EngineError(.invalidDuration, "Span: \(error)") }
            return [("Now", .time(try engine.advanceClock(by: span)))]
        },
        Action(name: Local.setClock.rawValue, parameters: [Name.time], readOnly: false) { engine, p in
            let t = try p.time(Name.time, code: .invalidTime) ?? { throw EngineError.missing(Name.time) }()
            return [("Now", .time(try engine.setClock(to: t)))]
        },
        // A question of the state (`StateQuery`): Query names it, Body is its JSON; Result is the answer's JSON.
        Action(name: Local.ask.rawValue, parameters: [Name.query, Name.body], readOnly: true) { engine, p in
            let answer = try StateQueries.answer(name: try p.required(Name.query), body: try p.required(Name.body), engine: engine)
            return [("Result", .encoded(answer))]
        },
        // The drill of `rds-console drill`: RegionId is the source treated as lost at At (default now).
        Action(name: Local.describeDisasterRecoveryDrill.rawValue, parameters: [Name.at, Name.rpoTarget, Name.rtoTarget],
               readOnly: true) { engine, p in
            let report = try engine.drill(region: try p.region(Name.regionID)!, at: try p.time(Name.at, code: .invalidTime),
                                          rpoTarget: try p.int(Name.rpoTarget, in: 1...Int64(Int32.max)),
                                          rtoTarget: try p.int(Name.rtoTarget, in: 1...Int64(Int32.max)))
            guard case .object(let fields) = report.json else { return [] }
            return fields.map { ($0.key, $0.value) }
        },
        // Refuses exactly as ModifyInstanceCrossBackupPolicy would, codes and statuses included.
        // A write in all but its result: it applies the change in a transaction it rolls
        // back, which takes the state's write lock, so it is classed with the writes
        // (their bounded wait, their threads) and read-only keys may not call it.
        Action(name: Local.describePolicyImpact.rawValue, parameters: policyParameters, readOnly: false, recast: notFound404) { engine, p in
            try checkFixedPolicy(p)
            let impact = try engine.policyImpact(ids: splitIDs(try p.required(Name.instanceID)), change: try PolicyChange(p, bySource: true),
                                                 regionID: try p.region(Name.regionID, required: false))
            return [("Result", impact.json)]
        },
        // The console's batch: as ModifyInstanceCrossBackupPolicy, for any number of instances of one
        // region (RegionId) or of several (no RegionId; CrossBackupRegionBySource), all or none.
        // Result: the IDs changed, in the order given.
        Action(name: Local.modifyPolicy.rawValue, parameters: policyParameters, readOnly: false, recast: notFound404) { engine, p in
            try checkFixedPolicy(p)
            let changed = try engine.changePolicy(ids: splitIDs(try p.required(Name.instanceID)),
                                                  change: try PolicyChange(p, bySource: true), regionID: try p.region(Name.regionID, required: false))
            return try result(changed)
        },
    ]

    /// What a policy change of the console names: the instances and the change's fields.
    private static let policyParameters = [Name.instanceID] + Name.change + [Name.destinationBySource] + Name.fixedPolicy

    /// `Result`: `value` as JSONEncoder writes it.
    private static func result<T: Encodable>(_ value: T) throws -> [(String, JSON)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // the same order every run
        return [("Result", .encoded(String(decoding: try encoder.encode(value), as: UTF8.self)))]
    }
}
