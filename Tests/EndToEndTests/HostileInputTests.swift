import CrossRegionEngine
import Foundation
import GRDB
@testable import RDSClient
import Testing

/// `serve` facing values and clients that mean it harm, or are merely unlucky.
@Suite("serve against hostile input")
struct HostileInputTests {
    @Test("Absurd stored sizes: a read-only key's cost requests are answered and the server lives on")
    func absurdStoredSizes() throws {
        let served = try ServedState()
        let id = try #require(try served.engine.instanceIndex(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).first?.id)
        try served.engine.store.write { db in
            try db.execute(sql: "UPDATE instance SET data_bytes = ?, log_bytes_per_hour = ? WHERE id = ?",
                           arguments: [Int64.max, Int64.max, id])
            try db.execute(sql: "UPDATE xseries SET size_bytes = ?", arguments: [Int64.max])
        }
        _ = try served.engine.advanceClock(by: 30 * UTCTime.day)
        let client = try OpenAPIClient(endpoint: "127.0.0.1:\(served.port)", accessKeyID: served.readOnlyKey.id,
                                       secret: served.readOnlyKey.secret)
        let costs = String(decoding: try client.call("LocalAsk", ["Query": CostsQuery.name,
                                                                  "Body": try StateQueries.encode(CostsQuery(ids: [id]))]), as: UTF8.self)
        #expect(costs.contains("9223372036854775807"))
        _ = try client.call("LocalAsk", ["Query": CostTotalsQuery.name,
                                         "Body": try StateQueries.encode(CostTotalsQuery(InstanceFilter(set: .backup, regionID: "cn-hangzhou")))])
        let after = String(decoding: try client.call("LocalDescribeClock", [:]), as: UTF8.self)
        #expect(after.contains("2026-"), "the server still answers")
    }

