import Foundation
import Testing
@testable import CrossRegionEngine

@Suite("Times and file names")
struct FileNameTests {
    /// The reference: Foundation's own ISO 8601 writer, in UTC.
    private static func iso(_ t: Seconds) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }

    @Test("Times are written as ISO 8601 writes them, from 1970 to 9999, with or without separators, and read back")
    func timesAcrossTheYears() {
        var rng = SystemRandomNumberGenerator()
        let first: Seconds = 0  // 1970-01-01T00:00:00Z, the first time a state reads
        let last: Seconds = 253_402_300_799  // 9999-12-31T23:59:59Z
        let samples = [first, last, 951_782_400, 1_790_812_800] + (0..<2_000).map { _ in Seconds.random(in: first...last, using: &rng) }
        for t in samples {
            let text = UTCTime.format(t)
            #expect(text == Self.iso(t), "\(t)")
            #expect(UTCTime.formatCompact(t) == text.filter(\.isNumber), "\(t)")
            #expect(UTCTime.parse(text) == t, "\(t)")
        }
        // Before 1970 (never read back) and past 9999 the digits are still the proleptic calendar's.
        #expect(UTCTime.format(-1) == "1969-12-31T23:59:59Z")
        #expect(UTCTime.format(last + 1) == "10000-01-01T00:00:00Z")
        #expect(UTCTime.formatCompact(last + 1) == "100000101000000")
    }

    @Test("A file is named after its region, instance, host, and its backup start or binlog number")
    func namesOfFiles() throws {
        let f = try Fixture()
        let id = try f.create()
        try f.advance("1d")
        try f.enable(id, log: true)
        try f.advance("3d")
        let inst = try f.engine.instance(id: id)
        let sets = try f.dataFiles(id)
        let logs = try f.logFiles(id)
        #expect(!sets.isEmpty && !logs.isEmpty)
        for s in sets {
            let start = Self.iso(s.sourceStart).filter(\.isNumber)
            #expect(s.name == "cn-hangzhou_\(id)_hins\(inst.hostInstanceID)_data_\(start)_qp.xb")
        }
        let numbers = logs.map { $0.name.components(separatedBy: "mysql-bin.").last! }
        #expect(logs.allSatisfy { $0.name.hasPrefix("cn-hangzhou_\(id)_\(inst.hostInstanceID)_mysql-bin.") })
        #expect(numbers.allSatisfy { $0.count == 6 && $0.allSatisfy(\.isNumber) })
        // Newest first, one binlog an hour: the numbers count down by one.
        #expect(zip(numbers, numbers.dropFirst()).allSatisfy { Int($0)! == Int($1)! + 1 })
        #expect(logs.map(\.binlogNumber) == numbers.map { Int64($0)! })
    }
}
