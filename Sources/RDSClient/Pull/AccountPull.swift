import CrossRegionEngine
import Foundation

/// Reads an account through the OpenAPI only, into a folder of saved answers
/// that `import` reads (`FleetAnswers`), so a pull builds its state through
/// the same path as an import. List actions where they exist
/// (`DescribeDBInstances` by `MaxResults`/`NextToken`,
/// `DescribeDBInstanceAttribute` 30 instances a call,
/// `DescribeCrossRegionBackupDBInstance` by page); calls per instance only
/// where nothing lists (`DescribeDBInstanceTDE`, and the files an instance
/// holds: `DescribeCrossRegionBackups`, `DescribeCrossRegionLogBackupFiles`). Each answer is written
/// whole (to a temporary name, then renamed), so an interrupted pull resumes
/// from the answers it has: a call whose file exists is not made again.
public final class AccountPull: @unchecked Sendable {
    /// What the pull has done so far, for a progress line.
    public struct Progress: Sendable {
        public var calls: Int
        /// Calls known to be needed so far (grows as listings reveal instances).
        public var known: Int
        public var seconds: Double
        public var region: String
    }

    let folder: String
    let budget: CallBudget
    let workers: Int
    private let clientFor: @Sendable (String) throws(EngineError) -> OpenAPIClient
    private let report: @Sendable (Progress) -> Void
    private let lock = NSLock()
    private var progress = Progress(calls: 0, known: 0, seconds: 0, region: "")
    private let started = Date()

    /// `clientFor`: a client for a region's endpoint (one per worker: each call
    /// signs afresh). `rate`: calls a second at most, across `workers`.
    public init(folder: String, rate: Int, workers: Int = 4,
                clientFor: @escaping @Sendable (String) throws(EngineError) -> OpenAPIClient,
                report: @escaping @Sendable (Progress) -> Void = { _ in }) {
        self.folder = folder
        budget = CallBudget(perSecond: rate)
        self.workers = max(1, workers)
        self.clientFor = clientFor
        self.report = report
    }

    private var unserved: [String] = []

    /// The regions the account answered are none of its, in the order asked.
    public var unservedRegions: [String] {
        lock.lock()
        defer { lock.unlock() }
        return unserved
    }

    /// Calls made (answers already saved are not counted).
    public var calls: Int {
        lock.lock()
        defer { lock.unlock() }
        return progress.calls
    }

