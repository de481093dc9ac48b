import Foundation
import OpenAPIAuth
import Testing

/// Requests the official Python SDK (alibabacloud-rds20140815 16.0.2) signed,
/// recorded by `Fixtures/capture_sdk_requests.py`: the verifier must agree
/// with the real signer, byte for byte, and refuse any change.
@Suite("Request signatures")
struct SignatureTests {
    struct Vectors: Decodable {
        struct Request: Decodable {
            let method: String
            let target: String
            let headers: [[String]]
            let body: String
        }
        let secret: String
        let requests: [Request]
    }

    static func vectors() throws -> Vectors {
        let url = try #require(Bundle.module.url(forResource: "sdk-requests", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }

    static func request(_ r: Vectors.Request) -> SignedRequest {
        let parts = r.target.split(separator: "?", maxSplits: 1)
        return SignedRequest(method: r.method, path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : "",
                             headers: r.headers.map { (name: $0[0], value: $0[1]) }, body: Array(r.body.utf8))
    }

    @Test("Both schemes the SDK uses verify with the right secret, and only with it")
    func sdkVectors() throws {
        let v = try Self.vectors()
        var schemes = Set<String>()
        #expect(v.requests.count == 6)
        for r in v.requests {
            let call = try SignedCall.parse(Self.request(r))
            schemes.insert(call.scheme.rawValue)
            #expect(call.accessKeyID == "LTAItestkey0001")
            #expect(call.isSigned(by: v.secret), "\(r.target)")
            #expect(!call.isSigned(by: v.secret + "x"))
            #expect(["DescribeInstanceCrossBackupPolicy", "ModifyInstanceCrossBackupPolicy"].contains(call.action))
            #expect(call.version == "2014-08-15")
            #expect(call.parameters["RegionId"] == "cn-hangzhou")
            #expect(call.nonce.count == 32)
        }
        #expect(schemes == ["ACS3-HMAC-SHA256", "HMAC-SHA1"])
    }

    /// The SDK's requests: computed by the SDK in this run when `RDS_SDK_REQUESTS` names
    /// the capture's output (CI does), else the recorded ones.
    static func sdkRequests() throws -> Vectors {
        guard let path = ProcessInfo.processInfo.environment["RDS_SDK_REQUESTS"], !path.isEmpty else { return try vectors() }
        return try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test("Our signer computes, byte for byte, the Authorization the official SDK sent for the same request (date, nonce, headers), an STS token's included")
    func signerMatchesSDK() throws {
        let v = try Self.sdkRequests()
        var checked = 0, withToken = 0
        for r in v.requests {
            let headers = Dictionary(r.headers.map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
            guard let authorization = headers["authorization"], authorization.hasPrefix("ACS3-HMAC-SHA256 ") else { continue }
            let signedPart = try #require(authorization.split(separator: ",").first { $0.hasPrefix("SignedHeaders=") })
            let signedNames = signedPart.dropFirst("SignedHeaders=".count).split(separator: ";").map(String.init)
            let own: Set<String> = ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce",
                                    "x-acs-version", "x-acs-accesskey-id", "x-acs-security-token"]
            let extra = signedNames.filter { !own.contains($0) }.map { (name: $0, value: headers[$0] ?? "") }
            let query = String(r.target.split(separator: "?", maxSplits: 1).last ?? "")
            var parameters: [String: String] = [:]
            for pair in query.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
                parameters[kv[0]] = kv.count > 1 ? kv[1] : ""
            }
            let stamp = try #require(headers["x-acs-date"])
            let date = try #require(ISO8601DateFormatter().date(from: stamp))
            let signer = RequestSigner(accessKeyID: "LTAItestkey0001", secret: v.secret, securityToken: headers["x-acs-security-token"])
            let action = try #require(headers["x-acs-action"]), host = try #require(headers["host"])
            let nonce = try #require(headers["x-acs-signature-nonce"])
            let (_, ours) = signer.sign(action: action, parameters: parameters, host: host, date: date, nonce: nonce, extraHeaders: extra)
            #expect(ours.first { $0.name == "authorization" }?.value == authorization, "\(r.target)")
            for (name, value) in ours where name != "authorization" { #expect(headers[name] == value, "\(name)") }
            checked += 1
            if headers["x-acs-security-token"] != nil { withToken += 1 }
        }
        #expect(checked == 4 && withToken == 2)
    }

    @Test("Decoding then re-encoding: the special characters of a value are signed as the SDK encoded them")
    func reencoding() throws {
        let v = try Self.vectors()
        let call = try SignedCall.parse(Self.request(v.requests[0]))
        #expect(call.parameters["DBInstanceId"] == "rm-abc def*/:~")
        let legacy = try SignedCall.parse(Self.request(v.requests[2]))
        #expect(legacy.parameters["DBInstanceId"] == "rm-abc def*/:~")
        #expect(legacy.parameters["Signature"] == nil && legacy.parameters["AccessKeyId"] == nil)
    }

    @Test("A changed parameter, header or body breaks the signature")
    func tampering() throws {
        let v = try Self.vectors()
        for r in v.requests {
            var changed = Self.request(r)
            changed.query = changed.query.replacingOccurrences(of: "cn-hangzhou", with: "cn-shanghai")
            #expect(try !SignedCall.parse(changed).isSigned(by: v.secret))
        }
        var header = Self.request(v.requests[0])
        header.headers = header.headers.map { $0.name == "x-acs-action" ? (name: $0.name, value: "DeleteDBInstance") : $0 }
        #expect(try !SignedCall.parse(header).isSigned(by: v.secret))
        // Headers outside SignedHeaders may change (the HTTP library adds accept-encoding).
        var unsigned = Self.request(v.requests[0])
        unsigned.headers.append((name: "x-forwarded-for", value: "10.0.0.1"))
        #expect(try SignedCall.parse(unsigned).isSigned(by: v.secret))
        var body = Self.request(v.requests[0])
        body.body = Array("{}".utf8)
        #expect(throws: AuthFailure.self) { try SignedCall.parse(body) }
    }

    @Test("The action a request names, read before any check: the official SDK's requests name the action they are signed for")
    func namedAction() throws {
        for r in try Self.vectors().requests {
            let request = Self.request(r)
            let call = try SignedCall.parse(request)
            #expect(request.namedAction == call.action, "\(r.target.prefix(80))")
        }
        func named(_ query: String, _ headers: [(name: String, value: String)] = []) -> String? {
            SignedRequest(method: "POST", path: "/", query: query, headers: headers).namedAction
        }
        #expect(named("Format=JSON&Action=ModifyInstanceCrossBackupPolicy&Version=2014-08-15") == "ModifyInstanceCrossBackupPolicy")
        #expect(named("Action=Describe", [(name: "X-Acs-Action", value: "ModifyDBInstanceTDE")]) == "ModifyDBInstanceTDE",
                "the header first, its name in any case")
        #expect(named("LocalAction=X&Version=2014-08-15") == nil, "a parameter whose name ends in Action is not it")
        #expect(named("Action=Modify%49nstance") == nil, "an encoded name is not read here")
        #expect(named("") == nil)
    }

    @Test("Missing or malformed signatures are refused with the gateway's codes")
    func malformed() throws {
        func code(_ r: SignedRequest) -> String? {
            (#expect(throws: AuthFailure.self) { try SignedCall.parse(r) })?.code
        }
        #expect(code(SignedRequest(method: "POST", path: "/", query: "RegionId=cn-hangzhou", headers: [])) == "MissingParameter")
        #expect(code(SignedRequest(method: "POST", path: "/", query: "", headers: [(name: "Authorization", value: "Basic abc")]))
                == "IncompleteSignature")
        #expect(code(SignedRequest(method: "POST", path: "/", query: "a=%zz", headers: [])) == "IncompleteSignature")
        let v = try Self.vectors()
        var fewer = Self.request(v.requests[0])
        fewer.headers = fewer.headers.map {
            $0.name == "authorization" ? (name: $0.name, value: $0.value.replacingOccurrences(of: "x-acs-date;", with: "")) : $0
        }
        #expect(code(fewer) == "IncompleteSignature")
        var legacy = Self.request(v.requests[2])
        legacy.query = legacy.query.replacingOccurrences(of: "SignatureMethod=HMAC-SHA1", with: "SignatureMethod=HMAC-MD5")
        #expect(code(legacy) == "IncompleteSignature")
    }

    @Test("RFC 3986 encoding of the signature's strings")
    func percent() {
        #expect(Percent.encode("a b*c/d:e~f_g.h-i") == "a%20b%2Ac%2Fd%3Ae~f_g.h-i")
        #expect(Percent.encode("订单") == "%E8%AE%A2%E5%8D%95")
        #expect(Percent.parseQuery("a=1+2&b=%2A&c=") == ["a": "1 2", "b": "*", "c": ""])
        #expect(Percent.parseQuery("a=1&a=2") == nil)
        #expect(Percent.parseQuery("a&b=x=y&&c=%E8%AE%A2") == ["a": "", "b": "x=y", "c": "订"])
        #expect(Percent.parseQuery("=x") == nil)
        #expect(Percent.parseQuery("a=%E8%AE") == nil)  // not UTF-8
    }

    @Test("Header names in any case, and spaces around the Authorization's parts, verify as the SDK sent them")
    func headerCase() throws {
        let v = try Self.vectors()
        let sent = try #require(v.requests.first { r in r.headers.contains { $0[0] == "authorization" } })
        var shouted = Self.request(sent)
        shouted.headers = shouted.headers.map { h in
            let name = h.name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
            let value = h.name == "authorization" ? h.value.replacingOccurrences(of: ",", with: " ,\t ") : h.value
            return (name: name, value: value)
        }
        #expect(shouted.headers.contains { $0.name == "X-Acs-Signature-Nonce" })
        let call = try SignedCall.parse(shouted)
        #expect(call.isSigned(by: v.secret))
        #expect(call.nonce.count == 32)
        var empty = Self.request(sent)
        empty.headers = empty.headers.map { $0.name == "authorization" ? (name: $0.name, value: $0.value + ",Extra=") : $0 }
        #expect((#expect(throws: AuthFailure.self) { try SignedCall.parse(empty) })?.code == "IncompleteSignature")
    }

    @Test("B.13: a form-encoded body's parameters count with the query's; one given twice with two values is refused; another body type is not read")
    func formBody() throws {
        let query = "Action=DescribeDBInstances&AccessKeyId=k&SignatureNonce=n1&Timestamp=2026-12-06T00%3A00%3A00Z&Version=2014-08-15"
            + "&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&Signature=x&PageSize=3"
        func request(_ body: String, type: String = "application/x-www-form-urlencoded; charset=UTF-8") -> SignedRequest {
            SignedRequest(method: "POST", path: "/", query: query, headers: [("content-type", type)], body: Array(body.utf8))
        }
        let call = try SignedCall.parse(request("RegionId=cn-hangzhou&PageSize=3&DBInstanceDescription=a+b"))
        #expect(call.parameters == ["RegionId": "cn-hangzhou", "PageSize": "3", "DBInstanceDescription": "a b"])
        let other = try SignedCall.parse(request("RegionId=cn-hangzhou&PageSize=3&DBInstanceDescription=a+c"))
        #expect(other.expectedSignature(secret: "s") != call.expectedSignature(secret: "s"), "the body's parameters are signed")
        #expect(throws: AuthFailure.self) { try SignedCall.parse(request("PageSize=5")) }
        let json = try SignedCall.parse(request(#"{"RegionId": "cn-hangzhou"}"#, type: "application/json"))
        #expect(json.parameters == ["PageSize": "3"])
    }
}
