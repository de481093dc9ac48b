import Foundation
import Testing
@testable import CrossRegionEngine

/// The disaster-recovery drill: a source region lost now, each instance's
/// answer from the engine's own windows and restore durations.
@Suite("Disaster-recovery drill")
struct DrillTests {
    @Test("Each kind of instance: its protection, destination, latest restorable time, RPO and restore time to the second")
    func kinds() throws {
        let f = try Fixture()
        let withLog = try f.create(), withoutLog = try f.create(), notEnabled = try f.create()
        let notQualifying = try f.create(version: "5.5"), firstCopy = try f.create(gb: 2_000), released = try f.create()
        try f.advance("1d")
        try f.enable(withLog, log: true)
        try f.enable(withoutLog, to: "cn-qingdao")
        try f.enable(released)
        try f.advance("2d")
        _ = try f.ok("DeleteDBInstance", ["DBInstanceId": released])
        try f.enable(firstCopy)
        let now = try f.engine.now()

        let report = try f.engine.drill(region: "cn-hangzhou", rpoTarget: 2 * 3600)
        #expect(report.at == now && report.rpoTarget == 7200 && report.rtoTarget == nil)
        #expect(!report.rows.contains { $0.instanceID == released }, "released before the loss: nothing to restore")
        func row(_ id: String) throws -> DrillReport.Row { try #require(report.rows.first { $0.instanceID == id }) }

        for (id, destination) in [(withLog, "cn-shanghai"), (withoutLog, "cn-qingdao")] {
            let windows = try f.engine.recoveryWindows(instanceID: id)
            let latest = try #require(windows.map(\.to).max())
            let r = try row(id)
            #expect(r.protected && r.destinationRegion == destination && r.reason.isEmpty)
            #expect(r.latestRestorableTime == latest && r.rpoSeconds == now - latest)
            #expect(r.estimatedRestoreSeconds == Instance.restoreSeconds(dataBytes: try f.engine.instance(id: id).dataBytes))
            #expect(r.pass == (now - latest <= 7200))
        }
        let logged = try row(withLog), plain = try row(withoutLog)
        #expect(try f.engine.recoveryWindows(instanceID: withoutLog).allSatisfy { $0.from == $0.to },
                "without log backup a set restores to its own consistent time only")
        #expect(logged.rpoSeconds! < plain.rpoSeconds!, "log copies bring the restorable time closer to the loss")

        #expect(try row(notEnabled) == DrillReport.Row(instanceID: notEnabled, protected: false, destinationRegion: nil,
                                                       latestRestorableTime: nil, rpoSeconds: nil, estimatedRestoreSeconds: nil,
                                                       pass: false, reason: "Cross-region backup is not enabled."))
        let unqualified = try f.engine.instance(id: notQualifying).unqualifiedReason!
        #expect(try row(notQualifying).reason == "Does not qualify: \(unqualified)")
        let copying = try f.engine.crossRegionFiles(instanceID: firstCopy, query: FileQuery(kind: .data, limit: 10)).items
        let completes = try #require(copying.filter(\.isCopying).map(\.completedAt).min())
        #expect(try row(firstCopy).reason == "The first copy to cn-shanghai is still in progress; it completes at \(UTCTime.format(completes)).")
        #expect(try row(firstCopy).destinationRegion == "cn-shanghai" && !(try row(firstCopy)).protected)

        // Worst first: the unprotected (no RPO at all), then the longest RPO.
        #expect(report.rows.prefix(3).allSatisfy { !$0.protected })
        #expect(report.rows.suffix(2).map(\.instanceID) == [withoutLog, withLog])
        #expect(report.summary == DrillReport.Summary(instances: 5, protected: 2, unprotected: 3,
                                                      passed: [logged, plain].filter(\.pass).count,
                                                      failed: 5 - [logged, plain].filter(\.pass).count,
                                                      worstRPOSeconds: plain.rpoSeconds))
        #expect(!report.allPassed)
        #expect(try f.engine.drill(region: "cn-hangzhou", rtoTarget: 1).summary.passed == 0, "no restore takes a second")
        #expect(throws: EngineError.self) { try f.engine.drill(region: "mars") }
    }

    @Test("The JSON report: the fields, their order and nulls as documented")
    func json() throws {
        let f = try Fixture()
        let id = try f.create(), idle = try f.create()
        try f.advance("1d")
        try f.enable(id, log: true)
        try f.advance("2d")
        let report = try f.engine.drill(region: "cn-hangzhou", rpoTarget: 3600)
        let r = try #require(report.rows.first { $0.instanceID == id })
        let text = report.json.compact()
        #expect(text.hasPrefix(#"{"Region":"cn-hangzhou","At":"\#(UTCTime.format(report.at))","RPOTargetSeconds":3600,"RTOTargetSeconds":null,"Summary":{"Instances":2,"Protected":1,"Unprotected":1,"#))
        #expect(text.contains(#"{"DBInstanceId":"\#(idle)","Protected":false,"DestinationRegion":null,"LatestRestorableTime":null,"RPOSeconds":null,"EstimatedRestoreSeconds":null,"Pass":false,"Reason":"Cross-region backup is not enabled."}"#))
        // The same report through the API, after its RequestId.
        let answer = try f.ok("LocalDescribeDisasterRecoveryDrill", ["RegionId": "cn-hangzhou", "RPOTargetSeconds": "3600"])
        guard case .object(let fields) = answer, case .object(let expected) = report.json else { Issue.record("objects"); return }
        #expect(fields.first?.key == "RequestId" && Array(fields.dropFirst()) == expected)
        guard case .failure(let e, _) = f.api.call("LocalDescribeDisasterRecoveryDrill", ["RegionId": "cn-hangzhou", "RPOTargetSeconds": "0"])
        else { Issue.record("a target of 0 s is refused"); return }
        #expect(e.code == "InvalidParameters.Format")
        #expect(text.contains(#"{"DBInstanceId":"\#(id)","Protected":true,"DestinationRegion":"cn-shanghai","LatestRestorableTime":"\#(UTCTime.format(r.latestRestorableTime!))","RPOSeconds":\#(r.rpoSeconds!),"EstimatedRestoreSeconds":\#(r.estimatedRestoreSeconds!),"Pass":\#(r.pass),"Reason":""}"#))
    }
}