    @Test("import prints what it read with control characters written out: no escape sequence reaches the terminal")
    func importQuotesControls() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let list = dir + "/list.json", policy = dir + "/policy.json"
        try Data(#"[{"DBInstanceId": "rm-1", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-\u001b]52;c;aGk=\u0007", "Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceStatus": "Stopped\u001b[2J"}]"#.utf8)
            .write(to: URL(fileURLWithPath: list))
        let imported = try CommandLineTests.run(["import", list, "--state", dir + "/a.sqlite"])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(!imported.out.utf8.contains(0x1B) && !imported.out.utf8.contains(0x07))
        #expect(imported.out.contains(#"ZoneId cn-hangzhou-\u{1B}]52;c;aGk=\u{7} is not a zone of cn-hangzhou"#), "\(imported.out)")
        #expect(imported.out.contains(#"1 instance(s) were Stopped\u{1B}[2J: imported as Running"#))
        try Data(#"{"DBInstanceId": "rm-1", "BackupEnabled": "\u001b[31mred"}"#.utf8).write(to: URL(fileURLWithPath: policy))
        let refused = try CommandLineTests.run(["import", list, policy, "--state", dir + "/b.sqlite"])
        #expect(refused.status == 1)
        #expect(!refused.err.utf8.contains(0x1B))
        #expect(refused.err.contains(#"$.BackupEnabled: expected "Enable" or "Disable", found "\u{1B}[31mred"."#), "\(refused.err)")
    }
}

/// `serve` as a stand-in for the cloud: its actions only, its flow control, HTTPS.
@Suite("serve as a stand-in cloud")
struct StandInCloudTests {
    @Test("--openapi-only --throttle 5: Local* actions are unknown, and the sixth request of a second is Throttling.User until a token comes back")
    func openapiOnlyThrottled() throws {
        let served = try ServedState(serveArguments: ["--openapi-only", "--throttle", "5"])
        let client = try OpenAPIClient(endpoint: "127.0.0.1:\(served.port)", accessKeyID: served.key.id, secret: served.key.secret)
        client.retry = .never  // the server's answers themselves
        let local = #expect(throws: EngineError.self) { _ = try client.call("LocalDescribeClock", [:]) }
        #expect(local?.code == .invalidActionNotFound && local?.httpStatus == 404)
        Thread.sleep(forTimeInterval: 1.1)  // a full bucket
        var codes: [String] = []
        let start = Date()
        for _ in 0..<10 {
            do {
                _ = try client.call("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "1"])
                codes.append("OK")
            } catch {
                codes.append("\(error.code.code) \(error.httpStatus)")
            }
        }
        // A full bucket of 5, then one token every 200 ms.
        let elapsed = Date().timeIntervalSince(start), passed = codes.filter { $0 == "OK" }.count
        #expect(Array(codes.prefix(5)) == ["OK", "OK", "OK", "OK", "OK"], "\(codes)")
        #expect(passed <= 5 + Int(elapsed * 5), "\(passed) passed in \(elapsed) s: \(codes)")
        #expect(codes.dropFirst(5).allSatisfy { $0 == "OK" || $0 == "Throttling.User 400" } && codes.contains("Throttling.User 400"))
        let other = try OpenAPIClient(endpoint: "127.0.0.1:\(served.port)", accessKeyID: served.readOnlyKey.id,
                                      secret: served.readOnlyKey.secret)
        _ = try other.call("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "1"])  // per AccessKey
        Thread.sleep(forTimeInterval: 0.3)
        _ = try client.call("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "1"])
    }

    @Test("--tls-cert/--tls-key: HTTPS with that certificate (curl and our client check it against its CA file, and refuse it without); plain HTTP on that port gets no answer")
    func https() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func run(_ tool: String, _ args: [String]) throws -> (status: Int32, out: String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = args
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        let made = try run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/key.pem",
                                                "-out", dir + "/cert.pem", "-days", "2", "-subj", "/CN=localhost",
                                                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        try #require(made.status == 0)
        let served = try ServedState(serveArguments: ["--tls-cert", dir + "/cert.pem", "--tls-key", dir + "/key.pem"])
        let url = "https://127.0.0.1:\(served.port)/?Action=DescribeRegions"
        let secure = try run("/usr/bin/curl", ["-s", "--cacert", dir + "/cert.pem", url])
        #expect(secure.status == 0 && secure.out.contains(#""Code":"MissingParameter""#), "\(secure.out)")
        let untrusted = try run("/usr/bin/curl", ["-s", url])
        #expect(untrusted.status == 60, "curl refuses a certificate it does not trust (exit 60)")
        let plain = try run("/usr/bin/curl", ["-s", "--max-time", "3", "http://127.0.0.1:\(served.port)/?Action=DescribeRegions"])
        #expect(plain.status != 0 && !plain.out.contains("RequestId"))
        // Our own client: AsyncHTTPClient over TLS, trusting that certificate through --ca-file.
        let client = try OpenAPIClient(endpoint: "https://127.0.0.1:\(served.port)", accessKeyID: served.key.id,
                                       secret: served.key.secret, caFile: dir + "/cert.pem")
        #expect(client.address == "https://127.0.0.1:\(served.port)")
        let clock = String(decoding: try client.call("LocalDescribeClock", [:]), as: UTF8.self)
        #expect(clock.contains(#""Clock""#) || clock.contains("2026-"), "\(clock)")
        let distrust = try OpenAPIClient(endpoint: "https://127.0.0.1:\(served.port)", accessKeyID: served.key.id,
                                         secret: served.key.secret)
        let refused = #expect(throws: EngineError.self) { _ = try distrust.call("LocalDescribeClock", [:]) }
        #expect(refused?.code == .endpointUnreachable && refused?.message.contains("Cannot reach https://127.0.0.1:") == true)
        let token = try OpenAPIClient(endpoint: "https://127.0.0.1:\(served.port)", accessKeyID: served.key.id,
                                      secret: served.key.secret, securityToken: "CAIStoken", caFile: dir + "/cert.pem")
        _ = try token.call("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "1"])  // x-acs-security-token is signed too
        let wrong = try CommandLineTests.run(["serve", "--state", served.dir + "/state.sqlite", "--port", "1",
                                              "--tls-cert", dir + "/key.pem", "--tls-key", dir + "/key.pem"])
        #expect(wrong.status == 1 && wrong.err.contains("cannot use --tls-cert"), "\(wrong.err)")
    }
}

@Suite("The OpenAPI client")
struct OpenAPIClientTests {
    @Test("Endpoints: https:// anywhere, plain HTTP to loopback only; a proxy from HTTPS_PROXY unless NO_PROXY names the host")
    func endpoints() throws {
        for ok in ["https://rds.aliyuncs.com", "https://rds.ap-southeast-1.aliyuncs.com:443/", "127.0.0.1:8080", "http://localhost:9"] {
            #expect(throws: Never.self) { _ = try OpenAPIClient(endpoint: ok, accessKeyID: "k", secret: "s") }
        }
        for (bad, words) in [("http://rds.aliyuncs.com", "plain HTTP would send signed requests in the clear"),
                             ("rds.aliyuncs.com:80", "plain HTTP would send signed requests in the clear"),
                             ("ftp://x", "the scheme is https://"), ("https://", "is not an endpoint URL"),
                             ("127.0.0.1", "needs its port")] {
            let e = #expect(throws: EngineError.self) { _ = try OpenAPIClient(endpoint: bad, accessKeyID: "k", secret: "s") }
            #expect(e?.code == .invalidEndpoint && e?.message.contains(words) == true, "\(bad): \(e?.message ?? "")")
        }
        let env = ["HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "internal.example,.corp"]
        #expect(try HTTPSTransport.proxy(scheme: "https", host: "rds.aliyuncs.com", environment: env) == .server(host: "proxy.example", port: 3128))
        #expect(try HTTPSTransport.proxy(scheme: "https", host: "internal.example", environment: env) == nil)
        #expect(try HTTPSTransport.proxy(scheme: "https", host: "rds.corp", environment: env) == nil)
        #expect(try HTTPSTransport.proxy(scheme: "https", host: "127.0.0.1", environment: env) == nil)
        #expect(try HTTPSTransport.proxy(scheme: "http", host: "rds.aliyuncs.com", environment: env) == nil, "HTTPS_PROXY is for https")
        #expect(try HTTPSTransport.proxy(scheme: "https", host: "x", environment: ["https_proxy": "proxy:8080"]) == .server(host: "proxy", port: 8080))
    }
}

@Suite("Retries")
struct RetryTests {
    @Test("Full jitter under a doubling ceiling, never before Retry-After; Throttling*, ServiceUnavailable and 5xx are transient")
    func policy() {
        let p = RetryPolicy(attempts: 4, base: 0.2, cap: 1)
        #expect(p.delay(retry: 1, retryAfter: nil, random: { $0.upperBound }) == 0.2)
        #expect(p.delay(retry: 3, retryAfter: nil, random: { $0.upperBound }) == 0.8)
        #expect(p.delay(retry: 9, retryAfter: nil, random: { $0.upperBound }) == 1, "capped")
        #expect(p.delay(retry: 1, retryAfter: 0.7, random: { $0.lowerBound }) == 0.7)
        #expect(RetryPolicy.isTransient(status: 400, code: .throttlingUser) && RetryPolicy.isTransient(status: 503, code: .serviceUnavailable))
        #expect(RetryPolicy.isTransient(status: 500, code: .internalError)
                && RetryPolicy.isTransient(status: 400, code: .received("Throttling", status: 400)), "every Throttling* code")
        #expect(!RetryPolicy.isTransient(status: 404, code: .invalidDBInstanceNotFound))
    }

    @Test("Against serve --throttle 5: reads are retried until they pass; a write is sent once and its Throttling.User is the caller's")
    func throttledEndpoint() throws {
        let served = try ServedState(serveArguments: ["--openapi-only", "--throttle", "5"])
        let client = try OpenAPIClient(endpoint: "127.0.0.1:\(served.port)", accessKeyID: served.key.id, secret: served.key.secret)
        client.retry = RetryPolicy(attempts: 12, base: 0.2, cap: 1)
        let start = Date()
        for _ in 0..<15 { _ = try client.call("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "1"]) }
        #expect(Date().timeIntervalSince(start) > 1.5, "15 reads at 5 a second wait for their tokens")
        let id = try #require(try served.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).first?.id)
        var throttled: EngineError?
        for _ in 0..<10 where throttled == nil {
            do {
                _ = try client.call("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": id, "Retention": "9"])
            } catch {
                throttled = error
            }
        }
        #expect(throttled?.code == .throttlingUser && throttled?.httpStatus == 400, "a write's throttling reaches the caller")
        client.retry = .never
        var codes = Set<ErrorCode>()
        for _ in 0..<10 {
            do { _ = try client.call("DescribeDBInstances", ["RegionId": "cn-hangzhou", "PageSize": "1"]) } catch { codes.insert(error.code) }
        }
        #expect(codes == [.throttlingUser], "without retries a burst is throttled")
    }
}
