import ConsoleApp
import CrossRegionEngine
import Foundation
import RDSClient
import TerminalKit
import Testing

@Suite("The console over an endpoint")
struct RemoteConsoleTests {
    @Test("Two consoles on one server: what one enables, the other shows within a second")
    func twoConsoles() throws {
        let served = try ServedState()
        let a = try served.console(), b = try served.console()
        b.press("2")
        #expect(b.screen().contains("[ Backup Instances ]"))
        #expect(Console.text(of: .topBar, in: b.render(width: 120, height: 40)).hasSuffix(" on http://127.0.0.1:\(served.port)"),
                "the top bar says whose state this is")
        a.press("2", "Tab", "Space", "Space", "Space", "b")
        #expect(a.screen().contains("Backup Settings · 3 instances"))
        let marked = a.context.marks.sorted()
        #expect(b.waitFor(marked[0], seconds: 0.3) == nil)
        a.press("Tab", "Tab", "Tab", "Tab", "Enter")
        // A batch shows its impact, as the server computes it, before anything is applied.
        #expect(a.screen().contains("3 instances will change:"))
        #expect(a.screen().contains("No retained file is deleted sooner."))
        a.press("Enter")
        #expect(a.screen().contains("Cross-region backup to China (Shanghai) on for 3 instances."))
        let seen = b.waitFor(marked[0])
        #expect(seen != nil, "B did not show A's change within a second")
        for id in marked { #expect(try served.engine.instance(id: id).backupEnabled) }
    }

    @Test("The clock moves through LocalAdvanceClock; the other console follows")
    func clock() throws {
        let served = try ServedState()
        let a = try served.console(), b = try served.console()
        #expect(b.screen().contains("Clock: 2026-10-01T00:00:00Z"))
        a.press("t")
        a.type("1d12h")
        a.press("Enter")
        #expect(a.screen().contains("Clock advanced to 2026-10-02T12:00:00Z: copied "))
        #expect(b.waitFor("Clock: 2026-10-02T12:00:00Z") != nil)
        #expect(try served.engine.now() == UTCTime.parse("2026-10-02T12:00:00Z"))
    }

    @Test("A served state of today's rules: the console over it follows them (its regions, who qualifies)")
    func servedEdition() throws {
        let served = try ServedState(options: .init(instances: 46, rules: .current))
        let remote = try served.remote()
        #expect(try remote.rulesEdition() == .current)
        let singapore = try served.engine.instanceIndex(InstanceFilter(set: .live, regionID: "ap-southeast-1")).map(\.id)
        let far = try remote.instances(ids: singapore), near = try served.engine.instances(ids: singapore)
        #expect(!far.isEmpty && far == near && far.map(\.unqualifiedReason) == near.map(\.unqualifiedReason))
        #expect(far.contains { $0.unqualifiedReason == nil }, "Singapore is a source under today's rules")
        let console = try served.console()
        console.press("r")
        for _ in 0..<22 { console.press("j") }
        #expect(console.screen().contains("Thailand (Bangkok)") && console.screen().contains("ap-southeast-7"))
        console.press("Enter")
        #expect(console.screen().contains("Region: Thailand (Bangkok)"))
    }

