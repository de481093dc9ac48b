import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 connection with keep-alive, blocking: what each thread of the
/// load benchmark needs to measure the server and not a client, without an
/// event loop. It reconnects when the server closed the connection. (What
/// talks to an account, or to a served state, is `OpenAPIClient`, over
/// AsyncHTTPClient.)
public final class HTTPConnection {
    public struct Response {
        public var status: Int
        public var body: [UInt8]
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public let host: String
    public let port: Int
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private let timeoutSeconds: Int

    public init(host: String, port: Int, timeoutSeconds: Int = 30) {
        self.host = host
        self.port = port
        self.timeoutSeconds = timeoutSeconds
    }

    deinit { close() }

    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        buffer.removeAll()
    }

    /// Sends one request and reads its response. A request on a kept-alive
    /// connection that the server had closed before answering is sent once more
    /// on a new one (nothing of it was read, so nothing was done).
    public func send(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8] = [])
        throws(Failure) -> Response
    {
        var head = "\(method) \(target) HTTP/1.1\r\n"
        for h in headers where h.name.lowercased() != "host" { head += "\(h.name): \(h.value)\r\n" }
        head += "Host: \(headers.first { $0.name.lowercased() == "host" }?.value ?? "\(host):\(port)")\r\n"
        head += "Content-Length: \(body.count)\r\n\r\n"
        let bytes = Array(head.utf8) + body
        let reused = fd >= 0
        do {
            return try exchange(bytes)
        } catch {
            close()
            guard reused, error.nothingRead else { throw error.failure }
            do { return try exchange(bytes) } catch { close(); throw error.failure }
        }
    }

    private struct ExchangeError: Error {
        let failure: Failure
        let nothingRead: Bool
    }

    private func exchange(_ request: [UInt8]) throws(ExchangeError) -> Response {
        if fd < 0 {
            do { try connect() } catch { throw ExchangeError(failure: error, nothingRead: false) }
        }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { throw ExchangeError(failure: Failure(description: "sending: \(String(cString: strerror(errno)))"), nothingRead: true) }
            sent += n
        }
        do {
            return try readResponse()
        } catch {
            throw ExchangeError(failure: error.failure, nothingRead: error.nothingRead)
        }
    }

    func connect() throws(Failure) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>? = nil
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let ai = cursor {
            cursor = ai.pointee.ai_next
            let s = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
            if s < 0 { continue }
            var one: Int32 = 1
            setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(s, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 {
                fd = s
                return
            }
            lastError = String(cString: strerror(errno))
            Glibc.close(s)
        }
        throw Failure(description: "cannot connect to \(host):\(port): \(lastError)")
    }

    /// Reads more bytes into `buffer`; false at end of stream.
    private func fill() throws(Failure) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 { throw Failure(description: errno == EAGAIN ? "no answer within \(timeoutSeconds) s" : "reading: \(String(cString: strerror(errno)))") }
        if n == 0 { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    private func readResponse() throws(ExchangeError) -> Response {
        func fail(_ why: String, nothingRead: Bool = false) -> ExchangeError {
            ExchangeError(failure: Failure(description: why), nothingRead: nothingRead)
        }
        do {
            var headEnd: Int? = nil
            while headEnd == nil {
                headEnd = Self.find([13, 10, 13, 10], in: buffer)
                if headEnd == nil, try !fill() {
                    throw fail("the server closed the connection", nothingRead: buffer.isEmpty)
                }
            }
            let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
            buffer.removeFirst(headEnd! + 4)
            let lines = head.components(separatedBy: "\r\n")
            let statusParts = lines[0].split(separator: " ")
            guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw fail("bad status line \"\(lines[0])\"") }
            var fields: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingSpaces()
            }
            let closes = fields["connection"]?.lowercased() == "close" || lines[0].hasPrefix("HTTP/1.0")
            var body: [UInt8]
            if let length = fields["content-length"].flatMap(Int.init) {
                while buffer.count < length { if try !fill() { throw fail("the body ended early") } }
                body = Array(buffer[0..<length])
                buffer.removeFirst(length)
            } else if fields["transfer-encoding"]?.lowercased().contains("chunked") == true {
                body = try readChunked()
            } else {
                while try fill() {}
                body = buffer
                buffer.removeAll()
                close()
            }
            if closes { close() }
            return Response(status: status, body: body)
        } catch let e as ExchangeError {
            throw e
        } catch let e as Failure {
            throw ExchangeError(failure: e, nothingRead: false)
        } catch {
            throw fail("\(error)")
        }
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            var lineEnd = Self.find([13, 10], in: buffer)
            while lineEnd == nil {
                guard try fill() else { throw Failure(description: "the chunked body ended early") }
                lineEnd = Self.find([13, 10], in: buffer)
            }
            let sizeText = String(decoding: buffer[0..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingSpaces(), radix: 16) else {
                throw Failure(description: "bad chunk size")
            }
            buffer.removeFirst(lineEnd! + 2)
            while buffer.count < size + 2 { guard try fill() else { throw Failure(description: "the chunk ended early") } }
            if size == 0 {
                buffer.removeFirst(2)
                return body
            }
            body.append(contentsOf: buffer[0..<size])
            buffer.removeFirst(size + 2)
        }
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = 0
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
