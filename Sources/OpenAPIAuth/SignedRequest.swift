import Crypto
import Foundation

/// Lower-case hexadecimal, without `String(format:)` per byte.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func lower<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What a server received, as the signature sees it.
public struct SignedRequest: Sendable {
    public var method: String
    public var path: String
    /// The raw query string, without `?`.
    public var query: String
    /// Header names in any case; a name may repeat.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, path: String, query: String, headers: [(name: String, value: String)], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The action the request names in its `x-acs-action` header or its query's `Action`, read
    /// without checking anything (where a server runs it); nil when it names none plainly.
    public var namedAction: String? {
        if let action = header("x-acs-action") { return action }
        for pair in query.utf8.split(separator: UInt8(ascii: "&")) where pair.starts(with: "Action=".utf8) {
            let value = pair.dropFirst("Action=".utf8.count)
            return value.contains(UInt8(ascii: "%")) ? nil : String(decoding: value, as: UTF8.self)
        }
        return nil
    }

    /// The first value of the header `name` (lowercase), its name compared in any case.
    func header(_ name: String) -> String? {
        headers.first { Self.sameName($0.name, name) }?.value
    }

    /// Whether a header's `name`, in any case, is `lowercase` (names usually arrive in lowercase: no copy then).
    static func sameName(_ name: String, _ lowercase: String) -> Bool {
        guard name.utf8.count == lowercase.utf8.count else { return false }
        return name == lowercase || name.lowercased() == lowercase
    }
}

/// Why a request's signature is refused: an Alibaba gateway code, its HTTP status and a message.
public struct AuthFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String
    public let status: Int

    /// The sentence a command prints (its code and status are for an HTTP answer).
    public var description: String { message }

    static func missing(_ what: String) -> AuthFailure {
        AuthFailure(code: "MissingParameter",
                    message: "The input parameter \"\(what)\" that is mandatory for processing this request is not supplied.",
                    status: 400)
    }

    static func malformed(_ why: String) -> AuthFailure {
        AuthFailure(code: "IncompleteSignature", message: "The request signature does not conform to Aliyun standards: \(why)",
                    status: 400)
    }

    static let mismatch = AuthFailure(code: "SignatureDoesNotMatch",
                                      message: "Specified signature is not matched with our calculation.", status: 403)
}

/// A signed call, read from the request: who signs, what it asks, and how to check the signature.
public struct SignedCall: Sendable {
    public enum Scheme: String, Sendable {
        /// `ACS3-HMAC-SHA256` in the `Authorization` header (the SDK's default).
        case acs3 = "ACS3-HMAC-SHA256"
        /// The legacy RPC signature: HMAC-SHA1 in the query.
        case rpcV2 = "HMAC-SHA1"
    }

    public let scheme: Scheme
    public let accessKeyID: String
    public let action: String
    public let version: String
    /// The action's own parameters (the signature's parameters removed).
    public let parameters: [String: String]
    public let nonce: String
    /// `x-acs-date` or `Timestamp`, as sent.
    public let timestamp: String
    let stringToSign: String
    let signature: String

    /// The signature `secret` gives for this request.
    public func expectedSignature(secret: String) -> String {
        switch scheme {
        case .acs3:
            return ACS3.signature(stringToSign, secret: secret)
        case .rpcV2:
            let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(stringToSign.utf8),
                                                             using: SymmetricKey(data: Data((secret + "&").utf8)))
            return Data(mac).base64EncodedString()
        }
    }

    /// Whether `secret` signed this request, compared in constant time.
    public func isSigned(by secret: String) -> Bool {
        let a = Array(expectedSignature(secret: secret).utf8), b = Array(signature.utf8)
        var diff = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<min(a.count, b.count) { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
