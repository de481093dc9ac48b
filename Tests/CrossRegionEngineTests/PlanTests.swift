import Foundation
import Testing
@testable import CrossRegionEngine

/// What the engine answers the console's dialogs: the settings plan and the
/// restore plan. The console draws these and decides nothing.
@Suite("Dialog plans")
struct PlanTests {
    static func fleet() throws -> Fixture { try Fixture(options: .init(instances: 6, seed: 4, plainRegion: "cn-hangzhou")) }

    @Test("A pending instance: Enable, the first allowed region, the default retention; Disable means nothing to change")
    func pending() throws {
        let f = try Self.fleet()
        let id = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou"))[0].id
        let plan = try f.engine.settingsPlan(ids: [id])
        #expect(plan.initial == SettingsValues(enable: true, destination: RulesEdition.seed.destinations(from: "cn-hangzhou")[0],
                                               retention: "7", log: false))
        #expect(plan.destinations == RulesEdition.seed.destinations(from: "cn-hangzhou"))
        #expect(plan.firstField == .status && !plan.wasEnabled && !plan.released)
        #expect(SettingsField.allCases.allSatisfy { plan.lockedReason($0, in: plan.initial) == nil })
        #expect(plan.retentionBounds == "7 to 1825" && plan.retentionWidth == 4)
        let off = plan.switched(plan.initial, enable: false)
        #expect(plan.lockedReason(.destination, in: off) == "Cross-region backup is off; choose Enable to set it up.")
        #expect(plan.lockedReason(.status, in: off) == nil)
        #expect(try plan.change(for: off) == nil)
        #expect(plan.note(for: off) == PlanNote(text: "Cross-region backup is off; choose Enable to set it up.", tone: .info))
        var on = plan.initial
        on.retention = "30"
        on.log = true
        #expect(try plan.change(for: on) == PolicyChange(backupEnabled: true, destination: plan.destinations[0],
                                                          retentionDays: 30, logBackupEnabled: true))
        #expect(plan.done(on, count: 1) == "Cross-region backup to \(Region.named(plan.destinations[0])!.displayName) on for 1 instance.")
    }

    @Test("An enabled instance opens on its settings; Disable is the console's disable, with its warning; Enable gives them back")
    func enabled() throws {
        let f = try Self.fleet()
        let id = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou"))[0].id
        try f.engine.advanceClock(by: 3600)
        try f.engine.modifyPolicy(ids: [id], change: PolicyChange(backupEnabled: true, destination: "cn-shanghai",
                                                                  retentionDays: 30, logBackupEnabled: true))
        let plan = try f.engine.settingsPlan(ids: [id])
        #expect(plan.initial == SettingsValues(enable: true, destination: "cn-shanghai", retention: "30", log: true))
        let off = plan.switched(plan.initial, enable: false)
        #expect(off == SettingsValues(enable: false, destination: "cn-shanghai", retention: "7", log: false))
        #expect(plan.lockedReason(.retention, in: off) == PolicyChange.consoleDisableWarning)
        #expect(plan.note(for: off)?.tone == .warning)
        #expect(try plan.change(for: off) == PolicyChange.consoleDisable)
        #expect(plan.done(off, count: 2) == "Cross-region backup disabled (files kept 7 more days) for 2 instances.")
        #expect(plan.switched(off, enable: true) == plan.initial)
    }

    @Test("A batch whose settings differ keeps each instance's own: OK sends only what the user changed")
    func mixedBatch() throws {
        let f = try Self.fleet()
        let ids = Array(try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id).prefix(2))
        try f.engine.advanceClock(by: 3600)
        try f.engine.modifyPolicy(ids: [ids[0]], change: PolicyChange(backupEnabled: true, destination: "cn-shanghai",
                                                                      retentionDays: 30, logBackupEnabled: true))
        try f.engine.modifyPolicy(ids: [ids[1]], change: PolicyChange(backupEnabled: true, destination: "cn-qingdao",
                                                                      retentionDays: 365, logBackupEnabled: false))
        let plan = try f.engine.settingsPlan(ids: ids)
        #expect(plan.mixed == [.destination, .retention, .log])
        #expect(plan.initial == SettingsValues(enable: true, destination: nil, retention: "", log: nil))
        #expect(plan.initial[.destination] == "keep" && plan.initial[.log] == "keep")
        guard case .choice(let choices) = plan.fields[1].kind else { Issue.record("a choice"); return }
        #expect(choices.first?.label == "Keep each instance's")
        #expect(plan.note(for: plan.initial) == nil, "an empty retention keeps each, and is no problem")
        #expect(try plan.change(for: plan.initial) == nil)
        #expect(plan.nothingToChange(plan.initial) == "Nothing to change: every setting is as it was.")
        var shorter = plan.initial
        shorter.retention = "14"
        #expect(try plan.change(for: shorter) == PolicyChange(retentionDays: 14), "only the retention goes")
        #expect(plan.done(shorter, count: 2) == "Retention 14 days for 2 instances.")
        try f.engine.modifyPolicy(ids: ids, change: try #require(try plan.change(for: shorter)))
        let after = try f.engine.instances(ids: ids)
        #expect(after.map(\.backupRegion) == ["cn-shanghai", "cn-qingdao"] || after.map(\.backupRegion) == ["cn-qingdao", "cn-shanghai"])
        #expect(Set(after.map(\.retentionDays)) == [14])
        #expect(Set(after.map(\.logBackupEnabled)) == [true, false])
        var logs = plan.initial
        logs[.log] = "on"
        #expect(try plan.change(for: logs) == PolicyChange(logBackupEnabled: true))
        #expect(plan.done(logs, count: 2) == "Log backup on for 2 instances.")

        // With a disabled instance that still holds files (Backup Instances lists it too), the status is kept as well.
        let third = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou"))[0].id
        try f.engine.modifyPolicy(ids: [third], change: PolicyChange(backupEnabled: true, destination: "cn-shanghai"))
        try f.engine.advanceClock(by: UTCTime.day)
        try f.engine.modifyPolicy(ids: [third], change: PolicyChange.consoleDisable)
        let all = try f.engine.settingsPlan(ids: ids + [third])
        #expect(all.mixed.contains(.status) && all.initial.enable == nil && all.initial[.status] == "keep")
        #expect(all.lockedReason(.retention, in: all.initial) == nil)
        var longer = all.initial
        longer.retention = "60"
        #expect(try all.change(for: longer) == PolicyChange(retentionDays: 60), "the disabled one stays disabled")
        var on = all.adjusted({ var v = all.initial; v[.status] = "on"; return v }(), after: .status)
        #expect(try all.change(for: on) == PolicyChange(backupEnabled: true))
        on[.status] = "keep"
        #expect(all.adjusted(on, after: .status) == all.initial)
    }

    @Test("A retention that cannot be sent: the engine's own message, as a note and as the refusal of OK")
    func badRetention() throws {
        let f = try Self.fleet()
        let id = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou"))[0].id
        let plan = try f.engine.settingsPlan(ids: [id])
        var v = plan.initial
        v.retention = "1826"
        let message = "Specified parameter is not valid. Retention must be a whole number of days from 7 to 1825; 1826 is out of range."
        #expect(plan.retentionProblem("1826") == message)
        #expect(plan.note(for: v) == PlanNote(text: message, tone: .error))
        #expect(throws: EngineError(.invalidParametersFormat,
                                    "Retention must be a whole number of days from 7 to 1825; 1826 is out of range.")) {
            try plan.change(for: v)
        }
    }

    @Test("A released instance: only the retention, focused first")
    func released() throws {
        let f = try Fixture(options: .standard)
        let released = try f.engine.instances(InstanceFilter(set: .all), limit: 100).items.first { $0.isReleased }!
        let plan = try f.engine.settingsPlan(ids: [released.id])
        #expect(plan.released && plan.firstField == .retention)
        for field in [SettingsField.status, .destination, .log] {
            #expect(plan.lockedReason(field, in: plan.initial) == "Released instance: only the retention period can be changed.")
        }
        #expect(plan.lockedReason(.retention, in: plan.initial) == nil)
        var v = plan.initial
        v.retention = "90"
        #expect(try plan.change(for: v) == PolicyChange(retentionDays: 90))
        #expect(plan.done(v, count: 1) == "Retention set to 90 days for 1 instance.")
    }

    @Test("The preview of a plan's change names each instance that refuses it (the same as policyRefusals), and changes nothing")
    func refusals() throws {
        let f = try Self.fleet()
        let creating = try f.create()
        let running = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou"))
            .map(\.id).filter { $0 != creating }.prefix(2)
        let ids = [creating] + running
        let plan = try f.engine.settingsPlan(ids: ids)
        let change = try #require(try plan.change(for: plan.initial))
        let before = try f.dump()
        let refused = #expect(throws: EngineError.self) { try f.engine.policyImpact(ids: ids, change: change) }?.failures
        #expect(refused?.map(\.instanceID) == [creating])
        #expect(refused == (try f.engine.policyRefusals(ids: ids, change: change)))
        #expect(refused?.first?.code == .incorrectDBInstanceState)
        #expect(try f.dump() == before)
    }

    @Test("The selection a plan is made of: the state's summary, in the order asked, an unknown ID named; the same through LocalAsk")
    func selectionSummary() throws {
        let f = try Fixture(options: .standard)
        let hz = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id)
        let sh = try f.engine.instanceIndex(InstanceFilter(set: .backup, regionID: "cn-shanghai")).map(\.id)
        let blocked = try #require(try f.engine.instances(InstanceFilter(set: .live, regionID: "cn-beijing"), limit: 200).items
            .first { $0.unqualifiedReason != nil })
        let released = try #require(try f.engine.instances(InstanceFilter(set: .all), limit: 200).items.first { $0.isReleased })
        let ids = [sh[0], hz[0], released.id, "rm-nosuchone", blocked.id, hz[1], "rm-nosuchtwo", sh[1]]
        let summary = try f.engine.ask(SelectionQuery(ids: ids))
        let found = try ids.compactMap { id in try f.engine.instances(ids: [id]).first }
        #expect(summary.count == 6 && summary.missing == "rm-nosuchone" && summary.first == sh[0] && summary.blocked == blocked.id)
        #expect(summary.released == 1)
        var sources: [String] = []
        for i in found where !sources.contains(i.regionID) { sources.append(i.regionID) }
        #expect(summary.sources == sources && sources.first == "cn-shanghai")
        #expect(summary.enabled == Set(found.map(\.backupEnabled)) && summary.destinations == Set(found.map(\.backupRegion)))
        #expect(summary.retentions == Set(found.map(\.retentionDays)) && summary.logs == Set(found.map(\.logBackupEnabled)))
        let body = try f.ok("LocalAsk", ["Query": SelectionQuery.name, "Body": try StateQueries.encode(SelectionQuery(ids: ids))])
        guard case .encoded(let text)? = body["Result"] else { Issue.record("no Result"); return }
        #expect(try JSONDecoder().decode(SelectionSummary.self, from: Data(text.utf8)) == summary)
        // Asked in parts, the summaries add up to the whole's, whatever the cut.
        for cut in 0...ids.count {
            var parts = try f.engine.ask(SelectionQuery(ids: Array(ids[..<cut])))
            parts.append(try f.engine.ask(SelectionQuery(ids: Array(ids[cut...]))))
            #expect(parts == summary, "cut at \(cut)")
        }
    }

    @Test("Answers from an endpoint that could not be true: counts that would overflow are held at the largest, a selection without a region is refused")
    func absurdAnswers() throws {
        let f = try Fixture(options: .standard)
        let id = try #require(try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).first?.id)
        let huge = #"{"count":\#(Int.max),"released":\#(Int.max),"first":"\#(id)","sources":[],"enabled":[false],"destinations":[null],"retentions":[7],"logs":[false]}"#
        var summary = try JSONDecoder().decode(SelectionSummary.self, from: Data(huge.utf8))
        summary.append(summary)
        #expect(summary.count == Int.max && summary.released == Int.max)
        #expect(throws: EngineError(.internalError, "The state named no region for \(Int.max) instances.")) {
            try SettingsPlan(ids: [id], selection: summary, first: try f.engine.instance(id: id), blocked: nil)
        }
        var impact = PolicyImpact(instances: .max, filesExpiringEarlier: .max, bytesExpiringEarlier: .max, firstDeletion: nil,
                                  filesKeptLonger: .max, bytesKeptLonger: .max, projected30dBeforeUSD: 0, projected30dAfterUSD: 0)
        impact.add(impact)
        #expect(impact.instances == .max && impact.filesExpiringEarlier == .max && impact.filesKeptLonger == .max)
    }

    @Test("Selections one dialog cannot set up are refused with the reason")
    func selections() throws {
        let f = try Fixture(options: .standard)
        // The plan keeps the order asked (the regions as first seen), once each; an unknown ID is named.
        let across = [try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-shanghai")).map(\.id).last!,
                      try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id).first!]
        let ordered = try f.engine.settingsPlan(ids: across + [across[0]])
        #expect(ordered.ids == across && ordered.sourceRegions == ["cn-shanghai", "cn-hangzhou"])
        #expect(throws: EngineError.instanceNotFound("rm-nowhere")) { try f.engine.settingsPlan(ids: [across[1], "rm-nowhere"]) }
        let hz = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id)
        let bj = try f.engine.instanceIndex(InstanceFilter(set: .live, regionID: "cn-beijing")).map(\.id)
        let blocked = try f.engine.instances(InstanceFilter(set: .live, regionID: "cn-hangzhou"), limit: 100).items
            .first { $0.unqualifiedReason != nil }!
        let released = try f.engine.instances(InstanceFilter(set: .all), limit: 100).items.first { $0.isReleased }!
        let live = try f.engine.instances(InstanceFilter(set: .live, regionID: released.regionID), limit: 100).items
            .first { $0.unqualifiedReason == nil }!
        #expect(throws: EngineError(.selectionUnusable, "Select at least one instance.")) { try f.engine.settingsPlan(ids: []) }
        _ = bj
        #expect(throws: EngineError(.selectionUnusable, "\(blocked.id): \(blocked.unqualifiedReason!)")) {
            try f.engine.settingsPlan(ids: [hz[0], blocked.id])
        }
        #expect(throws: EngineError(.selectionUnusable,
                                    "Released and live instances are set up differently; mark one kind at a time.")) {
            try f.engine.settingsPlan(ids: [live.id, released.id])
        }
        #expect(throws: EngineError.self) { try f.engine.settingsPlan(ids: ["rm-nosuchinstance0"]) }
    }

    @Test("A batch across regions: what they share, each region's first destination, every instance checked against its own region, all or none")
    func acrossRegions() throws {
        let f = try Fixture()
        let rules = f.engine.rules
        let a = ("cn-hangzhou", [try f.create("cn-hangzhou"), try f.create("cn-hangzhou")])
        let b = ("cn-beijing", [try f.create("cn-beijing"), try f.create("cn-beijing")])
        try f.advance("1h")  // Running
        let ids = a.1 + b.1
        let plan = try f.engine.settingsPlan(ids: ids)
        #expect(plan.sourceRegions == [a.0, b.0] && plan.regionID == nil)
        let first = [a.0: rules.destinations(from: a.0)[0], b.0: rules.destinations(from: b.0)[0]]
        #expect(plan.firstDestinationBySource == first)
        #expect(plan.destinations == rules.destinations(from: a.0).filter { rules.destinations(from: b.0).contains($0) })
        guard case .choice(let choices) = plan.fields[1].kind else { Issue.record("the backup region is a choice"); return }
        #expect(choices.first?.label == "Each region's first destination" && plan.initial.eachRegionsFirst)
        let change = try #require(try plan.change(for: plan.initial))
        #expect(change.destinationBySource == first && change.destination == nil && change.backupEnabled == true)
        #expect(try f.engine.policyImpact(ids: ids, change: change).instances == 4)
        // One region's instances refuse (they cannot back up to their own region): nothing changes, anywhere.
        let wrong = PolicyChange(backupEnabled: true, destination: b.0, retentionDays: 7)
        let refused = #expect(throws: EngineError.self) { try f.engine.policyImpact(ids: ids, change: wrong) }?.failures
        #expect(refused?.map(\.instanceID).filter(b.1.contains) == b.1)
        #expect(throws: EngineError.self) { try f.engine.modifyPolicy(ids: ids, change: wrong) }
        #expect(try f.engine.instances(ids: ids).allSatisfy { !$0.backupEnabled })
        let changed = try f.engine.modifyPolicy(ids: ids, change: change)
        #expect(changed.map(\.id) == ids)
        #expect(changed.allSatisfy { $0.backupEnabled && $0.backupRegion == first[$0.regionID] })
        #expect(plan.done(plan.initial, count: 4) == "Cross-region backup to each region's first destination on for 4 instances.")
    }

    @Test("Restore plan: sets newest first, each with where it may go and why; ranges merged; the request it makes")
    func restore() throws {
        let f = try Self.fleet()
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id)
        #expect(throws: EngineError(.selectionUnusable,
                                    "\(ids[0]) has no completed cross-region data backup yet: nothing to restore from.")) {
            try f.engine.restorePlan(id: ids[0])
        }
        try f.engine.advanceClock(by: 3600)
        try f.engine.modifyPolicy(ids: [ids[0]], change: PolicyChange(backupEnabled: true, destination: "cn-shanghai",
                                                                      retentionDays: 7, logBackupEnabled: true))
        try f.engine.advanceClock(by: UTCTime.day)
        try f.engine.enableTDE(id: ids[0])
        try f.engine.advanceClock(by: 2 * UTCTime.day)
        let plan = try f.engine.restorePlan(id: ids[0])
        let windows = try f.engine.recoveryWindows(instanceID: ids[0])
        #expect(plan.sets.map(\.id) == windows.reversed().map(\.backupSet.id))
        #expect(plan.sets.count >= 2)
        let newest = plan.sets[0], oldest = plan.sets.last!
        #expect(newest.regions == [.init(regionID: "cn-hangzhou", why: "the source region")])
        #expect(newest.note == "Taken with TDE on: source region only; the new instance has TDE on.")
        #expect(oldest.regions == [.init(regionID: "cn-hangzhou", why: "the source region"),
                                   .init(regionID: "cn-shanghai", why: "where this set is stored")])
        #expect(oldest.note == nil)
        #expect(plan.latest == windows.map(\.to).max())
        #expect(plan.ranges.count == 1, "continuous log backup joins the windows into one stretch")
        #expect(plan.ranges[0] == windows.map(\.from).min()!...windows.map(\.to).max()!)
        #expect(plan.rangesText == "\(UTCTime.format(plan.ranges[0].lowerBound))..\(UTCTime.format(plan.ranges[0].upperBound))")
        let source = try f.engine.instance(id: ids[0])
        let request = try plan.request(method: .backupSet, setID: oldest.id, time: "", region: "cn-shanghai")
        #expect(request == RestoreRequest(destinationRegion: "cn-shanghai", source: .backupSet(oldest.id), engine: source.engine,
                                          engineVersion: source.engineVersion, storageGB: source.storageGB,
                                          description: "restored-\(ids[0])"))
        #expect(throws: EngineError(.invalidTime, "Type the time as yyyy-MM-ddTHH:mm:ssZ (UTC); \"yesterday\" is not one.")) {
            try plan.request(method: .pointInTime, setID: oldest.id, time: "yesterday", region: "cn-hangzhou")
        }
        #expect(plan.timeProblem("yesterday") == "Type the time as yyyy-MM-ddTHH:mm:ssZ (UTC).")
        #expect(plan.timeProblem(UTCTime.format(plan.latest)) == nil)
        #expect(plan.timeProblem(UTCTime.format(plan.latest + 1))
                == "\(UTCTime.format(plan.latest + 1)) is outside what can be restored: \(plan.rangesText).")
        let pit = try plan.request(method: .pointInTime, setID: oldest.id, time: UTCTime.format(plan.latest), region: "cn-hangzhou")
        #expect(pit.source == .pointInTime(instanceID: ids[0], sourceRegion: "cn-hangzhou", time: plan.latest))
    }

    @Test("Restore into an existing instance: which instances may take it and why not; the databases and their new names")
    func restoreIntoExisting() throws {
        let f = try Self.fleet()
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id)
        try f.engine.modifyPolicy(ids: [ids[0]], change: PolicyChange(backupEnabled: true, destination: "cn-shanghai"))
        try f.engine.advanceClock(by: 2 * UTCTime.day)
        let plan = try f.engine.restorePlan(id: ids[0])
        let source = try f.engine.instance(id: ids[0])
        let now = try f.engine.now()
        #expect(plan.databases == source.catalogue(at: now).map(\.name))
        #expect(plan.targetProblem(ids[0], source, region: "cn-hangzhou", now: now) == nil, "the source itself may take it")
        #expect(plan.targetProblem("", nil, region: "cn-hangzhou", now: now) == "Type the ID of the instance to restore into.")
        let set = plan.sets[0].id
        /// What RestoreDdrTable answers for this target: code, status and message.
        func refusal(_ target: String) -> (code: ErrorCode, status: Int, message: String, explanation: String)? {
            guard case .failure(let e, _) = f.api.call("RestoreDdrTable", [
                "RegionId": "cn-hangzhou", "DBInstanceId": target, "RestoreType": "0", "BackupId": String(set),
                "TableMeta": #"[{"type":"db","name":"\#(plan.databases[0])","tables":[]}]"#,
            ]) else { return nil }
            return (e.code, e.httpStatus, e.message, e.explanation)
        }
        let missing = try #require(refusal("rm-x"))
        #expect(missing.status == 404 && plan.targetProblem("rm-x", nil, region: "cn-hangzhou", now: now)?.hasSuffix(missing.explanation) == true)
        #expect(plan.targetProblem(ids[0], source, region: "cn-shanghai", now: now)
                == "\(ids[0]) is in China (Hangzhou); the restore goes to China (Shanghai).")
        let other = try f.engine.createInstance(NewInstance(regionID: "cn-hangzhou",
                                                            engineVersion: source.engineVersion == "8.0" ? "5.7" : "8.0"))
        let creating = try #require(refusal(other.id))
        #expect(creating.code == .incorrectDBInstanceState && creating.explanation == "\(other.id) is Creating; a restore needs it Running.")
        #expect(plan.targetProblem(other.id, other, region: "cn-hangzhou", now: now) == creating.message,
                "the dialog says what RestoreDdrTable would answer")
        try f.engine.advanceClock(by: UTCTime.day)
        let later = try f.engine.now()
        let version = try #require(refusal(other.id))
        #expect(version.code == .incorrectEngineVersion && version.status == 400)
        #expect(version.explanation == "The instance must run the source's version, \(source.engine) \(source.engineVersion), not \"\(other.engineVersion)\".")
        #expect(plan.targetProblem(other.id, try f.engine.instance(id: other.id), region: "cn-hangzhou", now: later) == version.message)
        let one = try plan.tableRestore(method: .backupSet, setID: set, time: "", targetID: ids[0], region: "cn-hangzhou",
                                        database: plan.databases[0])
        #expect(one.databases == [TableMeta.Database(name: plan.databases[0], newName: plan.databases[0] + "_backup", tables: [])])
        let all = try plan.tableRestore(method: .backupSet, setID: set, time: "", targetID: ids[0], region: "cn-hangzhou",
                                        database: nil)
        #expect(all.databases.map(\.name) == plan.databases)
        #expect(try TableMeta.parse(try TableMeta.json(all.databases)) == all.databases, "the JSON RestoreDdrTable takes")
        let restored = try f.engine.restore(all)
        #expect(restored.restoredFrom == "\(ids[0]) backup set \(set)")
        #expect(plan.done(all, into: restored)
                == "Restored \(all.databases.count) databases of \(ids[0]) into \(ids[0]): "
                + all.databases.map { $0.name + "_backup" }.joined(separator: ", ") + ".")
    }
}
