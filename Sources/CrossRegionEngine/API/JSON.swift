import Foundation

/// A JSON value that keeps the order of object fields, so responses read in
/// the order the OpenAPI reference lists them.
public indirect enum JSON: Sendable, Equatable {
    case object([Field])
    case array([JSON])
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    /// A value JSONEncoder already wrote (the engine's own records in the `Local*` actions).
    case encoded(String)

    public struct Field: Sendable, Equatable {
        public let key: String
        public let value: JSON
        public init(_ key: String, _ value: JSON) {
            self.key = key
            self.value = value
        }
    }

    /// `{"Name": {"Item": [...]}}`-style list wrapper the SDK expects.
    public static func wrapped(_ key: String, _ items: [JSON]) -> JSON { .object([Field(key, .array(items))]) }

    public subscript(key: String) -> JSON? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.key == key }?.value
    }

    /// Pretty-printed with two-space indents.
    public func pretty() -> String {
        var out = ""
        write(into: &out, indent: 0, pretty: true)
        return out
    }

    /// On one line, as an HTTP body.
    public func compact() -> String {
        var out = ""
        write(into: &out, indent: 0, pretty: false)
        return out
    }

    private func write(into out: inout String, indent: Int, pretty: Bool) {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let close = pretty ? String(repeating: "  ", count: indent) : ""
        let nl = pretty ? "\n" : ""
        switch self {
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{" + nl
            for (i, f) in fields.enumerated() {
                out += pad
                JSON.quote(f.key, into: &out)
                out += pretty ? ": " : ":"
                f.value.write(into: &out, indent: indent + 1, pretty: pretty)
                out += (i + 1 < fields.count ? "," : "") + nl
            }
            out += close + "}"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + nl
            for (i, v) in items.enumerated() {
                out += pad
                v.write(into: &out, indent: indent + 1, pretty: pretty)
                out += (i + 1 < items.count ? "," : "") + nl
            }
            out += close + "]"
        case .string(let s): JSON.quote(s, into: &out)
        case .int(let v): out += String(v)
        case .double(let v): out += v.isFinite ? "\(v)" : "null"
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .encoded(let text): out += text
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: appended whole. A byte that might (a quote, a backslash, a
        // control, DEL, or 0xC2, which leads the C1 controls) sends the string through the scalars.
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 }) else {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                // C0 controls must be escaped; DEL and C1 are too, so no terminal reads them as controls.
                if u.value < 0x20 || (0x7F...0x9F).contains(u.value) {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}

/// Builds an ordered object: `obj(("A", .string("x")), ("B", .int(1)))`.
func obj(_ fields: (String, JSON)...) -> JSON { .object(fields.map { JSON.Field($0.0, $0.1) }) }
func obj(_ fields: [(String, JSON)]) -> JSON { .object(fields.map { JSON.Field($0.0, $0.1) }) }

/// A JSON value as a client sent it (a parameter whose value is JSON).
enum JSONValue: Decodable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// The commonest kinds are tried first (a string, then an object): each wrong guess is a
    /// thrown error, and a saved fleet of 100,000 instances is millions of values.
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var fields: [String: JSONValue] = [:]
            for key in keyed.allKeys { fields[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(fields)
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        self = .number(try c.decode(Double.self))
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}
