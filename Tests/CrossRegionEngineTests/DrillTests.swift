import Foundation
import GRDB
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
            #expect(r.pass == (now - latest <= 7200) && r.failures == (r.pass ? [] : [.rpo]))
        }
        let logged = try row(withLog), plain = try row(withoutLog)
        #expect(try f.engine.recoveryWindows(instanceID: withoutLog).allSatisfy { $0.from == $0.to },
                "without log backup a set restores to its own consistent time only")
        #expect(logged.rpoSeconds! < plain.rpoSeconds!, "log copies bring the restorable time closer to the loss")

        #expect(try row(notEnabled) == DrillReport.Row(instanceID: notEnabled, protected: false, destinationRegion: nil,
                                                       latestRestorableTime: nil, rpoSeconds: nil, estimatedRestoreSeconds: nil,
                                                       pass: false, reason: "Cross-region backup is not enabled.",
                                                       failures: [.unprotected]))
        let unqualified = try f.engine.instance(id: notQualifying).unqualifiedReason!
        #expect(try row(notQualifying).reason == "Does not qualify: \(unqualified)")
        let copying = try f.engine.crossRegionFiles(instanceID: firstCopy, query: FileQuery(kind: .data, limit: 10)).items
        let completes = try #require(copying.filter(\.isCopying).map(\.completedAt).min())
        #expect(try row(firstCopy).reason == "The first copy to cn-shanghai is still in progress; it completes at \(UTCTime.format(completes)).")
        #expect(try row(firstCopy).destinationRegion == "cn-shanghai" && !(try row(firstCopy)).protected)

        // Worst first: the unprotected (no RPO at all), then the longest RPO.
        #expect(report.rows.prefix(3).allSatisfy { !$0.protected })
        #expect(report.rows.suffix(2).map(\.instanceID) == [withoutLog, withLog])
        let s = report.summary, passed = [logged, plain].filter(\.pass).count
        #expect(s.instances == 5 && s.protected == 2 && s.unprotected == 3 && s.passed == passed && s.failed == 5 - passed)
        #expect(s.worstRPOSeconds == plain.rpoSeconds && s.medianRPOSeconds == logged.rpoSeconds,
                "the lower middle of two protected: the shorter RPO")
        #expect(s.slowestRestoreSeconds == [logged, plain].compactMap(\.estimatedRestoreSeconds).max())
        #expect(!report.allPassed)
        #expect(try f.engine.drill(region: "cn-hangzhou", rtoTarget: 1).summary.passed == 0, "no restore takes a second")
        #expect(throws: EngineError.self) { try f.engine.drill(region: "mars") }
    }

    @Test("A region's figures alone (DR Readiness) are the full drill's, with and without targets; over LocalAsk the same")
    func summaryAlone() throws {
        let f = try Fixture(options: .init(instances: 300, seed: 5))
        try f.advance("3d")
        for region in f.engine.rules.sources.map(\.id) {
            for (rpo, rto) in [(nil, nil), (UTCTime.hour, nil), (UTCTime.day, 30 * 60 as Seconds?)] as [(Seconds?, Seconds?)] {
                let full = try f.engine.drill(region: region, rpoTarget: rpo, rtoTarget: rto).summary
                #expect(try f.engine.drillSummary(region: region, rpoTarget: rpo, rtoTarget: rto) == full, "\(region) \(String(describing: rpo))")
                let body = try f.ok("LocalAsk", ["Query": DrillSummaryQuery.name, "Body": try StateQueries.encode(
                    DrillSummaryQuery(region: region, rpoTarget: rpo, rtoTarget: rto))])
                guard case .encoded(let text)? = body["Result"] else { Issue.record("no Result"); return }
                #expect(try JSONDecoder().decode(DrillReport.Summary.self, from: Data(text.utf8)) == full)
            }
        }
        let hz = try f.engine.drill(region: "cn-hangzhou").summary
        #expect(hz.instances > 0 && hz.protected > 0 && hz.unprotected > 0, "both kinds counted")
        #expect(f.refusal("LocalAsk", ["Query": DrillSummaryQuery.name, "Body": try StateQueries.encode(
            DrillSummaryQuery(region: "mars", rpoTarget: nil, rtoTarget: nil))])?.code == .invalidRegionFormat)
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
        #expect(e.code == .invalidParametersFormat)
        #expect(text.contains(#"{"DBInstanceId":"\#(id)","Protected":true,"DestinationRegion":"cn-shanghai","LatestRestorableTime":"\#(UTCTime.format(r.latestRestorableTime!))","RPOSeconds":\#(r.rpoSeconds!),"EstimatedRestoreSeconds":\#(r.estimatedRestoreSeconds!),"Pass":\#(r.pass),"Reason":""}"#))
    }

    @Test("A drill at a past time answers what a drill then answered, whatever changed since")
    func pastTime() throws {
        let f = try Fixture()
        let withLog = try f.create(), moved = try f.create(), disabled = try f.create(), later = try f.create()
        let released = try f.create(), firstCopy = try f.create(gb: 2_000)
        try f.advance("1d")
        try f.enable(withLog, log: true)
        try f.enable(moved)
        try f.enable(disabled, log: true)
        try f.enable(released)
        try f.advance("2d")
        _ = try f.ok("DeleteDBInstance", ["DBInstanceId": released])
        try f.enable(firstCopy)
        try f.advance("10m")
        let then = try f.engine.now()
        let before = try f.engine.drill(region: "cn-hangzhou", rpoTarget: 3600, rtoTarget: 4 * 3600)
        let copying = try #require(before.rows.first { $0.instanceID == firstCopy })
        #expect(copying.reason.hasPrefix("The first copy to cn-shanghai is still in progress"), "\(copying.reason)")

        // Afterwards: the first copy completes, a destination moves, a policy is
        // disabled, a new instance appears and another is enabled, days pass.
        try f.advance("1d")
        _ = try f.ok("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": moved,
                                                        "CrossBackupRegion": "cn-qingdao"])
        _ = try f.ok("ModifyInstanceCrossBackupPolicy", ["RegionId": "cn-hangzhou", "DBInstanceId": disabled,
                                                        "BackupEnabled": "0"])
        try f.enable(later)
        let newcomer = try f.create()
        try f.advance("2d")
        let now = try f.engine.now()
        #expect(try f.engine.drill(region: "cn-hangzhou").rows.contains { $0.instanceID == newcomer })

        let past = try f.engine.drill(region: "cn-hangzhou", at: then, rpoTarget: 3600, rtoTarget: 4 * 3600)
        #expect(past == before)
        #expect(past.json.compact() == before.json.compact())
        #expect(try f.engine.now() == now, "a drill moves no clock")

        // Through the API as well, and never after the state's clock.
        let answer = try f.ok("LocalDescribeDisasterRecoveryDrill", ["RegionId": "cn-hangzhou", "At": UTCTime.format(then),
                                                                     "RPOTargetSeconds": "3600", "RTOTargetSeconds": "14400"])
        guard case .object(let fields) = answer, case .object(let expected) = before.json else { Issue.record("objects"); return }
        #expect(Array(fields.dropFirst()) == expected)
        guard case .failure(let e, _) = f.api.call("LocalDescribeDisasterRecoveryDrill",
                                                   ["RegionId": "cn-hangzhou", "At": UTCTime.format(now + 1)])
        else { Issue.record("a drill after the clock is refused"); return }
        #expect(e.code == .invalidTime && e.message.contains("advance the clock first"))
    }

    @Test("A rehearsal restores every protected instance in a copy, through CreateDdrInstance's path; the original is only read")
    func rehearsal() throws {
        let f = try Fixture()
        let withLog = try f.create(), withoutLog = try f.create(), idle = try f.create()
        try f.advance("1d")
        try f.enable(withLog, log: true)
        try f.enable(withoutLog, to: "cn-qingdao")
        try f.advance("2d")
        let report = try f.engine.drill(region: "cn-hangzhou")
        let originalBytes = try Data(contentsOf: URL(fileURLWithPath: f.path))
        let before = try f.engine.instances(InstanceFilter(set: .all), limit: 100).items
        let into = f.dir + "/rehearsal.sqlite"

        let rehearsal = try f.engine.rehearse(report, into: into)
        #expect(try Data(contentsOf: URL(fileURLWithPath: f.path)) == originalBytes)
        #expect(try f.engine.instances(InstanceFilter(set: .all), limit: 100).items == before)
        #expect(rehearsal.path == into && rehearsal.restores.map(\.sourceID).sorted() == [withLog, withoutLog].sorted())

        let copy = try Engine.open(path: into)
        let now = try copy.now()
        #expect(now == (try f.engine.now()))
        for r in rehearsal.restores {
            let row = try #require(report.rows.first { $0.instanceID == r.sourceID })
            #expect(r.refusal.isEmpty && r.restoreTime == row.latestRestorableTime && r.destinationRegion == row.destinationRegion)
            let new = try copy.instance(id: try #require(r.newInstanceID))
            #expect(new.regionID == row.destinationRegion && new.restoredFrom == "\(r.sourceID) at \(UTCTime.format(r.restoreTime))")
            #expect(r.runningAt == new.readyAt && new.readyAt == now + row.estimatedRestoreSeconds!)
            #expect(new.status(at: now) == .creating && new.status(at: new.readyAt) == .running)
        }
        #expect(try copy.instances(InstanceFilter(set: .all), limit: 100).total == before.count + 2)
        #expect(!rehearsal.restores.contains { $0.sourceID == idle }, "an unprotected instance has nothing to restore")
        #expect(rehearsal.json.compact().hasPrefix(#"{"Into":"\#(into)","Restores":[{"SourceDBInstanceId":"#))

        // Never over an existing file, ours or not.
        let copyBytes = try Data(contentsOf: URL(fileURLWithPath: into))
        #expect(throws: EngineError.self) { try f.engine.rehearse(report, into: into) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: into)) == copyBytes)
        let stray = f.dir + "/notes.txt"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: stray))
        #expect(throws: EngineError.self) { try f.engine.rehearse(report, into: stray) }
        #expect(try String(contentsOfFile: stray, encoding: .utf8) == "mine")
    }

    @Test("TDE sets restore only into the lost region: the drill counts the sets before TDE, up to where a restore still uses them")
    func tdeSets() throws {
        let f = try Fixture()
        let later = try f.create(), first = try f.create()
        try f.advance("1d")
        try f.ok("ModifyDBInstanceTDE", ["DBInstanceId": first, "TDEStatus": "Enabled"])
        try f.advance("1d")  // its local backups are TDE ones too, so is the first copy's
        try f.enable(later, log: true)
        try f.enable(first, log: true)
        try f.advance("2d")
        try f.ok("ModifyDBInstanceTDE", ["DBInstanceId": later, "TDEStatus": "Enabled"])
        try f.advance("2d")
        let report = try f.engine.drill(region: "cn-hangzhou")
        func row(_ id: String) throws -> DrillReport.Row { try #require(report.rows.first { $0.instanceID == id }) }

        // TDE from before the first copy: no set can be restored elsewhere.
        let none = try row(first)
        #expect(!none.protected && none.rpoSeconds == nil)
        let newestOfFirst = try #require(f.engine.recoveryWindows(instanceID: first).last).backupSet.id
        #expect(none.reason == "No retained set restores outside the lost region: Backup set \(newestOfFirst) of \(first) was "
                + "taken with TDE enabled: it restores only into its source region, China (Hangzhou).")

        // TDE turned on later: the sets before it restore, up to the second before the first TDE set.
        let some = try row(later)
        let windows = try f.engine.recoveryWindows(instanceID: later)
        let tdeAt = try #require(f.engine.instance(id: later).tdeEnabledAt)
        let firstTDE = try #require(windows.first { $0.backupSet.sourceEnd >= tdeAt })
        #expect(some.protected && some.latestRestorableTime == firstTDE.from - 1)
        let newest = try #require(windows.last).backupSet.id
        #expect(some.reason == "Newer sets cannot restore outside the lost region: Backup set \(newest) of \(later) was taken "
                + "with TDE enabled: it restores only into its source region, China (Hangzhou).")
        // The engine's own restore check agrees on both sides of that second.
        func check(_ t: Seconds) throws -> RecoveryWindow {
            try f.engine.checkRestore(RestoreRequest(destinationRegion: "cn-shanghai",
                                                     source: .pointInTime(instanceID: later, sourceRegion: "cn-hangzhou", time: t)))
        }
        #expect(try check(some.latestRestorableTime!).backupSet.sourceEnd < tdeAt)
        let refused = #expect(throws: EngineError.self) { try check(some.latestRestorableTime! + 1) }
        #expect(refused?.code == .crossRegionUnsupportTDE)

        // And the rehearsal restores it there.
        let rehearsal = try f.engine.rehearse(report, into: f.dir + "/rehearsal.sqlite")
        #expect(rehearsal.restores.map(\.sourceID) == [later] && rehearsal.restores[0].refusal.isEmpty)
    }
}

