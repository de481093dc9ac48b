import Crypto
import Foundation

/// AWS Signature Version 4 for the RDS query API, so the requests sent to
/// moto_server are signed like ours (moto does not check them, but the
/// client pays the same cost either way).
struct SigV4 {
    let accessKey = "bench"
    let secret = "bench-secret"
    let region = "us-east-1"
    let service = "rds"

    /// The headers of `POST /` with the form `body`.
    func headers(host: String, body: [UInt8], date: Date = Date()) -> [(name: String, value: String)] {
        let stamp = Self.amzDate(date)
        let day = String(stamp.prefix(8))
        let bodyHash = Self.hex(SHA256.hash(data: body))
        let contentType = "application/x-www-form-urlencoded; charset=utf-8"
        let signed = "content-type;host;x-amz-date"
        let canonical = "POST\n/\n\ncontent-type:\(contentType)\nhost:\(host)\nx-amz-date:\(stamp)\n\n\(signed)\n\(bodyHash)"
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let toSign = "AWS4-HMAC-SHA256\n\(stamp)\n\(scope)\n\(Self.hex(SHA256.hash(data: Data(canonical.utf8))))"
        var key = SymmetricKey(data: Data(("AWS4" + secret).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: key))
        return [("host", host), ("content-type", contentType), ("x-amz-date", stamp),
                ("authorization", "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(scope), SignedHeaders=\(signed), Signature=\(signature)")]
    }

    static func amzDate(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var p = tm()
        gmtime_r(&t, &p)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(p.tm_year + 1900)\(two(p.tm_mon + 1))\(two(p.tm_mday))T\(two(p.tm_hour))\(two(p.tm_min))\(two(p.tm_sec))Z"
    }

    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
