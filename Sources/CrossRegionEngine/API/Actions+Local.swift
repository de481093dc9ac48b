import Foundation

/// The local commands (the clock) and the console's own questions, as
/// actions named `Local*` so that nobody takes them for the cloud's. A
/// console run against `rds-console serve` asks these; `rds-console api`
/// answers them too. `Result` holds the engine's records as they are, not an
/// OpenAPI shape.
extension OpenAPI {
    static let localActions: [Action] = [
        Action(name: "LocalDescribeClock", parameters: [], readOnly: true) { engine, _ in
            [("Now", .time(try engine.now())), ("Generation", .int(try engine.changeToken()))]
        },
        Action(name: "LocalAdvanceClock", parameters: ["Span"], readOnly: false) { engine, p in
            let text = try p.required("Span")
            guard let span = UTCTime.parseDuration(text) else {
                throw EngineError(.invalidDuration,
                                  "Span needs a span such as 90m, 36h, 7d, 2w, 1y or 1d12h (at most 100y); got \"\(text)\".")
            }
            return [("Now", .time(try engine.advanceClock(by: span)))]
        },
        Action(name: "LocalSetClock", parameters: ["Time"], readOnly: false) { engine, p in
            let t = try p.time("Time", code: .invalidTime) ?? { throw EngineError.missing("Time") }()
            return [("Now", .time(try engine.setClock(to: t)))]
        },
        Action(name: "LocalDescribeInstances", parameters: ["DBInstanceId"], readOnly: true) { engine, p in
            let ids = splitIDs(try p.required("DBInstanceId"))
            guard ids.count <= 1000 else {
                throw EngineError(.invalidParametersFormat, "DBInstanceId takes at most 1000 IDs; \(ids.count) were given.")
            }
            let found = try engine.instances(ids: ids)
            if found.count < Set(ids).count {
                let known = Set(found.map(\.id))
                for id in ids where !known.contains(id) { _ = try engine.instance(id: id) }  // throws its NotFound
            }
            return try result(found)
        },
        Action(name: "LocalDescribeInstanceIndex", parameters: ["RegionId", "Set", "SearchKey"], readOnly: true) { engine, p in
            let set = try p.choice("Set", InstanceFilter.Set.allCases.map(\.rawValue)).flatMap(InstanceFilter.Set.init) ?? .live
            let rows = try engine.instanceIndex(InstanceFilter(set: set, regionID: try p.region("RegionId", required: false),
                                                               searchKey: p.string("SearchKey")))
            return try result(rows.map { [$0.id, $0.description] })
        },
        Action(name: "LocalDescribeCosts", parameters: ["DBInstanceId"], readOnly: true) { engine, p in
            try result(try engine.costs(instanceIDs: splitIDs(try p.required("DBInstanceId"))))
        },
        Action(name: "LocalDescribeCrossRegionFiles", parameters: [
            "DBInstanceId", "Kind", "Offset", "Limit", "CompletedOnly",
        ], readOnly: true) { engine, p in
            let kind: FileKind = try p.choice("Kind", ["data", "log"]) == "log" ? .log : .data
            let query = FileQuery(kind: kind, completedOnly: try p.onOff("CompletedOnly") ?? false,
                                  offset: Int(try p.int("Offset", in: 0...Int64(Int32.max)) ?? 0),
                                  limit: Int(try p.int("Limit", in: 0...1000) ?? 30))
            return try result(try engine.crossRegionFiles(instanceID: try p.required("DBInstanceId"), query: query))
        },
        Action(name: "LocalDescribeLocalBackups", parameters: ["DBInstanceId"], readOnly: true) { engine, p in
            try result(try engine.localBackups(instanceID: try p.required("DBInstanceId")))
        },
        Action(name: "LocalDescribeLocalLogFiles", parameters: ["DBInstanceId"], readOnly: true) { engine, p in
            try result(try engine.localLogFiles(instanceID: try p.required("DBInstanceId")))
        },
        Action(name: "LocalDescribeRecoveryWindows", parameters: ["DBInstanceId"], readOnly: true) { engine, p in
            try result(try engine.recoveryWindows(instanceID: try p.required("DBInstanceId")))
        },
    ]

    /// `Result`: `value` as JSONEncoder writes it.
    private static func result<T: Encodable>(_ value: T) throws -> [(String, JSON)] {
        [("Result", .encoded(String(decoding: try JSONEncoder().encode(value), as: UTF8.self)))]
    }
}
