import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// How many clients `serve` takes, and for how long an idle one stays.
public struct ConnectionLimits: Sendable {
    /// Connections open at once; one more is accepted and closed at once.
    public var maxConnections: Int
    /// A keep-alive connection with no request for this long is closed.
    public var idleTimeout: TimeAmount

    public init(maxConnections: Int, idleTimeout: TimeAmount) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
    }

    /// A cap well below the process's descriptor limit (the state's files and
    /// SQLite's need some), so that accepting never runs out of descriptors.
    public static func defaultMaxConnections() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 256 }
        return max(8, min(1_000, Int(clamping: limit.rlim_cur) - 64))
    }
}

/// HTTP/1 as Hummingbird serves it, plus what a server facing many clients
/// needs: a cap on open connections, an idle timeout, and HTTP/1.0 answered
/// as HTTP/1.0 (closing the connection unless the client asked to keep it).
struct ServeChannel: HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: Responder
    let limits: ConnectionLimits
    let open = OpenConnections()

    struct OverLimit: Error {}

    /// The query carries every parameter, a batch of 10,000 instance IDs
    /// included: let a request line of up to 4 MiB through to the parameter
    /// checks, which refuse what is too long with the documented code.
    static let decoderLimits: NIOHTTPDecoderLimitConfiguration = {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = 4 << 20
        limits.maxHeaderListSize = 4 << 20
        return limits
    }()

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            guard open.enter(limit: limits.maxConnections) else {
                logger.warning("refused a connection: \(limits.maxConnections) are open already")
                channel.close(promise: nil)
                throw OverLimit()
            }
            channel.closeFuture.whenComplete { [open] _ in open.leave() }
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: Self.decoderLimits)
            try channel.pipeline.syncOperations.addHandler(HTTP10Handler())
            try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try channel.pipeline.syncOperations.addHandler(
                HTTPConnectionStateHandler(idleTimeout: .init(limits.idleTimeout), logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel,
                                       configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}

/// The number of open connections.
final class OpenConnections: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func enter(limit: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard count < limit else { return false }
        count += 1
        return true
    }

    func leave() {
        lock.lock()
        count -= 1
        lock.unlock()
    }
}

/// Answers an HTTP/1.0 request in HTTP/1.0, with `Connection: close` and the
/// connection closed after the response, unless it asked for keep-alive.
/// (HTTP types, on which the rest of the pipeline works, have no version.)
final class HTTP10Handler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The requests awaiting their response, in order: HTTP/1.0 or not, keep-alive or not.
    private var waiting: [(legacy: Bool, keepAlive: Bool)] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) {
            waiting.append((head.version == .http1_0, head.isKeepAlive))
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let request = waiting.first, request.legacy else {
            if case .end = unwrapOutboundIn(data), !waiting.isEmpty { waiting.removeFirst() }
            return context.write(data, promise: promise)
        }
        switch unwrapOutboundIn(data) {
        case .head(var head):
            head.version = .http1_0
            head.headers.replaceOrAdd(name: "connection", value: request.keepAlive ? "keep-alive" : "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            waiting.removeFirst()
            guard !request.keepAlive else { return context.write(data, promise: promise) }
            let channel = context.channel
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
            if let promise { written.futureResult.cascade(to: promise) }
            context.writeAndFlush(data, promise: written)
        }
    }
}