@Suite("A state from an earlier release")
struct UpgradeTests {
    @Test("A state whose billing index lacks the TDE time is upgraded when opened, and drills the same")
    func billingIndexGainsTDE() throws {
        let f = try Fixture(options: .standard)
        let regions = try f.engine.instances(InstanceFilter(set: .all), limit: 1000).items
            .filter { $0.tdeEnabled }.map(\.regionID)
        #expect(!regions.isEmpty)
        let before = try regions.map { try f.engine.drill(region: $0).json }
        // The index as the release before wrote it, and its migration not yet run.
        let old = try DatabaseQueue(path: f.path)
        try old.write { db in
            try db.execute(sql: """
                DROP INDEX instance_billing;
                CREATE INDEX instance_billing ON instance(region, id, description, seq, data_bytes, log_bytes_per_hour,
                    created_at, ready_at, released_at, backup_minute, xb_enabled, xb_region, retention, log_enabled,
                    expiry_floor, epoch_at, epoch_sid, seed_start, seed_end, seed_at, log_chain_start, retained_until,
                    storage_type, engine, engine_version, category)
                    WHERE (epoch_sid IS NOT NULL OR retained_until > 0);
                DELETE FROM grdb_migrations WHERE identifier = 'v13-billing-index-tde';
                """)
        }
        try old.close()
        let upgraded = try Engine.open(path: f.path)
        let index = try DatabaseQueue(path: f.path).read {
            try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = 'instance_billing'")
        }
        #expect(index?.contains("category, tde_at)") == true)
        #expect(try regions.map { try upgraded.drill(region: $0).json } == before)
    }
}
