import Foundation
import RDSClient

/// Closed-loop load: `clients` threads, each with its own keep-alive
/// connection, sending the next request as soon as the last is answered.
enum LoadGenerator {
    struct Request {
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8] = []
    }

    struct Result {
        var requests: Int
        var seconds: Double
        var p50: Double
        var p99: Double
        var failures: Int
        var firstFailure: String?
        var perSecond: Double { Double(requests) / seconds }
    }

    /// Runs for `seconds`; `make(client, n)` builds client's n-th request (signed afresh).
    static func run(port: Int, clients: Int, seconds: Double,
                    make: @escaping @Sendable (Int, Int) -> Request) -> Result {
        let tally = Tally()
        let start = Date()
        let deadline = start.addingTimeInterval(seconds)
        let done = DispatchGroup()
        for client in 0..<clients {
            done.enter()
            let thread = Thread {
                let connection = HTTPConnection(host: "127.0.0.1", port: port)
                var latencies: [Double] = []
                var failures = 0
                var firstFailure: String? = nil
                var n = 0
                while Date() < deadline {
                    let r = make(client, n)
                    let t = DispatchTime.now().uptimeNanoseconds
                    do {
                        let response = try connection.send(method: "POST", target: r.target, headers: r.headers, body: r.body)
                        if response.status != 200 {
                            failures += 1
                            if firstFailure == nil { firstFailure = "HTTP \(response.status): \(String(decoding: response.body.prefix(300), as: UTF8.self))" }
                        }
                    } catch {
                        failures += 1
                        if firstFailure == nil { firstFailure = "\(error)" }
                    }
                    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                    n += 1
                }
                tally.add(latencies, failures: failures, firstFailure: firstFailure)
                done.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        done.wait()
        let elapsed = Date().timeIntervalSince(start)
        return tally.result(seconds: elapsed)
    }

    /// What the threads measured, gathered under a lock.
    private final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var latencies: [Double] = []
        private var failures = 0
        private var firstFailure: String? = nil

        func add(_ l: [Double], failures f: Int, firstFailure first: String?) {
            lock.lock()
            defer { lock.unlock() }
            latencies += l
            failures += f
            firstFailure = firstFailure ?? first
        }

        func result(seconds: Double) -> Result {
            lock.lock()
            defer { lock.unlock() }
            let sorted = latencies.sorted()
            func pct(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
            return Result(requests: sorted.count, seconds: seconds, p50: pct(0.5), p99: pct(0.99), failures: failures,
                          firstFailure: firstFailure)
        }
    }
}
