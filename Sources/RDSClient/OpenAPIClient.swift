import CrossRegionEngine
import Foundation
import OpenAPIAuth

/// Calls an RDS OpenAPI endpoint (`rds-console serve`) with signed requests.
/// An error body comes back as the `EngineError` the server made it from, so
/// a caller shows the same code and reason as with a local state.
public final class OpenAPIClient {
    /// `host:port` as given, for messages.
    public let address: String
    private let signer: RequestSigner
    private let connection: HTTPConnection

    /// `endpoint` is `host:port`, `[v6]:port` or `http://host:port[/]`.
    public init(endpoint: String, accessKeyID: String, secret: String) throws(EngineError) {
        var text = endpoint.trimmingSpaces()
        if text.lowercased().hasPrefix("https://") {
            throw EngineError(local: "InvalidParameter.Endpoint", "rds-console serve speaks plain HTTP; use http://\(text.dropFirst(8)).")
        }
        if text.lowercased().hasPrefix("http://") { text = String(text.dropFirst(7)) }
        while text.hasSuffix("/") { text.removeLast() }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port),
              colon > text.startIndex else {
            throw EngineError(local: "InvalidParameter.Endpoint", "The endpoint must be host:port, such as 127.0.0.1:8080; got \"\(endpoint)\".")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !accessKeyID.isEmpty, !secret.isEmpty else {
            throw EngineError(local: "MissingParameter.AccessKey",
                              "An endpoint needs an access key: --access-key-id and --access-key-secret (or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET); create one on the server's side with rds-console access-key create.")
        }
        address = text
        signer = RequestSigner(accessKeyID: accessKeyID, secret: secret)
        connection = HTTPConnection(host: host, port: port)
    }

    /// The JSON body of a successful call; a refusal or a network failure throws an `EngineError`.
    public func call(_ action: String, _ parameters: [String: String]) throws(EngineError) -> [UInt8] {
        let (query, headers) = signer.sign(action: action, parameters: parameters, host: address)
        let response: HTTPConnection.Response
        do {
            response = try connection.send(method: "POST", target: "/?" + query, headers: headers)
        } catch {
            throw EngineError(local: "Endpoint.Unreachable", "Cannot reach http://\(address)/: \(error.description).", status: 503)
        }
        guard response.status == 200 else { throw Self.error(from: response) }
        return response.body
    }

    /// The engine error an Alibaba error body (reference §1.5) describes.
    static func error(from response: HTTPConnection.Response) -> EngineError {
        struct Body: Decodable {
            struct Failures: Decodable { let Failure: [Item] }
            struct Item: Decodable { let DBInstanceId: String; let Code: String; let Message: String }
            let Code: String
            let Message: String
            let Failures: Failures?
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(response.body)) else {
            return EngineError(local: "Endpoint.BadResponse", "The endpoint answered HTTP \(response.status) without an error body.",
                               status: response.status)
        }
        return EngineError(local: body.Code, body.Message, status: response.status, failures: body.Failures?.Failure.map {
            EngineError.Failure(instanceID: $0.DBInstanceId, code: $0.Code, message: $0.Message)
        } ?? [])
    }
}
