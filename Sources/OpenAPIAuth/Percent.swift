/// The two encodings the RDS OpenAPI signatures use.
public enum Percent {
    /// RFC 3986: everything but `A–Z a–z 0–9 - _ . ~` becomes `%XX` of its UTF-8 bytes.
    public static func encode(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        encode(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `encode(s)`, appended to `out`.
    static func encode(_ s: String, into out: inout [UInt8]) {
        for b in s.utf8 {
            if isUnreserved(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(upperHex[Int(b >> 4)])
                out.append(upperHex[Int(b & 15)])
            }
        }
    }

    private static let upperHex = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Form decoding of one query component (`+` is a space); nil when a `%` escape is broken or not UTF-8.
    public static func formDecode(_ s: Substring) -> String? { formDecode(s.utf8) }

    static func formDecode<C: Collection<UInt8>>(_ s: C) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.count)
        var it = s.makeIterator()
        while let b = it.next() {
            switch b {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let h = it.next(), let l = it.next(), let hi = hexValue(h), let lo = hexValue(l) else { return nil }
                bytes.append(hi << 4 | lo)
            default: bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The query string's parameters, decoded; nil when it is malformed or repeats a name.
    public static func parseQuery(_ query: String) -> [String: String]? {
        var out: [String: String] = [:]
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            guard let key = formDecode(pair[..<(equals ?? pair.endIndex)]), !key.isEmpty,
                  let value = equals.map({ formDecode(pair[pair.index(after: $0)...]) }) ?? "" else { return nil }
            guard out.updateValue(value, forKey: key) == nil else { return nil }
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
