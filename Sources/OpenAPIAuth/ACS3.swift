import Crypto
import Foundation

/// The ACS3-HMAC-SHA256 computations the signer and the verifier share (reference §2.2).
enum ACS3 {
    static let algorithm = "ACS3-HMAC-SHA256"

    /// Parameters sorted by name, each value percent-encoded (RFC 3986).
    static func canonicalQuery(_ parameters: [String: String]) -> String {
        var out: [UInt8] = []
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            if !out.isEmpty { out.append(UInt8(ascii: "&")) }
            Percent.encode(name, into: &out)
            out.append(UInt8(ascii: "="))
            Percent.encode(value, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func stringToSign(method: String, path: String, canonicalQuery: String, canonicalHeaders: String,
                             signedHeaders: String, bodyHash: String) -> String {
        let canonicalRequest = [method, path.isEmpty ? "/" : path, canonicalQuery, canonicalHeaders, signedHeaders, bodyHash]
            .joined(separator: "\n")
        return algorithm + "\n" + Hex.lower(SHA256.hash(data: Data(canonicalRequest.utf8)))
    }

    static func signature(_ stringToSign: String, secret: String) -> String {
        Hex.lower(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: SymmetricKey(data: Data(secret.utf8))))
    }

    static func bodyHash(_ body: [UInt8]) -> String { Hex.lower(SHA256.hash(data: body)) }
}

/// Signs RPC calls as the official SDK does (ACS3-HMAC-SHA256, a fresh nonce
/// each time): the console's client and the load benchmark use it.
public struct RequestSigner: Sendable {
    public let accessKeyID: String
    let secret: String
    /// An STS token: sent and signed as `x-acs-security-token`, with
    /// `x-acs-accesskey-id`, as the official SDK sends them.
    let securityToken: String?
    private static let emptyBodyHash = ACS3.bodyHash([])

    public init(accessKeyID: String, secret: String, securityToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secret = secret
        self.securityToken = securityToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The signer of a credential the chain found.
    public init(_ credential: Credential) {
        self.init(accessKeyID: credential.accessKeyID, secret: credential.accessKeySecret, securityToken: credential.securityToken)
    }

    /// The query string (without `?`) and the headers of `POST /` calling
    /// `action` on `host`. `extraHeaders` (lowercase names, such as `accept`
    /// or `user-agent`) are signed too; every signed header is sent.
    public func sign(action: String, version: String = "2014-08-15", parameters: [String: String], host: String,
                     date: Date = Date(), nonce: String = UUID().uuidString,
                     extraHeaders: [(name: String, value: String)] = []) -> (query: String, headers: [(name: String, value: String)]) {
        let query = ACS3.canonicalQuery(parameters)
        var headers: [(name: String, value: String)] = [
            ("host", host), ("x-acs-action", action), ("x-acs-content-sha256", Self.emptyBodyHash),
            ("x-acs-date", Self.timestamp(date)), ("x-acs-signature-nonce", nonce), ("x-acs-version", version),
        ] + extraHeaders.map { (name: $0.name.lowercased(), value: $0.value.trimmingCharacters(in: .whitespaces)) }
        if let securityToken {
            headers += [("x-acs-accesskey-id", accessKeyID), ("x-acs-security-token", securityToken)]
        }
        headers.sort { $0.name < $1.name }
        let names = headers.map(\.name).joined(separator: ";")
        let canonicalHeaders = headers.map { "\($0.name):\($0.value)\n" }.joined()
        let toSign = ACS3.stringToSign(method: "POST", path: "/", canonicalQuery: query, canonicalHeaders: canonicalHeaders,
                                       signedHeaders: names, bodyHash: Self.emptyBodyHash)
        let authorization = "\(ACS3.algorithm) Credential=\(accessKeyID),SignedHeaders=\(names),Signature=\(ACS3.signature(toSign, secret: secret))"
        return (query, headers + [("authorization", authorization)])
    }

    /// `yyyy-MM-ddTHH:mm:ssZ`.
    static func timestamp(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
