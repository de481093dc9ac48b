import Foundation
import GRDB
@testable import CrossRegionEngine

/// The built `rds-console` these tests start (`RDS_CONSOLE_BIN` names another).
enum Binary {
    static var path: String {
        if let b = ProcessInfo.processInfo.environment["RDS_CONSOLE_BIN"] { return b }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/rds-console").path
    }
}

/// A state file in a fresh temporary folder, for the binary to work on.
final class StateFolder {
    let dir: String
    let path: String
    let engine: Engine

    init(options: DemoFleet.Options = .init(empty: true)) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-bin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/state.sqlite"
        engine = try Engine.open(path: path, firstRun: options)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    var now: Seconds { (try? engine.now()) ?? 0 }

    /// Every row of the state's tables: what "changes nothing" is checked against.
    func dump() throws -> [String] {
        try engine.store.read { db in
            var out: [String] = []
            for table in ["meta", "instance", "xseries", "local_backup"] {
                out += try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1").map { "\(table) \($0)" }
            }
            return out
        }
    }
}
