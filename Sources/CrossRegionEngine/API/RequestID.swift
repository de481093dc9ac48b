/// A `RequestId` in the OpenAPI's style (an upper-case UUID), from the
/// system's generator directly (Foundation's UUID opens /dev/urandom each time).
public enum RequestID {
    public static func make() -> String {
        var rng = SystemRandomNumberGenerator()
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, word) in [rng.next(), rng.next()].enumerated() {
            for k in 0..<8 {
                let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt64(k)))
                let n = i * 8 + k
                if n == 4 || n == 6 || n == 8 || n == 10 { out.append(UInt8(ascii: "-")) }
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
