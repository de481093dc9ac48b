import Foundation
@testable import CrossRegionEngine

/// The official SDK's models (`../shared/reference/sdk-models.json`): every
/// request and response field of the emulated actions, with its JSON type.
struct SDKModels {
    /// One field of a response model: its type, and what it holds.
    indirect enum Shape {
        case scalar(String)
        case object([String: Shape])
        case list(Shape)
    }

    let requests: [String: Set<String>]
    let responses: [String: [String: Shape]]

    static let path: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // …/Tests/CrossRegionEngineTests/SDKModels.swift → beside the package
        return url.appendingPathComponent("shared/reference/sdk-models.json").path
    }()

    static func load() throws -> SDKModels {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: [String: [String: Any]]]
        var requests: [String: Set<String>] = [:]
        var responses: [String: [String: Shape]] = [:]
        for (action, model) in root {
            requests[action] = Set(model["request"]!.keys)
            responses[action] = fields(model["response"]!)
        }
        return SDKModels(requests: requests, responses: responses)
    }

    private static func fields(_ raw: [String: Any]) -> [String: Shape] {
        raw.mapValues { shape($0 as! [String: Any]) }
    }

    private static func shape(_ f: [String: Any]) -> Shape {
        if let scalar = f["$scalar"] as? String { return .scalar(scalar) }
        switch f["type"] as? String {
        case "object": return .object(fields(f["fields"] as! [String: Any]))
        case "list":
            // A list of objects names its item's fields directly; a list of scalars says `$scalar`.
            let item = f["item"] as! [String: Any]
            return .list(item["$scalar"] != nil ? shape(item) : .object(fields(item)))
        case let t: return .scalar(t ?? "?")
        }
    }

    /// Compares an answer with its model: names of ours the model does not
    /// have or types that differ (`wrong`), and model fields we left out (`missing`), as paths.
    static func compare(_ body: JSON, _ model: [String: Shape], at path: String = "")
        -> (wrong: [String], missing: Set<String>) {
        guard case .object(let fields) = body else { return (["\(path): not an object"], []) }
        var wrong: [String] = []
        var missing = Set(model.keys.map { path + $0 })
        for f in fields {
            let p = path + f.key
            missing.remove(p)
            guard let shape = model[f.key] else {
                wrong.append("\(p): not in the model")
                continue
            }
            let (w, m) = compare(f.value, shape, at: p)
            wrong += w
            missing.formUnion(m)
        }
        return (wrong, missing)
    }

    private static func compare(_ value: JSON, _ shape: Shape, at path: String) -> (wrong: [String], missing: Set<String>) {
        switch (shape, value) {
        case (.object(let fields), .object):
            return compare(value, fields, at: path + ".")
        case (.list(let item), .array(let items)):
            var wrong: [String] = []
            var missing = Set<String>()
            // An empty list says nothing of its items' fields.
            for (i, v) in items.enumerated() {
                let (w, m) = compare(v, item, at: "\(path)[]")
                wrong += w
                if i == 0 { missing = m } else { missing.formIntersection(m) }
            }
            return (wrong, missing)
        case (.scalar("str"), .string), (.scalar("int"), .int), (.scalar("bool"), .bool), (.scalar("float"), .double),
             (.scalar("float"), .int):
            return ([], [])
        default:
            return (["\(path): \(value.compact().prefix(40)) is not \(shape)"], [])
        }
    }
}
