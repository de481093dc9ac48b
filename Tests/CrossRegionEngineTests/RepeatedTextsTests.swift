import Foundation
import GRDB
import Testing
@testable import CrossRegionEngine

@Suite("Texts a column repeats")
struct RepeatedTextsTests {
    @Test("Each row reads its own text: repeated, alternating, of one length with other bytes, empty, and past the 32 a column keeps")
    func sameTextsAsSQLite() throws {
        let db = try DatabaseQueue()
        var values: [String] = []
        for i in 0..<400 {
            switch i % 5 {
            case 0, 1: values.append("cn-hangzhou")                    // runs of one value
            case 2: values.append(i % 2 == 0 ? "cn-shanghai" : "cn-beijing1")  // one length, other bytes
            case 3: values.append(i % 3 == 0 ? "" : "ap-southeast-1")
            default: values.append("region-\(i % 45)")                // more than a column keeps
            }
        }
        try db.write { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL)")
            for (n, v) in values.enumerated() {
                try db.execute(sql: "INSERT INTO t VALUES (?, ?, ?)", arguments: [n, v, String(v.reversed())])
            }
        }
        var read: [(String, String)] = []
        try db.read { db in
            var texts = RepeatedTexts()
            try RawRow.forEach(db, sql: "SELECT a, b FROM t ORDER BY n") { row in
                read.append((texts.text(row, 0), texts.text(row, 1)))
            }
        }
        #expect(read.map(\.0) == values)
        #expect(read.map(\.1) == values.map { String($0.reversed()) })
    }
}
