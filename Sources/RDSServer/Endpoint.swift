import CrossRegionEngine
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import OpenAPIAuth

/// The RDS OpenAPI over HTTP, RPC style, as the official SDK calls it:
/// `POST /` (or `GET /`), parameters in the query, signed (reference §1–§2).
public enum Endpoint {
    /// `tls`: serve HTTPS with this certificate and key (`serve --tls-cert --tls-key`), else plain HTTP.
    public static func run(handler: RequestHandler, host: String, port: Int, limits: ConnectionLimits,
                           tls: TLSConfiguration? = nil) async throws {
        let router = Router()
        let respond: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            // HTTP types keep Host as the :authority pseudo-header; the signature names it "host".
            var headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
            if let authority = request.head.authority { headers.append((name: "host", value: authority)) }
            let signed = SignedRequest(method: request.method.rawValue, path: request.uri.path,
                                       query: request.uri.query ?? "", headers: headers, body: Array(buffer: body))
            let (status, json) = await handler.respond(to: signed, now: Int64(Date().timeIntervalSince1970))
            return Response(status: .init(code: status), headers: [.contentType: "application/json;charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        router.post("/", use: respond)
        router.get("/", use: respond)
        let server = HTTPServerBuilder { responder in
            let plain = ServeChannel(responder: responder, limits: limits)
            guard let tls else { return plain }
            return try TLSChannel(plain, tlsConfiguration: tls)
        }
        let app = Application(router: router, server: server,
                              configuration: .init(address: .hostname(host, port: port), serverName: "rds-console"))
        try await app.runService()
    }
}

extension Endpoint {
    /// The TLS configuration of a PEM certificate chain and its PEM private key.
    public static func tlsConfiguration(certificate: String, key: String) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificate)
        guard !chain.isEmpty else { throw TLSFilesError("\(certificate) holds no PEM certificate.") }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                        privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
    }
}

/// A certificate or key file `serve` cannot use.
public struct TLSFilesError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
