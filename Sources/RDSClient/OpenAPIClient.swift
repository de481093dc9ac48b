import CrossRegionEngine
import Foundation
import OpenAPIAuth

/// Calls an RDS OpenAPI endpoint (Alibaba Cloud's, or `rds-console serve`)
/// with signed requests, over HTTPS (or plain HTTP to a loopback host).
/// An error body comes back as the `EngineError` the server made it from, so
/// a caller shows the same code and reason as with a local state.
public final class OpenAPIClient {
    /// The endpoint as it is called (`https://rds.aliyuncs.com`), for messages.
    public let address: String
    private let signer: RequestSigner
    private let transport: HTTPSTransport
    /// What the requests' `host` header says (and is signed with).
    private let hostHeader: String
    /// When a read is sent again (a write never is).
    public var retry = RetryPolicy()

    /// `endpoint` is `https://host[:port]`, `http://host:port` or `host:port`
    /// (plain HTTP only to a loopback host: a signed request is never sent in
    /// the clear across a network). `caFile`: PEM certificates to trust
    /// instead of the system's (a private CA, a stand-in's certificate).
    public init(endpoint: String, accessKeyID: String, secret: String, securityToken: String? = nil,
                caFile: String? = nil) throws(EngineError) {
        func refuse(_ message: String) -> EngineError { EngineError(.invalidEndpoint, message) }
        var text = endpoint.trimmingSpaces()
        let schemeless = !text.contains("://")
        if schemeless { text = "http://" + text }
        let url: URL
        switch RegionEndpoints.validated(text) {
        case .success(let u): url = u
        case .failure(let e): throw refuse("\(e.message) (endpoint \"\(endpoint.prefix(200))\")")
        }
        guard let host = url.host, let scheme = url.scheme?.lowercased() else { throw refuse("No host in \"\(endpoint.prefix(200))\".") }
        guard !schemeless || url.port != nil else {
            throw refuse("\"\(endpoint.prefix(200))\" needs its port (host:port, such as 127.0.0.1:8080), or write an https:// URL.")
        }
        guard !accessKeyID.isEmpty, !secret.isEmpty else {
            throw EngineError(.missingAccessKey,
                              "An endpoint needs an access key: --access-key-id and --access-key-secret (or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET); create one on the server's side with rds-console access-key create.")
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        hostHeader = url.port.map { "\(shownHost):\($0)" } ?? shownHost
        address = "\(scheme)://\(hostHeader)"
        signer = RequestSigner(accessKeyID: accessKeyID, secret: secret, securityToken: securityToken)
        do {
            transport = try HTTPSTransport(scheme: scheme, host: host, caFile: caFile)
        } catch {
            throw refuse(error.message)
        }
    }

    /// A client signing with a credential the chain found.
    public convenience init(endpoint: String, credential: Credential, caFile: String? = nil) throws(EngineError) {
        try self.init(endpoint: endpoint, accessKeyID: credential.accessKeyID, secret: credential.accessKeySecret,
                      securityToken: credential.securityToken, caFile: caFile)
    }

    /// The JSON body of a successful call; a refusal or a network failure throws an `EngineError`.
    /// A read the endpoint throttles, or is too busy for, is sent again as `retry` says
    /// (each time signed afresh); a write is sent once, whatever the answer.
    public func call(_ action: String, _ parameters: [String: String]) throws(EngineError) -> [UInt8] {
        // The engine says which actions change the state; an action it does not know counts as one.
        let mayRetry = OpenAPI.isKnownRead(action)
        var attempt = 1
        while true {
            let (query, headers) = signer.sign(action: action, parameters: parameters, host: hostHeader,
                                               extraHeaders: [("accept", "application/json")])
            let response: HTTPSTransport.Response
            do {
                response = try transport.send(method: .POST, url: address + "/?" + query, headers: headers)
            } catch {
                throw EngineError(.endpointUnreachable, "Cannot reach \(address)/: \(Self.describe(error)).")
            }
            guard response.status != 200 else { return response.body }
            let refusal = Self.error(status: response.status, body: response.body)
            guard mayRetry, attempt < retry.attempts, RetryPolicy.isTransient(status: response.status, code: refusal.code) else {
                throw refusal
            }
            Thread.sleep(forTimeInterval: retry.delay(retry: attempt, retryAfter: response.retryAfter))
            attempt += 1
        }
    }

    /// A transport failure in words (a TLS refusal says which certificate check failed).
    static func describe(_ error: Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    /// The engine error an Alibaba error body (reference §1.5) describes.
    static func error(status: Int, body: [UInt8]) -> EngineError {
        struct Body: Decodable {
            struct Failures: Decodable { let Failure: [Item] }
            struct Item: Decodable { let DBInstanceId: String; let Code: String; let Message: String }
            let Code: String
            let Message: String
            let Failures: Failures?
        }
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(body)) else {
            return EngineError(.endpointBadResponse, "The endpoint answered HTTP \(status) without an error body.")
        }
        return EngineError(.received(decoded.Code, status: status), decoded.Message, failures: decoded.Failures?.Failure.map {
            EngineError.Failure(instanceID: $0.DBInstanceId, code: .received($0.Code, status: status), message: $0.Message)
        } ?? [])
    }
}