    @Test("Remote answers are the engine's own: instances, files, costs, windows, and refusals with their codes")
    func sameAnswers() throws {
        let served = try ServedState()
        let remote = try served.remote()
        let engine = served.engine
        try engine.advanceClock(by: 3 * UTCTime.day)
        let backup = try engine.instanceIndex(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).map(\.id)
        #expect(!backup.isEmpty)
        #expect(try remote.instances(ids: backup) == engine.instances(ids: backup))
        #expect(try remote.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id)
                == engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id))
        // Every field of a filter reaches the server (none is dropped on the way).
        let sample = try engine.instances(InstanceFilter(set: .live, regionID: "cn-hangzhou"), limit: 5).items
        var filters = [InstanceFilter(set: .all, engine: "MySQL", engineVersion: "5.7"),
                       InstanceFilter(set: .live, regionID: "cn-beijing", status: "Running", zoneID: "cn-beijing-i"),
                       InstanceFilter(set: .all, ids: sample.map(\.id)), InstanceFilter(set: .all, searchKey: "batch-1")]
        var byClass = InstanceFilter(set: .live, regionID: "cn-hangzhou")
        (byClass.instanceClass, byClass.category, byClass.payType) = (sample[0].instanceClass, sample[0].category, "Postpaid")
        var byNetwork = InstanceFilter(set: .live)
        (byNetwork.vpcID, byNetwork.vSwitchID, byNetwork.afterID) = (Region.defaultVPC("cn-hangzhou"),
                                                                     Region.defaultVSwitch(sample[0].zoneID), sample[1].id)
        var byCost = InstanceFilter(set: .backup)
        byCost.order = InstanceOrder(.next30d, descending: true)
        var byZone = InstanceFilter(set: .live, regionID: "cn-hangzhou")
        byZone.order = InstanceOrder(.zone)
        filters += [byClass, byNetwork, byCost, byZone]
        for filter in filters {
            let expected = try engine.instanceIndex(filter).map(\.id)
            #expect(try remote.instanceIndex(filter).map(\.id) == expected, "\(filter)")
            #expect(!expected.isEmpty && expected.count < 300, "a filter that tells something: \(filter)")
        }
        #expect(try remote.costs(instanceIDs: backup) == engine.costs(instanceIDs: backup))
        // An export's rows and a part of a list's totals: what the console asks a step at a time.
        let began = try engine.now()
        let rows = try engine.ask(ExportRowsQuery(ids: backup, at: began))
        let remoteRows = try remote.ask(ExportRowsQuery(ids: backup, at: began))
        #expect(rows.count == backup.count && remoteRows == rows)
        // A part after the first (the first may be the whole, from figures the server kept for a sort).
        let everywhere = InstanceFilter(set: .backup), fresh = try Engine.open(path: engine.store.path)
        let start = try #require(try fresh.costTotals(everywhere, after: nil, limit: 2).next)
        let second = try remote.costTotals(everywhere, after: start, limit: 2)
        let secondHere = try fresh.costTotals(everywhere, after: start, limit: 2)
        #expect(second.next != nil && second == secondHere)
        for kind in [FileKind.data, .log] {
            let q = FileQuery(kind: kind, offset: 1, limit: 5)
            #expect(try remote.crossRegionFiles(instanceID: backup[0], query: q).items
                    == engine.crossRegionFiles(instanceID: backup[0], query: q).items)
        }
        #expect(try remote.recoveryWindows(instanceID: backup[0]) == engine.recoveryWindows(instanceID: backup[0]))
        #expect(try remote.localBackups(instanceID: backup[0]) == engine.localBackups(instanceID: backup[0]))
        #expect(try remote.localLogFiles(instanceID: backup[0]) == engine.localLogFiles(instanceID: backup[0]))
        // The dialogs' plans come out the same over the endpoint.
        let pendingIDs = try engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id)
        for ids in [Array(backup.prefix(3)), Array(pendingIDs.prefix(4))] {
            let (near, far) = (try engine.settingsPlan(ids: ids), try remote.settingsPlan(ids: ids))
            #expect(far.ids == near.ids && far.destinations == near.destinations && far.initial == near.initial)
            #expect(far.wasEnabled == near.wasEnabled && far.released == near.released && far.firstField == near.firstField)
            // The preview answers the same impact, or names the same refusals, instance by instance.
            for (change, refused) in [(PolicyChange(backupEnabled: true, destination: "cn-shanghai", retentionDays: 30), false),
                                      (PolicyChange(backupEnabled: true, destination: "ap-southeast-1", retentionDays: 7), true)] {
                func preview(_ state: any StateAccess) -> (PolicyImpact?, [EngineError.Failure]) {
                    do { return (try state.policyImpact(ids: ids, change: change, regionID: "cn-hangzhou"), []) } catch {
                        return (nil, (error as? EngineError)?.failures ?? [])
                    }
                }
                let (nearPreview, farPreview) = (preview(engine), preview(remote))
                #expect(farPreview.0 == nearPreview.0 && farPreview.1 == nearPreview.1)
                // A lone instance's refusal is the error itself; a batch's names each instance.
                #expect(nearPreview.0?.instances == (refused ? nil : ids.count)
                        && nearPreview.1.count == (refused && ids.count > 1 ? ids.count : 0))
            }
        }
        let beijing = try #require(try engine.instances(InstanceFilter(set: .backup, regionID: "cn-beijing"), limit: 100).items
            .first { !$0.isReleased && $0.unqualifiedReason == nil })
        let mixed = [backup[0], beijing.id]
        let (nearMixed, farMixed) = (try engine.settingsPlan(ids: mixed), try remote.settingsPlan(ids: mixed))
        #expect(farMixed.sourceRegions == nearMixed.sourceRegions && farMixed.initial == nearMixed.initial
                && farMixed.firstDestinationBySource == nearMixed.firstDestinationBySource && nearMixed.sourceRegions.count == 2)
        let (nearRestore, farRestore) = (try engine.restorePlan(id: backup[0]), try remote.restorePlan(id: backup[0]))
        #expect(farRestore.sets == nearRestore.sets && farRestore.ranges == nearRestore.ranges
                && farRestore.latest == nearRestore.latest && !nearRestore.sets.isEmpty)

        let pending = try engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id)
        let bad = PolicyChange(backupEnabled: true, destination: "cn-shanghai", retentionDays: 6)
        let local = #expect(throws: EngineError.self) { try engine.changePolicy(ids: [pending[0]], change: bad, regionID: "cn-hangzhou") }
        let far = #expect(throws: EngineError.self) { try remote.changePolicy(ids: [pending[0]], change: bad, regionID: "cn-hangzhou") }
        #expect(far?.code == local?.code && far?.message == local?.message)
        let wrongPair = PolicyChange(backupEnabled: true, destination: "ap-southeast-1", retentionDays: 7)
        let refused = #expect(throws: EngineError.self) {
            try remote.changePolicy(ids: Array(pending.prefix(2)), change: wrongPair, regionID: "cn-hangzhou")
        }
        #expect(refused?.failures.map(\.instanceID) == Array(pending.prefix(2)))
        #expect(try engine.instances(ids: Array(pending.prefix(2))).allSatisfy { !$0.backupEnabled })
        #expect(throws: EngineError.self) { try remote.instance(id: "rm-nosuchinstance") }

        // The drill (DR Readiness): the same report, failures included, now and at an earlier time.
        let then = try engine.now() - UTCTime.day
        for (at, rpo, rto) in [(nil, Seconds?.none, Seconds?.none), (then, 3600, 1800)] {
            let near = try engine.drill(region: "cn-hangzhou", at: at, rpoTarget: rpo, rtoTarget: rto)
            #expect(try remote.drill(region: "cn-hangzhou", at: at, rpoTarget: rpo, rtoTarget: rto) == near)
            #expect(near.rows.contains(where: \.protected) && near.rows.contains { !$0.protected })
        }
        #expect(throws: EngineError.self) { try remote.drill(region: "mars", at: nil, rpoTarget: nil, rtoTarget: nil) }
    }

    @Test("Restore and release through the endpoint create and release what the engine would")
    func restoreAndRelease() throws {
        let served = try ServedState()
        let remote = try served.remote()
        try served.engine.advanceClock(by: 2 * UTCTime.day)
        let source = try served.engine.instanceIndex(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).map(\.id)
            .map { try served.engine.instance(id: $0) }.first { !$0.tdeEnabled && !$0.isReleased }!
        let window = try #require(try remote.recoveryWindows(instanceID: source.id).last)
        let new = try remote.restore(RestoreRequest(destinationRegion: source.regionID, source: .backupSet(window.backupSet.id),
                                                    engine: source.engine, engineVersion: source.engineVersion,
                                                    storageGB: source.storageGB, description: "drill"))
        #expect(try served.engine.instance(id: new.id).restoredFrom?.hasPrefix(source.id) == true)
        #expect(new.description == "drill")
        // Databases into an instance that exists go through RestoreDdrTable.
        let plan = try remote.restorePlan(id: source.id)
        let tables = try plan.tableRestore(method: .backupSet, setID: window.backupSet.id, time: "", targetID: source.id,
                                           region: source.regionID, database: plan.databases[0])
        #expect(try remote.restore(tables).id == source.id)
        #expect(try served.engine.instance(id: source.id).restoredFrom == "\(source.id) backup set \(window.backupSet.id)")
        try served.engine.advanceClock(by: UTCTime.day)  // an instance is released once it is Running
        let released = try remote.releaseInstance(id: new.id)
        #expect(released.isReleased)
        #expect(try served.engine.instance(id: new.id).isReleased)
    }

    @Test("A read-only key reads everything; the settings dialog shows the server's refusal and nothing changes")
    func readOnlyKey() throws {
        let served = try ServedState()
        let c = try served.console(readOnly: true)
        c.press("2", "Tab")
        let id = try #require(served.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).first?.id)
        #expect(c.screen().contains("[ Pending Instances ]"))
        #expect(c.screen().contains(id))
        c.press("s", "Tab", "Tab", "Tab", "Tab", "Enter")
        #expect(c.screen().contains("read-only"))
        #expect(try !served.engine.instance(id: id).backupEnabled)
        c.press("Esc", "t")
        c.type("1d")
        c.press("Enter")
        #expect(c.screen().contains("read-only"))
        #expect(try served.engine.now() == UTCTime.parse("2026-10-01T00:00:00Z"))
    }

    @Test("An unreachable server: the console says the state is unavailable; bad endpoints are refused")
    func serverGone() throws {
        let remote = RemoteState(client: try OpenAPIClient(endpoint: "127.0.0.1:\(Loopback.freePort())", accessKeyID: "LTAIx",
                                                           secret: "y"))
        let c = Console(engine: remote, palette: Palette(theme: BuiltinThemes.mono, colors: 256))
        let s = c.screen()
        #expect(s.contains("Clock: unavailable"))
        #expect(s.contains("State unavailable: Cannot reach http://127.0.0.1:"))
        #expect(throws: EngineError.self) { try OpenAPIClient(endpoint: "http://10.0.0.1:8080", accessKeyID: "a", secret: "b") }
        #expect(throws: EngineError.self) { try OpenAPIClient(endpoint: "127.0.0.1", accessKeyID: "a", secret: "b") }
        #expect(throws: EngineError.self) { try OpenAPIClient(endpoint: "127.0.0.1:8080", accessKeyID: "", secret: "") }
    }

    @Test("A batch of 3,000 instances over an endpoint: the impact and the change, which answers the IDs it set")
    func bigBatch() throws {
        let served = try ServedState(options: .init(instances: 40, pendingCohort: 3_000))
        let remote = try served.remote()
        let ids = try served.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id)
        try #require(ids.count >= 3_000)
        let change = PolicyChange(backupEnabled: true, destination: "cn-shanghai", retentionDays: 7, logBackupEnabled: false)
        #expect(try remote.policyImpact(ids: ids, change: change, regionID: "cn-hangzhou").instances == ids.count)
        let changed = try remote.changePolicy(ids: ids, change: change, regionID: "cn-hangzhou")
        #expect(changed == ids)
        #expect(try served.engine.instances(ids: ids).allSatisfy { $0.backupEnabled && $0.backupRegion == "cn-shanghai" })
        #expect(try served.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).isEmpty)
    }

    @Test("A batch across regions over an endpoint: the plan, the impact and one transaction for every region's instances")
    func batchAcrossRegions() throws {
        let served = try ServedState(options: .init(instances: 40, pendingCohort: 1_100))
        for region in ["cn-beijing", "cn-shanghai"] {
            for _ in 0..<30 { _ = try served.engine.createInstance(NewInstance(regionID: region)) }
        }
        try served.engine.advanceClock(by: UTCTime.hour)  // the new ones Running
        let remote = try served.remote()
        let ids = try served.engine.instanceIndex(InstanceFilter(set: .pending).joiningBatch).map(\.id)
        let regions = Set(try served.engine.instances(ids: ids).map(\.regionID))
        try #require(ids.count > 1_000 && regions.isSuperset(of: ["cn-hangzhou", "cn-beijing", "cn-shanghai"]))
        let plan = try remote.settingsPlan(ids: ids)
        #expect(plan.regionID == nil && Set(plan.sourceRegions) == regions)
        let change = try #require(try plan.change(for: plan.initial))
        #expect(try remote.policyImpact(ids: ids, change: change, regionID: nil)
                == (try served.engine.policyImpact(ids: ids, change: change)))
        #expect(try remote.changePolicy(ids: ids, change: change, regionID: nil) == ids)
        #expect(try served.engine.instances(ids: ids).allSatisfy { $0.backupEnabled && $0.backupRegion == plan.firstDestinationBySource[$0.regionID] })
        #expect(try served.engine.instanceIndex(InstanceFilter(set: .pending).joiningBatch).isEmpty)
    }
}
