import Foundation

/// A question of the state, as a value that carries the type of its answer (as GRDB's
/// `FetchRequest` carries its record type). `state.ask(query)` answers it: the engine
/// directly, `RemoteState` by posting the encoded query to `LocalAsk` and decoding the
/// answer. A new question is one type (and a line in `StateQueries.all`) and its test.
public protocol StateQuery: Codable, Sendable {
    associatedtype Answer: Codable & Sendable
    /// Its name in `LocalAsk`'s `Query`.
    static var name: String { get }
    /// Refuses, with the code an API call gets, what the query may not ask (it may come
    /// from an endpoint's caller): an unknown region, a page too large, a time backwards.
    func check(_ rules: RulesEdition) throws
    /// The answer, read in one transaction of the engine.
    func answer(_ engine: Engine) throws -> Answer
}

extension StateQuery {
    public func check(_ rules: RulesEdition) throws {}
}

extension Engine {
    /// Answers `query` (checked as a caller's would be).
    public func ask<Q: StateQuery>(_ query: Q) throws -> Q.Answer {
        try query.check(rules)
        return try query.answer(self)
    }
}

/// Every question an endpoint answers through `LocalAsk`, by name.
public enum StateQueries {
    public static let all: [any StateQuery.Type] = [
        InstancesQuery.self, InstanceIndexQuery.self, CostsQuery.self, CostTotalsQuery.self, CrossRegionFilesQuery.self,
        LocalBackupsQuery.self, LocalLogFilesQuery.self, RecoveryWindowsQuery.self, ClockReportQuery.self,
        AccountRehearsalQuery.self, InstancesWithCostsQuery.self, DrillSummaryQuery.self, SelectionQuery.self,
        CostTotalsPartQuery.self, ExportRowsQuery.self,
    ]

    static let byName: [String: any StateQuery.Type] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The JSON a query travels as.
    public static func encode<Q: StateQuery>(_ query: Q) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(query), as: UTF8.self)
    }

    /// The answer to the query named `name` whose JSON is `body`, as JSON; a refusal is an
    /// `EngineError` with its code.
    static func answer(name: String, body: String, engine: Engine) throws -> String {
        guard let type = byName[name] else {
            throw EngineError(.invalidParametersFormat,
                              "Query \(Shown(name)) is none of \(all.map { $0.name }.joined(separator: ", ")).")
        }
        try QueryBody.check(body)
        return try answer(type, body, engine)
    }

    private static func answer<Q: StateQuery>(_ type: Q.Type, _ body: String, _ engine: Engine) throws -> String {
        let query: Q
        do {
            query = try JSONDecoder().decode(Q.self, from: Data(body.utf8))
        } catch {
            throw EngineError(.invalidParametersFormat, "Body is not the JSON of a \(Q.name) query: \(Shown("\(error)")).")
        }
        let answer = try engine.ask(query)
        if let written = answer as? JSONWritable {
            var out = ""
            written.writeJSON(into: &out)
            return out
        }
        return String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)
    }
}

/// The JSON of a query, before it is decoded: no escaped control character (a value in
/// it could otherwise hold what a parameter may not), and no deeper than a query is.
enum QueryBody {
    static func check(_ body: String) throws {
        var depth = 0
        var inString = false
        var chars = body.unicodeScalars.makeIterator()
        while let c = chars.next() {
            if inString {
                if c == "\\" {
                    guard let e = chars.next() else { break }
                    if "bfnrt".unicodeScalars.contains(e) { throw refusal }
                    if e == "u" {
                        var hex = ""
                        for _ in 0..<4 { if let h = chars.next() { hex.unicodeScalars.append(h) } }
                        guard let v = UInt32(hex, radix: 16) else { throw refusal }
                        if (0xD800...0xDFFF).contains(v) { continue }  // half of an escaped pair: not a control
                        guard let s = Unicode.Scalar(v), ![.control, .format].contains(s.properties.generalCategory) else {
                            throw refusal
                        }
                    }
                } else if c == "\"" {
                    inString = false
                }
                continue
            }
            switch c {
            case "\"": inString = true
            case "{", "[":
                depth += 1
                if depth > 8 { throw EngineError(.invalidParametersFormat, "Body is nested deeper than a query is.") }
            case "}", "]": depth -= 1
            default: break
            }
        }
    }

    static let refusal = EngineError(.invalidParametersFormat, "Body holds an escaped control character; no value of a query may.")
}
