import Foundation
import GRDB
import Testing
@testable import CrossRegionEngine

/// A fresh, empty state in a temporary folder, and helpers to drive it the
/// way a script would: through OpenAPI actions.
final class Fixture {
    let dir: String
    let path: String
    let engine: Engine
    let api: OpenAPI

    init(options: DemoFleet.Options = .init(empty: true)) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/state.sqlite"
        engine = try Engine.open(path: path, firstRun: options)
        api = OpenAPI(engine: engine)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// Creates an instance through `CreateDBInstance` (it is `Creating` for a few minutes).
    func create(_ region: String = "cn-hangzhou", version: String = "8.0", category: String = "HighAvailability",
                storage: String = "local_ssd", engineName: String = "MySQL", gb: Int = 100) throws -> String {
        let body = try ok("CreateDBInstance", [
            "RegionId": region, "Engine": engineName, "EngineVersion": version,
            "DBInstanceClass": engineName == "MySQL" ? "rds.mysql.s2.large" : InstanceClass.all.first { $0.engine == engineName }!.code,
            "DBInstanceStorage": String(gb), "DBInstanceNetType": "Intranet", "PayType": "Postpaid",
            "SecurityIPList": "10.0.0.0/8", "Category": category, "DBInstanceStorageType": storage,
        ])
        return body["DBInstanceId"]!.stringValue
    }

    /// A successful call's body; a refusal fails the test with its message.
    @discardableResult
    func ok(_ action: String, _ params: [String: String]) throws -> JSON {
        switch api.call(action, params) {
        case .success(let body): return body
        case .failure(let e, _): throw e
        }
    }

    /// The refusal of a call that must be refused (nil when it was not).
    func refusal(_ action: String, _ params: [String: String]) -> EngineError? {
        if case .failure(let e, _) = api.call(action, params) { return e }
        return nil
    }

    func advance(_ span: String) throws {
        try engine.advanceClock(by: UTCTime.parseDuration(span))
    }

    var now: Seconds { (try? engine.now()) ?? 0 }

    /// Every row of every table: what "changes nothing" is checked against.
    func dump() throws -> [String] {
        try engine.store.read { db in
            var out: [String] = []
            for table in ["meta", "instance", "xseries", "local_backup"] {
                out += try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1").map { "\(table) \($0)" }
            }
            return out
        }
    }

    func enable(_ id: String, to dest: String = "cn-shanghai", retention: Int = 7, log: Bool = false,
                region: String = "cn-hangzhou") throws {
        try ok("ModifyInstanceCrossBackupPolicy", [
            "RegionId": region, "DBInstanceId": id, "BackupEnabled": "1", "CrossBackupRegion": dest,
            "Retention": String(retention), "LogBackupEnabled": log ? "1" : "0",
        ])
    }

    /// Why enabling `id` (to `dest`, 7 days) is refused, or nil.
    func enableRefusal(_ id: String, region: String = "cn-hangzhou", to dest: String = "cn-shanghai") -> EngineError? {
        refusal("ModifyInstanceCrossBackupPolicy", [
            "RegionId": region, "DBInstanceId": id, "BackupEnabled": "1", "CrossBackupRegion": dest, "Retention": "7"])
    }

    func policy(_ id: String, region: String = "cn-hangzhou") throws -> JSON {
        try ok("DescribeInstanceCrossBackupPolicy", ["RegionId": region, "DBInstanceId": id]).withoutRequestID
    }

    func dataFiles(_ id: String) throws -> [CrossRegionFile] {
        try engine.crossRegionFiles(instanceID: id, query: FileQuery(kind: .data, limit: 10_000)).items
    }

    func logFiles(_ id: String) throws -> [CrossRegionFile] {
        try engine.crossRegionFiles(instanceID: id, query: FileQuery(kind: .log, limit: 100_000)).items
    }
}

extension JSON {
    var stringValue: String {
        switch self {
        case .string(let s): return s
        case .int(let v): return String(v)
        default: return compact()
        }
    }

    var intValue: Int64? {
        if case .int(let v) = self { return v }
        return nil
    }

    var items: [JSON] {
        if case .array(let a) = self { return a }
        if case .object(let fields) = self, fields.count == 1, case .array(let a) = fields[0].value { return a }
        return []
    }

    var keys: [String] {
        if case .object(let fields) = self { return fields.map(\.key) }
        return []
    }

    /// The body without its (random) `RequestId`.
    var withoutRequestID: JSON {
        if case .object(let fields) = self { return .object(fields.filter { $0.key != "RequestId" }) }
        return self
    }
}
