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
        Action(name: Local.describeInstances.rawValue, parameters: [Name.instanceID], readOnly: true) { engine, p in
            let ids = splitIDs(try p.required(Name.instanceID))
            guard ids.count <= LocalRequest.maxInstances else {
                throw EngineError(.invalidParametersFormat,
                                  "DBInstanceId takes at most \(LocalRequest.maxInstances) IDs; \(ids.count) were given.")
            }
            let found = try engine.instances(ids: ids)
            if found.count < Set(ids).count {
                let known = Set(found.map(\.id))
                for id in ids where !known.contains(id) { _ = try engine.instance(id: id) }  // throws its NotFound
            }
            return try result(found)
        },
        Action(name: Local.describeInstanceIndex.rawValue, parameters: Name.filter, readOnly: true) { engine, p in
            try result(try engine.instanceIndex(InstanceFilter(p)).map { [$0.id, $0.description] })
        },
        Action(name: Local.describeCosts.rawValue, parameters: [Name.instanceID], readOnly: true) { engine, p in
            try result(try engine.costs(instanceIDs: splitIDs(try p.required(Name.instanceID))))
        },
        Action(name: Local.describeCrossRegionFiles.rawValue, parameters: [
            Name.instanceID, Name.kind, Name.offset, Name.limit, Name.completedOnly,
        ], readOnly: true) { engine, p in
            let kind: FileKind = try p.choice(Name.kind, ["data", "log"]) == "log" ? .log : .data
            let query = FileQuery(kind: kind, completedOnly: try p.onOff(Name.completedOnly) ?? false,
                                  offset: Int(try p.int(Name.offset, in: 0...Int64(Int32.max)) ?? 0),
                                  limit: Int(try p.int(Name.limit, in: 0...1000) ?? 30))
            return try result(try engine.crossRegionFiles(instanceID: try p.required(Name.instanceID), query: query))
        },
        Action(name: Local.describeLocalBackups.rawValue, parameters: [Name.instanceID], readOnly: true) { engine, p in
            try result(try engine.localBackups(instanceID: try p.required(Name.instanceID)))
        },
        Action(name: Local.describeLocalLogFiles.rawValue, parameters: [Name.instanceID], readOnly: true) { engine, p in
            try result(try engine.localLogFiles(instanceID: try p.required(Name.instanceID)))
        },
        Action(name: Local.describeRecoveryWindows.rawValue, parameters: [Name.instanceID], readOnly: true) { engine, p in
            try result(try engine.recoveryWindows(instanceID: try p.required(Name.instanceID)))
        },
        Action(name: Local.describeClockReport.rawValue, parameters: [Name.from, Name.to], readOnly: true) { engine, p in
            let from = try p.time(Name.from, code: .invalidTime) ?? { throw EngineError.missing(Name.from) }()
            let to = try p.time(Name.to, code: .invalidTime) ?? { throw EngineError.missing(Name.to) }()
            guard to >= from else { throw EngineError(.invalidTime, "To is before From.") }
            return try result(try engine.clockReport(from: from, to: to))
        },
        Action(name: Local.describeCostTotals.rawValue, parameters: Name.filter, readOnly: true) { engine, p in
            try result(try engine.costTotals(try InstanceFilter(p)))
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
        // A pulled state's origin and plan (null for a state made here).
        Action(name: Local.describeAccountPlan.rawValue, parameters: [], readOnly: true) { engine, _ in
            try result(try engine.accountRehearsal())
        },
        // Refuses exactly as ModifyInstanceCrossBackupPolicy would, codes and statuses included.
        // A write in all but its result: it applies the change in a transaction it rolls
        // back, which takes the state's write lock, so it is classed with the writes
        // (their bounded wait, their threads) and read-only keys may not call it.
        Action(name: Local.describePolicyImpact.rawValue, parameters: [Name.instanceID] + Name.change + Name.fixedPolicy,
               readOnly: false, recast: notFound404) { engine, p in
            try checkFixedPolicy(p)
            return try result(try engine.policyImpact(ids: splitIDs(try p.required(Name.instanceID)), change: try PolicyChange(p),
                                               regionID: try p.region(Name.regionID)))
        },
    ]

    /// `Result`: `value` as JSONEncoder writes it.
    private static func result<T: Encodable>(_ value: T) throws -> [(String, JSON)] {
        [("Result", .encoded(String(decoding: try JSONEncoder().encode(value), as: UTF8.self)))]
    }
}
