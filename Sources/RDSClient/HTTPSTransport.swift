import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// HTTP(S) requests through AsyncHTTPClient: TLS through swift-nio-ssl with
/// the system's trust store (or a private CA's file), a proxy from
/// `HTTPS_PROXY`/`HTTP_PROXY` unless `NO_PROXY` names the host, and bounded
/// waits. Calls block the calling thread (the console's, a command's), never
/// an event loop's.
final class HTTPSTransport: Sendable {
    struct Response {
        var status: Int
        var body: [UInt8]
        /// `Retry-After`, in seconds, when the answer gave it so.
        var retryAfter: Double? = nil
    }

    private let client: HTTPClient

    /// `caFile`: PEM certificates to trust instead of the system's.
    init(scheme: String, host: String, caFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(EndpointError)
    {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw EndpointError("--ca-file \(caFile) cannot be read.")
            }
            tls.trustRoots = .file(caFile)
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(60)))
        configuration.proxy = try Self.proxy(scheme: scheme, host: host, environment: environment)
        // A refused connection on this machine means nothing listens: say so at once rather than
        // retry for the connect timeout (a console over a stopped server would stall on every frame).
        configuration.connectionPool.retryConnectionEstablishment = !RegionEndpoints.isLoopback(host)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    deinit {
        try? client.syncShutdown()
    }

    func send(method: HTTPMethod, url: String, headers: [(name: String, value: String)], body: [UInt8] = [])
        throws -> Response
    {
        var request = try HTTPClient.Request(url: url, method: method, headers: HTTPHeaders(headers))
        request.body = .bytes(body)
        let response = try client.execute(request: request).wait()
        return Response(status: Int(response.status.code), body: response.body.map { Array($0.readableBytesView) } ?? [],
                        retryAfter: response.headers.first(name: "retry-after").flatMap(Double.init))
    }

    /// The proxy for `host`, as curl reads the environment: `HTTPS_PROXY` (or
    /// `https_proxy`) for https, `HTTP_PROXY` for http, none for loopback or a
    /// host `NO_PROXY` names (a name, a domain suffix such as `.aliyuncs.com`, or `*`).
    static func proxy(scheme: String, host: String, environment: [String: String]) throws(EndpointError) -> HTTPClient.Configuration.Proxy? {
        func variable(_ name: String) -> String? {
            (environment[name] ?? environment[name.lowercased()]).flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let text = variable(scheme == "https" ? "HTTPS_PROXY" : "HTTP_PROXY") else { return nil }
        if RegionEndpoints.isLoopback(host) { return nil }
        let exempt = (variable("NO_PROXY") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let name = host.lowercased()
        if exempt.contains(where: { $0 == "*" || name == $0 || name.hasSuffix($0.hasPrefix(".") ? $0 : "." + $0) }) { return nil }
        guard let url = URL(string: text.contains("://") ? text : "http://" + text), let proxyHost = url.host else {
            throw EndpointError("The proxy \(text.prefix(200)) is not a URL such as http://proxy:3128.")
        }
        return .server(host: proxyHost, port: url.port ?? 80)
    }
}
