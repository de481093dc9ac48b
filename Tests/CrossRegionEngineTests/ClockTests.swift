import Testing
@testable import CrossRegionEngine

@Suite("R7 the clock")
struct ClockTests {
    /// Every answer a script could read about the fleet, without request IDs.
    static func snapshot(_ f: Fixture) throws -> [String] {
        var out: [String] = []
        let all = try f.engine.instances(InstanceFilter(set: .all), limit: 10_000).items
        let now = UTCTime.format(f.now)
        for inst in all where f.engine.rules.isSource(inst.regionID) {
            let base = ["RegionId": inst.regionID, "DBInstanceId": inst.id]
            out.append(try f.ok("DescribeInstanceCrossBackupPolicy", base).withoutRequestID.compact())
            for kind in ["DescribeCrossRegionBackups", "DescribeCrossRegionLogBackupFiles"] {
                var page = 1
                while true {
                    let body = try f.ok(kind, base.merging(["StartTime": "2020-01-01T00:00:00Z", "EndTime": now,
                                                            "PageSize": "100", "PageNumber": String(page)]) { $1 })
                    out.append(body.withoutRequestID.compact())
                    if body["Items"]!.items.count < 100 { break }
                    page += 1
                }
            }
            if !inst.isReleased {
                out.append(try f.ok("DescribeBackups", ["DBInstanceId": inst.id, "PageSize": "100"]).withoutRequestID.compact())
            }
            for w in try f.engine.recoveryWindows(instanceID: inst.id) { out.append("\(w)") }
        }
        for r in f.engine.rules.regions {
            out.append(try f.ok("DescribeDetachedBackups", ["Region": r.id, "PageSize": "100"]).withoutRequestID.compact())
        }
        for r in f.engine.rules.sources {
            out.append(try f.ok("DescribeCrossRegionBackupDBInstance", ["RegionId": r.id, "PageSize": "100"])
                .withoutRequestID.compact())
        }
        let cost = try f.engine.fleetCost()
        out.append("\(cost.instances) \(cost.accruedUSD) \(cost.projected30dUSD) \(cost.trafficBytes)")
        return out
    }

    @Test("R7.1: ten 1-day steps and one 10-day step give byte-identical answers")
    func determinism() throws {
        let a = try Fixture(options: .standard)
        let b = try Fixture(options: .standard)
        #expect(try Self.snapshot(a) == Self.snapshot(b))
        try a.advance("10d")
        for _ in 0..<10 { try b.advance("1d") }
        let sa = try Self.snapshot(a), sb = try Self.snapshot(b)
        #expect(sa.count > 100)
        #expect(sa == sb)
        // And the fleet did change over those days.
        let c = try Fixture(options: .standard)
        #expect(try Self.snapshot(c) != sa)
    }

    @Test("R7.1: the clock never moves by itself and never goes backwards")
    func forwardOnly() throws {
        let f = try Fixture()
        let t = f.now
        #expect(try f.engine.now() == t)
        #expect(throws: EngineError.self) { try f.engine.setClock(to: t - 1) }
        #expect(throws: EngineError.self) { try f.engine.advanceClock(by: 0) }
        try f.engine.syncClock(wall: t - 86_400)
        #expect(f.now == t)
        try f.engine.syncClock(wall: t + 60)
        #expect(f.now == t + 60)
    }

    @Test("Spans and times parse strictly", arguments: [
        ("90m", Int64(5400)), ("36h", 129_600), ("7d", 604_800), ("1y", 31_536_000), ("1d12h", 129_600), ("2w", 1_209_600),
    ])
    func spans(_ c: (String, Int64)) throws {
        #expect(try UTCTime.parseDuration(c.0) == c.1)
    }

    @Test("Bad spans and times are refused")
    func badSpans() {
        let bad: [(String, DurationError.Reason)] = [
            ("", .empty), ("0d", .zero), ("d", .unitWithoutNumber("d")), ("1x", .unknownUnit("x")), ("-1d", .unknownUnit("-")),
            ("1.5d", .unknownUnit(".")), ("101y", .tooLong), ("12", .numberWithoutUnit),
        ]
        for (text, reason) in bad {
            #expect(throws: DurationError(text: text, reason: reason), "\(text)") { try UTCTime.parseDuration(text) }
        }
        #expect(DurationError(text: "1x", reason: .unknownUnit("x")).description
                == "\"1x\" is not a span: \"x\" is not a unit (s, m, h, d, w, y); write a span such as 90m, 36h, 7d, 2w, 1y or 1d12h (at most 100y).")
        for bad in ["2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01 00:00:00", "2026-01-01T00:00:00+08:00"] {
            #expect(UTCTime.parse(bad) == nil, "\(bad)")
        }
        #expect(UTCTime.parse("2026-02-28T23:59:59Z").map(UTCTime.format) == "2026-02-28T23:59:59Z")
        #expect(UTCTime.parse("2028-02-29T12:00Z").map(UTCTime.format) == "2028-02-29T12:00:00Z")
    }
}

@Suite("What the clock does")
struct ClockReportTests {
    @Test("The report counts what is copied and what expires: the file lists before and after agree with it")
    func report() throws {
        let f = try Fixture(options: .init(instances: 60, seed: 3))
        func totals() throws -> (sets: Int64, logs: Int64) {
            var sets: Int64 = 0, logs: Int64 = 0
            for id in try f.engine.instanceIndex(InstanceFilter(set: .all)).map(\.id) {
                sets += Int64(try f.engine.crossRegionFiles(instanceID: id, query: FileQuery(kind: .data, limit: 0)).total)
                logs += Int64(try f.engine.crossRegionFiles(instanceID: id, query: FileQuery(kind: .log, limit: 0)).total)
            }
            return (sets, logs)
        }
        for span in [UTCTime.day, 10 * UTCTime.day, 400 * UTCTime.day] {
            let t0 = try f.engine.now(), before = try totals()
            let preview = try f.engine.clockReport(from: t0, to: t0 + span)
            let t1 = try f.engine.advanceClock(by: span)
            let after = try totals()
            #expect(try f.engine.clockReport(from: t0, to: t1) == preview, "the same before and after")
            #expect(preview.setsCopied - preview.setsExpired == after.sets - before.sets)
            #expect(preview.logsCopied - preview.logsExpired == after.logs - before.logs)
            #expect(preview.setsCopied > 0 && preview.logsCopied > 0)
            if span > 365 * UTCTime.day { #expect(preview.setsExpired >= before.sets, "a long jump outlives every set kept now") }
        }
        var r = ClockReport(from: 0, to: 1)
        (r.setsCopied, r.logsCopied, r.setsExpired) = (12, 288, 3)
        #expect(r.summary == "copied 12 sets and 288 log files; 3 sets expired")
        #expect(ClockReport(from: 0, to: 1).summary == "copied 0 sets and 0 log files; nothing expired")
    }
}
