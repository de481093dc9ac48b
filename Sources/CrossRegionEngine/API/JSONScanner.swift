import Foundation

/// A JSON reader straight over bytes, for the answers big enough for a general decoder to
/// show on a key press (an instance index of 100,000 rows over an endpoint): objects, arrays
/// of strings and strings are read; any other value is checked and skipped. Whatever is not
/// JSON is refused (`JSONScanner.Malformed`): the caller then hears it from the general decoder.
public struct JSONScanner {
    public struct Malformed: Error {}

    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    private static let maxDepth = 64

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    /// The value under `key` of the object `bytes` holds (an answer's `Result`), read by `T`.
    public static func member<T: JSONScannable>(_ key: String, of bytes: [UInt8], as _: T.Type) throws -> T {
        try bytes.withUnsafeBufferPointer { all in
            var s = JSONScanner(all)
            var found: T?
            try s.object { s, name in
                if name == key, found == nil { found = try T.scan(&s) } else { try s.skipValue() }
            }
            s.space()
            guard s.i == s.b.count, let found else { throw Malformed() }
            return found
        }
    }

    /// An object: `body` is called with each member's name and must read its value.
    public mutating func object(_ body: (inout JSONScanner, String) throws -> Void) throws {
        try enter()
        defer { depth -= 1 }
        try expect(UInt8(ascii: "{"))
        if take(UInt8(ascii: "}")) { return }
        repeat {
            let name = try string()
            try expect(UInt8(ascii: ":"))
            try body(&self, name)
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    /// An array of strings.
    public mutating func strings() throws -> [String] {
        var out: [String] = []
        try array { out.append(try $0.string()) }
        return out
    }

    /// An array: `each` reads one element.
    public mutating func array(_ each: (inout JSONScanner) throws -> Void) throws {
        try enter()
        defer { depth -= 1 }
        try expect(UInt8(ascii: "["))
        if take(UInt8(ascii: "]")) { return }
        repeat { try each(&self) } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
    }

    /// A string, its escapes undone; bytes that are not UTF-8 are refused.
    public mutating func string() throws -> String {
        var out = ""
        try string { out = try Self.text($0) }
        return out
    }

    /// A string's UTF-8, its escapes undone, appended to `out`; bytes that are not UTF-8 are refused.
    public mutating func string(appendingTo out: inout [UInt8]) throws {
        try string { bytes in
            // ASCII is UTF-8; anything else is checked as a string would be.
            if bytes.contains(where: { $0 >= 0x80 }) { _ = try Self.text(bytes) }
            out.append(contentsOf: bytes)
        }
    }

    /// Calls `body` with a string's bytes, its escapes undone (not yet checked as UTF-8).
    private mutating func string(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try expect(UInt8(ascii: "\""))
        let start = i
        // Most strings hold no escape: read where they lie.
        while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\"), b[i] >= 0x20 { i += 1 }
        guard i < b.count else { throw Malformed() }
        if b[i] == UInt8(ascii: "\"") {
            i += 1
            return try body(UnsafeBufferPointer(rebasing: b[start..<(i - 1)]))
        }
        var raw = Array(b[start..<i])
        while true {
            guard i < b.count else { throw Malformed() }
            let c = b[i]
            i += 1
            switch c {
            case UInt8(ascii: "\""): return try raw.withUnsafeBufferPointer(body)
            case UInt8(ascii: "\\"): try unescape(into: &raw)
            case ..<0x20: throw Malformed()
            default: raw.append(c)
            }
        }
    }

    /// Any value, checked and passed over.
    public mutating func skipValue() throws {
        space()
        guard i < b.count else { throw Malformed() }
        switch b[i] {
        case UInt8(ascii: "{"): try object { s, _ in try s.skipValue() }
        case UInt8(ascii: "["): try array { try $0.skipValue() }
        case UInt8(ascii: "\""): try string { _ = try Self.text($0) }
        case UInt8(ascii: "t"): try word("true")
        case UInt8(ascii: "f"): try word("false")
        case UInt8(ascii: "n"): try word("null")
        default: try number()
        }
    }

    // MARK: Pieces

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) throws -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else { throw Malformed() }
        return s
    }

    /// One level deeper (an object or an array); the caller steps back out.
    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maxDepth else { throw Malformed() }
    }

    private mutating func space() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private mutating func take(_ c: UInt8) -> Bool {
        space()
        guard i < b.count, b[i] == c else { return false }
        i += 1
        return true
    }

    private mutating func expect(_ c: UInt8) throws {
        guard take(c) else { throw Malformed() }
    }

    private mutating func word(_ w: StaticString) throws {
        let n = w.utf8CodeUnitCount
        guard i + n <= b.count, memcmp(b.baseAddress! + i, w.utf8Start, n) == 0 else { throw Malformed() }
        i += n
    }

    /// `-? digits (. digits)? ([eE] [+-]? digits)?`
    private mutating func number() throws {
        func digits() throws {
            let start = i
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
            guard i > start else { throw Malformed() }
        }
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        try digits()
        if i < b.count, b[i] == UInt8(ascii: ".") { i += 1; try digits() }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            try digits()
        }
    }

    /// The escape after a backslash, appended as UTF-8.
    private mutating func unescape(into raw: inout [UInt8]) throws {
        guard i < b.count else { throw Malformed() }
        let c = b[i]
        i += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): raw.append(c)
        case UInt8(ascii: "b"): raw.append(0x08)
        case UInt8(ascii: "f"): raw.append(0x0C)
        case UInt8(ascii: "n"): raw.append(0x0A)
        case UInt8(ascii: "r"): raw.append(0x0D)
        case UInt8(ascii: "t"): raw.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate takes the low one that must follow.
                guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else { throw Malformed() }
                i += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw Malformed() }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let u = Unicode.Scalar(scalar) else { throw Malformed() }
            raw.append(contentsOf: Array(String(Character(u)).utf8))
        default: throw Malformed()
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= b.count else { throw Malformed() }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            i += 1
            switch c {
            case 0x30...0x39: v = v * 16 + UInt32(c - 0x30)
            case 0x41...0x46: v = v * 16 + UInt32(c - 0x41 + 10)
            case 0x61...0x66: v = v * 16 + UInt32(c - 0x61 + 10)
            default: throw Malformed()
            }
        }
        return v
    }
}

/// A value read by `JSONScanner` (a big answer), the same as its `Decodable` reading.
public protocol JSONScannable {
    static func scan(_ s: inout JSONScanner) throws -> Self
}

/// A value written as JSON by hand (a big answer), the same JSON its `Encodable` writing means.
public protocol JSONWritable {
    func writeJSON(into out: inout String)
}