    /// Reads `regions` into the folder; answers the files written, in a stable order.
    public func run(regions: [String]) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for region in regions {
            note(region: region)
            let client = try clientFor(region)
            guard let ids = try listInstances(region, client) else {
                lock.lock()
                unserved.append(region)
                lock.unlock()
                continue
            }
            try attributes(region, ids, client)
            let held = try policies(region, client)
            try tde(region, ids)
            try history(region, held)
        }
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
            .map { folder + "/" + $0 }
    }

    // MARK: The calls

    /// Every instance of the region, 100 a page; the IDs in listing order; nil when the
    /// account answers that the region is none of its (400 `InvalidRegion.Format`: an account
    /// that follows an older edition of the rules, with fewer regions).
    private func listInstances(_ region: String, _ client: OpenAPIClient) throws -> [String]? {
        var ids: [String] = []
        var token = ""
        var page = 1
        repeat {
            var parameters = ["RegionId": region, "MaxResults": "100"]
            if !token.isEmpty { parameters["NextToken"] = token }
            let answer: [UInt8]
            do {
                answer = try saved("\(region)-instances-\(page)", known: 1) {
                    try refusedBefore("\(region)-unserved")
                    return try client.call("DescribeDBInstances", parameters)
                }
            } catch let e as EngineError where page == 1 && e.code == .invalidRegionFormat {
                try remember("\(region)-unserved", e)
                return nil
            }
            let object = try Self.object(answer)
            let items = (object["Items"] as? [String: Any])?["DBInstance"] as? [[String: Any]] ?? []
            ids += items.compactMap { $0["DBInstanceId"] as? String }
            token = object["NextToken"] as? String ?? ""
            page += 1
        } while !token.isEmpty
        return ids
    }

    /// Storage size, used bytes and edition, 30 instances a call.
    private func attributes(_ region: String, _ ids: [String], _ client: OpenAPIClient) throws {
        let chunks = stride(from: 0, to: ids.count, by: 30).map { Array(ids[$0..<min(ids.count, $0 + 30)]) }
        add(known: chunks.count)
        for (n, chunk) in chunks.enumerated() {
            _ = try saved("\(region)-attributes-\(n + 1)", known: 0) {
                try client.call("DescribeDBInstanceAttribute", ["RegionId": region, "DBInstanceId": chunk.joined(separator: ",")])
            }
        }
    }

    /// The cross-region policies of the region's instances (those with backup on, or files still held),
    /// 100 a page, saved as the cloud answered (import reads `Items.Item`); answers the instances listed.
    private func policies(_ region: String, _ client: OpenAPIClient) throws -> [String] {
        var held: [String] = []
        var page = 1
        while true {
            let answer: [UInt8]
            do {
                answer = try saved("\(region)-policies-\(page)", known: 1) {
                    try refusedBefore("\(region)-policies-\(page)-refused")
                    return try client.call("DescribeCrossRegionBackupDBInstance", ["RegionId": region, "PageSize": "100",
                                                                                 "PageNumber": String(page)])
                }
            } catch let e as EngineError where e.code == .crossBackupNotSupport {
                // A region that is no source under the account's rules (403): it holds no policy.
                try remember("\(region)-policies-\(page)-refused", e)
                return held
            }
            let items = (try Self.object(answer)["Items"] as? [String: Any])?["Item"] as? [[String: Any]] ?? []
            held += items.compactMap { $0["DBInstanceId"] as? String }  // a released one too: its files are still there
            if items.count < 100 { return held }
            page += 1
        }
    }

    /// The cross-region files each instance holds, data sets and binlogs, 100 a page (nothing
    /// lists them for a region), by `workers` at once: import rebuilds the instance's history from them.
    private func history(_ region: String, _ ids: [String]) throws {
        add(known: ids.count * 2)
        // Every file there is: from before any instance existed to well after the clock.
        let range = ["StartTime": "2000-01-01T00:00:00Z", "EndTime": "2099-12-31T23:59:59Z"]
        try eachInstance(region, ids) { id, client in
            for (action, name) in [("DescribeCrossRegionBackups", "backups"), ("DescribeCrossRegionLogBackupFiles", "binlogs")] {
                var page = 1
                while true {
                    let answer = try self.saved("\(name)-\(id)-\(page)", known: page == 1 ? 0 : 1,
                                                transform: { try Self.naming($0, id) }) {
                        try client.call(action, range.merging(["RegionId": region, "DBInstanceId": id, "PageSize": "100",
                                                               "PageNumber": String(page)]) { $1 })
                    }
                    let items = (try Self.object(answer)["Items"] as? [String: Any])?["Item"] as? [Any] ?? []
                    if items.count < 100 { break }
                    page += 1
                }
            }
        }
    }

    /// Whether TDE is on, one call per instance (nothing lists it).
    private func tde(_ region: String, _ ids: [String]) throws {
        add(known: ids.count)
        try eachInstance(region, ids) { id, client in
            do {
                _ = try self.saved("tde-\(id)", known: 0, transform: { try Self.naming($0, id) }) {
                    try client.call("DescribeDBInstanceTDE", ["RegionId": region, "DBInstanceId": id])
                }
            } catch let e as EngineError where e.code.isOperationDenied {
                return  // TDE does not apply to this instance's engine or edition: nothing to save
                // (any other refusal, a key without the permission included, stops the pull and says so)
            }
        }
    }

    /// `body` for each instance, by `workers` at once, each worker with a client of its own;
    /// the first error stops them all and is thrown.
    private func eachInstance(_ region: String, _ ids: [String], _ body: @escaping @Sendable (String, OpenAPIClient) throws -> Void) throws {
        let failure = FirstError()
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let client: OpenAPIClient
            do {
                client = try self.clientFor(region)
            } catch {
                failure.set(error)  // a worker without a client must not leave its share of the calls undone in silence
                return
            }
            while failure.error == nil, let i = next.take(below: ids.count) {
                do { try body(ids[i], client) } catch { failure.set(error) }
            }
        }
        if let error = failure.error { throw error }
    }

    // MARK: Saving

    /// The answer saved as `name`.json: read back when the file exists (a resumed pull),
    /// else fetched within the budget, transformed and written whole.
    private func saved(_ name: String, known: Int, transform: ([UInt8]) throws -> [UInt8] = { $0 },
                       fetch: () throws -> [UInt8]) throws -> [UInt8] {
        let path = folder + "/" + name + ".json"
        if let kept = FileManager.default.contents(atPath: path) { return [UInt8](kept) }
        add(known: known)
        budget.take()
        let answer = try transform(try fetch())
        let temp = path + ".part"
        try Data(answer).write(to: URL(fileURLWithPath: temp))
        guard rename(temp, path) == 0 else { throw EngineError(.internalError, "cannot save \(path): \(String(cString: strerror(errno))).") }
        called()
        return answer
    }

    /// Keeps a refusal that answers a question for good (a region the account has not, or
    /// that is no source), so that `--resume` does not ask it again; counted as a call made.
    private func remember(_ name: String, _ refusal: EngineError) throws {
        let path = folder + "/" + name + ".refusal"
        if !FileManager.default.fileExists(atPath: path) {
            try Data(refusal.code.code.utf8).write(to: URL(fileURLWithPath: path))
            called()
        }
    }

    /// Throws the refusal `remember` kept under `name`, if any, without calling.
    private func refusedBefore(_ name: String) throws {
        let path = folder + "/" + name + ".refusal"
        guard let kept = FileManager.default.contents(atPath: path) else { return }
        throw EngineError(.received(String(decoding: kept, as: UTF8.self), status: 0), "answered before this --resume.")
    }

    /// An answer with the instance it is about (DescribeDBInstanceTDE and DescribeCrossRegionBackups name none).
    static func naming(_ answer: [UInt8], _ id: String) throws -> [UInt8] {
        var object = try object(answer)
        object["DBInstanceId"] = id
        return [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    static func object(_ answer: [UInt8]) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any] else {
            throw EngineError(.endpointBadResponse, "The endpoint answered with JSON that is not an object.")
        }
        return object
    }

    // MARK: Progress

    private func note(region: String) {
        lock.lock()
        progress.region = region
        let p = progress
        lock.unlock()
        report(p)
    }

    private func add(known: Int) {
        lock.lock()
        progress.known += known
        lock.unlock()
    }

    private func called() {
        lock.lock()
        progress.calls += 1
        progress.seconds = Date().timeIntervalSince(started)
        let p = progress
        lock.unlock()
        report(p)
    }
}
