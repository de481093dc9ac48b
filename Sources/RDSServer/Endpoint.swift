import CrossRegionEngine
import Foundation
import Hummingbird
import HummingbirdCore
import OpenAPIAuth

/// The RDS OpenAPI over HTTP, RPC style, as the official SDK calls it:
/// `POST /` (or `GET /`), parameters in the query, signed (reference §1–§2).
public enum Endpoint {
    public static func run(handler: RequestHandler, host: String, port: Int, limits: ConnectionLimits) async throws {
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
        let app = Application(router: router,
                              server: HTTPServerBuilder { responder in ServeChannel(responder: responder, limits: limits) },
                              configuration: .init(address: .hostname(host, port: port), serverName: "rds-console"))
        try await app.runService()
    }
}
