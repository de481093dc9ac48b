import CrossRegionEngine
import Foundation
import RDSClient
import Testing

/// `serve` facing many clients: idle connections are closed, the number of
/// connections is capped (one more is closed at once), HTTP/1.0 gets HTTP/1.0.
@Suite("serve's connections")
struct ServerConnectionTests {
    /// A raw TCP client, to speak HTTP/1.0 and to hold connections idle.
    final class Socket {
        let fd: Int32

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard rc == 0 else { throw POSIXError(.ECONNREFUSED) }
        }

        deinit { close(fd) }

        func send(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(fd, $0.baseAddress, $0.count - 1, 0) } }

        /// What arrives within `seconds`, and whether the server closed the connection (and when).
        func receive(for seconds: Double) -> (text: String, closedAfter: Double?) {
            var tv = timeval(tv_sec: 0, tv_usec: 50_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var bytes: [UInt8] = []
            let start = Date()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date().timeIntervalSince(start) < seconds {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n == 0 || (n < 0 && errno == ECONNRESET) {
                    return (String(decoding: bytes, as: UTF8.self), Date().timeIntervalSince(start))
                }
                if n > 0 { bytes += buffer[0..<n] }
            }
            return (String(decoding: bytes, as: UTF8.self), nil)
        }
    }

    @Test("HTTP/1.0 is answered in HTTP/1.0 and closed, unless it asked for keep-alive; HTTP/1.1 stays open")
    func http10() throws {
        let served = try ServedState(options: .init(empty: true))
        let plain = try Socket(port: served.port)
        plain.send("GET / HTTP/1.0\r\nHost: x\r\n\r\n")
        let a = plain.receive(for: 2)
        #expect(a.text.hasPrefix("HTTP/1.0 400 "))
        #expect(a.text.lowercased().contains("connection: close\r\n"))
        #expect(a.closedAfter != nil && a.closedAfter! < 0.5)
        let keep = try Socket(port: served.port)
        keep.send("GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
        let b = keep.receive(for: 0.5)
        #expect(b.text.hasPrefix("HTTP/1.0 400 ") && b.closedAfter == nil)
        let modern = try Socket(port: served.port)
        modern.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let c = modern.receive(for: 0.5)
        #expect(c.text.hasPrefix("HTTP/1.1 400 ") && c.closedAfter == nil)
    }

    @Test("A request line of hundreds of kilobytes (a batch of 15,000 IDs) reaches the parameter checks and gets the documented answer")
    func longRequestLine() throws {
        let served = try ServedState(options: .init(empty: true))
        let client = try OpenAPIClient(endpoint: "127.0.0.1:\(served.port)", accessKeyID: served.key.id, secret: served.key.secret)
        let ids = (0..<15_000).map { String(format: "rm-%014d", $0) }.joined(separator: ",")
        let e = #expect(throws: EngineError.self) {
            _ = try client.call("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": ids, "Retention": "9"])
        }
        #expect(e?.code == .invalidDBInstanceNotFound && e?.httpStatus == 404)
        #expect(e?.failures.count == 15_000)
    }

    @Test("An idle connection is closed after the idle timeout; past the cap the connection idle the longest makes room for the new one")
    func limits() throws {
        let served = try ServedState(options: .init(empty: true), serveArguments: ["--idle-timeout", "1", "--max-connections", "2"])
        usleep(300_000)  // the readiness probe's connections are gone
        let idle = try Socket(port: served.port)
        let closed = idle.receive(for: 3).closedAfter
        #expect(closed != nil && closed! > 0.8 && closed! < 2, "closed after \(closed ?? -1) s")
        let first = try Socket(port: served.port)
        usleep(50_000)  // accepted on either of the server's event loops: one after the other
        let held = [first, try Socket(port: served.port)]
        usleep(100_000)
        let extra = try Socket(port: served.port)
        extra.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(extra.receive(for: 0.5).text.hasPrefix("HTTP/1.1 400 "), "the newest connection is served")
        let oldest = held[0].receive(for: 0.3)
        #expect(oldest.closedAfter != nil && oldest.closedAfter! < 0.1, "the connection idle the longest made room")
    }

    @Test("When every open connection is in the middle of a request, one more is closed at once")
    func allBusy() throws {
        let served = try ServedState(options: .init(empty: true), serveArguments: ["--max-connections", "2"])
        usleep(300_000)
        // Each promises a body that never comes: a request under way.
        let busy = try [Socket(port: served.port), Socket(port: served.port)]
        for b in busy { b.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc") }
        usleep(200_000)
        let extra = try Socket(port: served.port)
        extra.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let refused = extra.receive(for: 1)
        #expect(refused.text.isEmpty && refused.closedAfter != nil && refused.closedAfter! < 0.3)
        #expect(busy[0].receive(for: 0.2).closedAfter == nil, "a request under way is never cut off for a newcomer")
    }

    @Test("2,000 sockets that never send a byte: each is closed 5 s after it connects, and a signed request is answered within 1 s meanwhile")
    func idleSockets() throws {
        let served = try ServedState(options: .init(empty: true))
        usleep(300_000)
        let silent = try (0..<2_000).map { _ in try Socket(port: served.port) }
        let lastConnected = Date()
        usleep(100_000)
        let client = try OpenAPIClient(endpoint: "127.0.0.1:\(served.port)", accessKeyID: served.key.id, secret: served.key.secret)
        let asked = Date()
        _ = try client.call("LocalDescribeClock", [:])
        #expect(Date().timeIntervalSince(asked) < 1, "answered after \(Date().timeIntervalSince(asked)) s")
        // The newest silent socket is still open (the cap closed older ones first), and closes at its deadline.
        let last = silent[silent.count - 1].receive(for: 8)
        let closedAt = Date().timeIntervalSince(lastConnected)
        #expect(last.text.isEmpty && last.closedAfter != nil, "a socket that never sends is closed")
        #expect(closedAt > 4.5 && closedAt < 6.5, "closed about 5 s after it connected: \(closedAt) s")
    }

    @Test("Header fields past 64 KiB are answered 431 and the connection closed; a long request line is not a header")
    func largeHeaders() throws {
        let served = try ServedState(options: .init(empty: true))
        let big = try Socket(port: served.port)
        big.send("GET / HTTP/1.1\r\nHost: x\r\nX-Padding: \(String(repeating: "a", count: 200_000))\r\n\r\n")
        let answer = big.receive(for: 2)
        #expect(answer.text.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"), "\(answer.text.prefix(200))")
        #expect(answer.text.contains(#""Code":"RequestHeaderFieldsTooLarge""#))
        #expect(answer.closedAfter != nil)
        let fine = try Socket(port: served.port)
        fine.send("GET /?\(String(repeating: "a", count: 200_000))=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(fine.receive(for: 1).text.hasPrefix("HTTP/1.1 400 "), "the request line reaches the parameter checks")
    }
}
