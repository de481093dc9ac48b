import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// How many clients `serve` takes, and for how long an idle one stays.
public struct ConnectionLimits: Sendable {
    /// Connections open at once. One more closes the connection idle the
    /// longest, or, when every one is in the middle of a request, itself.
    public var maxConnections: Int
    /// A keep-alive connection with no request for this long is closed.
    public var idleTimeout: TimeAmount
    /// A new connection whose first request head has not arrived by then is
    /// closed (a socket that never sends, or sends a byte at a time).
    public var firstRequestTimeout: TimeAmount
    /// The request's header fields together, names and values (the request
    /// line, which carries the parameters, is not counted); more is answered 431.
    public var maxHeaderBytes: Int

    public init(maxConnections: Int, idleTimeout: TimeAmount, firstRequestTimeout: TimeAmount = .seconds(5),
                maxHeaderBytes: Int = 64 << 10) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.firstRequestTimeout = firstRequestTimeout
        self.maxHeaderBytes = maxHeaderBytes
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
            guard let entry = open.enter(channel, limit: limits.maxConnections, logger: logger) else {
                logger.warning("refused a connection: \(limits.maxConnections) are open, each in the middle of a request")
                channel.close(promise: nil)
                throw OverLimit()
            }
            channel.closeFuture.whenComplete { [open] _ in open.leave(entry) }
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: Self.decoderLimits)
            try channel.pipeline.syncOperations.addHandler(RequestGuard(entry: entry, registry: open, limits: limits))
            try channel.pipeline.syncOperations.addHandler(HTTP10Handler())
            try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try channel.pipeline.syncOperations.addHandler(
                HTTPConnectionStateHandler(idleTimeout: .init(limits.idleTimeout), logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel,
                                       configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopExecutor(value.channel.eventLoop)) {
            await handleHTTP(asyncChannel: value, logger: logger)
        }
    }
}

/// The open connections, and which are between requests and since when: when
/// the cap is reached, the one idle the longest makes room for the newest.
final class OpenConnections: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    /// By entry: the channel, and since when it is idle (nil while a request is under way).
    private var connections: [Int: (channel: any Channel, idleSince: NIODeadline?)] = [:]

    /// Registers `channel`, closing the longest-idle connection when `limit`
    /// are open; nil when every open connection is in the middle of a request.
    func enter(_ channel: any Channel, limit: Int, logger: Logger) -> Int? {
        lock.lock()
        var evicted: (any Channel)?
        if connections.count >= limit {
            var oldest: (entry: Int, since: NIODeadline)?
            for (entry, c) in connections {
                if let since = c.idleSince, oldest == nil || since < oldest!.since { oldest = (entry, since) }
            }
            guard let oldest else {
                lock.unlock()
                return nil
            }
            evicted = connections.removeValue(forKey: oldest.entry)?.channel
        }
        next += 1
        let entry = next
        connections[entry] = (channel, .now())
        lock.unlock()
        if let evicted {
            logger.debug("closed the connection idle the longest: \(limit) are open")
            evicted.close(promise: nil)
        }
        return entry
    }

    func leave(_ entry: Int) {
        lock.lock()
        connections[entry] = nil
        lock.unlock()
    }

    /// A request began (`busy`) or its response ended.
    func mark(_ entry: Int, busy: Bool) {
        lock.lock()
        connections[entry]?.idleSince = busy ? nil : .now()
        lock.unlock()
    }
}

/// What a connection must do before it gets to the handler: send its first
/// request head within `firstRequestTimeout`, and keep its header fields
/// within `maxHeaderBytes` (else 431 and the connection closes). It also tells
/// the registry when the connection is between requests.
final class RequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let entry: Int
    private let registry: OpenConnections
    private let limits: ConnectionLimits
    private var firstRequest: Scheduled<Void>?
    /// The parts of a refused request are dropped until its end.
    private var refusing = false

    init(entry: Int, registry: OpenConnections, limits: ConnectionLimits) {
        self.entry = entry
        self.registry = registry
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        firstRequest = context.eventLoop.scheduleTask(in: limits.firstRequestTimeout) { channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        firstRequest?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            firstRequest?.cancel()
            firstRequest = nil
            registry.mark(entry, busy: true)
            let bytes = head.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
            guard bytes <= limits.maxHeaderBytes else {
                refusing = true
                refuseLargeHeaders(context: context, bytes: bytes)
                return
            }
        case .body, .end:
            if refusing { return }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { registry.mark(entry, busy: false) }
        context.write(data, promise: promise)
    }

    private func refuseLargeHeaders(context: ChannelHandlerContext, bytes: Int) {
        let body = #"{"Code":"RequestHeaderFieldsTooLarge","Message":"The request's header fields are \#(bytes) bytes; at most \#(limits.maxHeaderBytes)."}"#
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json;charset=utf-8")
        headers.add(name: "content-length", value: String(body.utf8.count))
        headers.add(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .requestHeaderFieldsTooLarge, headers: headers))),
                      promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
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
