import Foundation
import Testing
@testable import CrossRegionEngine

/// A pulled state keeps its policy changes as a plan against the account.
@Suite("Account plan")
struct AccountPlanTests {
    static let origin = PullOrigin(account: "LTAI5tAB…", profile: "ops", endpoint: PullOrigin.regionalEndpoints, at: 1_790_000_000)

    /// A demo fleet taken as pulled from an account.
    static func pulled() throws -> Fixture {
        let f = try Fixture(options: .standard)
        try f.engine.recordPull(origin)
        return f
    }

    @Test("A state made here has no plan; a pulled one has an empty plan, and its origin")
    func noPlan() throws {
        let made = try Fixture(options: .standard)
        #expect(try made.engine.accountPlan() == nil && made.engine.accountRehearsal() == nil)
        let f = try Self.pulled()
        let plan = try #require(try f.engine.accountPlan())
        #expect(plan.changes.isEmpty && plan.rehearsalOnly.isEmpty)
        #expect(try f.engine.accountRehearsal()?.origin == Self.origin)
    }

    @Test("A change is planned per instance: the account's values, the planned ones, the parameters one call takes, and the preview's impact")
    func planned() throws {
        let f = try Self.pulled()
        let pending = try f.engine.instances(InstanceFilter(set: .pending, regionID: "cn-hangzhou"), limit: 3).items.map(\.id)
        let enable = PolicyChange(backupEnabled: true, destination: "cn-shanghai", retentionDays: 30)
        let preview = try f.engine.policyImpact(ids: pending, change: enable)
        _ = try f.engine.modifyPolicy(ids: pending, change: enable)
        let plan = try #require(try f.engine.accountPlan())
        #expect(plan.changes.map(\.instanceID) == pending.sorted())
        let first = plan.changes[0]
        #expect(first.differences == [.init(field: "BackupEnabled", from: "Disable", to: "Enable"),
                                      .init(field: "CrossBackupRegion", from: "-", to: "cn-shanghai"),
                                      .init(field: "Retention", from: "7", to: "30")])
        #expect(first.parameters == ["RegionId": "cn-hangzhou", "DBInstanceId": first.instanceID, "BackupEnabled": "Enable",
                                     "CrossBackupRegion": "cn-shanghai", "CrossBackupType": "1", "RetentType": "1",
                                     "Retention": "30", "LogBackupEnabled": "Disable"])
        #expect(plan.impact.instances == preview.instances && plan.impact.filesExpiringEarlier == preview.filesExpiringEarlier)
        #expect(abs(plan.impact.projected30dAfterUSD - preview.projected30dAfterUSD) < 0.005)
        #expect(abs(plan.impact.projected30dBeforeUSD - preview.projected30dBeforeUSD) < 0.005)
        // The same words as the console's preview; a plan of many changes names none of them in its first.
        #expect(plan.impact.sentences.map(\.text).dropFirst() == preview.sentences.map(\.text).dropFirst())
        #expect(plan.impact.sentences[0].text == "3 instances will change.")
        #expect(preview.sentences[0].text == "3 instances will change: cross-region backup on, backups to China (Shanghai), retention 30 days.")
    }

    @Test("A second change keeps the account's values; changing back leaves nothing planned; an applied change leaves the plan")
    func changedTwice() throws {
        let f = try Self.pulled()
        let on = try f.engine.instances(InstanceFilter(set: .backup), limit: 1000).items
            .filter { $0.backupEnabled && !$0.isReleased && ![9, 10, 11].contains($0.retentionDays) }
        try #require(on.count >= 2)
        let (a, b) = (on[0], on[1])
        _ = try f.engine.modifyPolicy(ids: [a.id, b.id], change: PolicyChange(retentionDays: 9))
        _ = try f.engine.modifyPolicy(ids: [a.id], change: PolicyChange(retentionDays: 10))
        var plan = try #require(try f.engine.accountPlan())
        let mine = try #require(plan.changes.first { $0.instanceID == a.id })
        #expect(mine.differences == [.init(field: "Retention", from: String(a.retentionDays), to: "10")])
        _ = try f.engine.modifyPolicy(ids: [b.id], change: PolicyChange(retentionDays: b.retentionDays))
        plan = try #require(try f.engine.accountPlan())
        #expect(plan.changes.map(\.instanceID) == [a.id], "changed back: nothing planned for \(b.id)")
        try f.engine.markApplied(instanceID: a.id)
        #expect(try f.engine.accountPlan()?.changes.isEmpty == true)
        _ = try f.engine.modifyPolicy(ids: [a.id], change: PolicyChange(retentionDays: 11))
        #expect(try f.engine.accountPlan()?.changes.first?.differences == [.init(field: "Retention", from: "10", to: "11")],
                "after an apply, the account holds what was applied")
    }

    @Test("Restores, new and released instances and clock moves are rehearsal only, listed and never part of the changes")
    func rehearsalOnly() throws {
        let f = try Self.pulled()
        let created = try f.create()
        let running = try f.engine.instances(InstanceFilter(set: .live, regionID: "cn-shanghai"), limit: 1).items[0]
        try f.engine.releaseInstance(id: running.id, regionID: nil)
        let before = try f.engine.now()
        _ = try f.engine.advanceClock(by: UTCTime.day)
        let plan = try #require(try f.engine.accountPlan())
        #expect(plan.changes.isEmpty && plan.created == [created] && plan.released == [running.id])
        #expect(plan.rehearsalOnly == [
            "1 instance(s) created here (restores or CreateDBInstance): \(created).",
            "1 instance(s) released here: \(running.id).",
            "The clock was moved from \(UTCTime.format(before)) to \(UTCTime.format(before + UTCTime.day)).",
        ])
    }

    @Test("An off policy's destination and log switch do nothing: not a change, not a drift; its retention is")
    func sameEffect() {
        let off = PolicyValues(enabled: false, destination: nil, retentionDays: 7, logEnabled: false)
        #expect(off.sameEffect(as: PolicyValues(enabled: false, destination: "cn-shanghai", retentionDays: 7, logEnabled: true)))
        #expect(!off.sameEffect(as: PolicyValues(enabled: false, destination: nil, retentionDays: 15, logEnabled: false)))
        #expect(!off.sameEffect(as: PolicyValues(enabled: true, destination: "cn-shanghai", retentionDays: 7, logEnabled: false)))
        let on = PolicyValues(enabled: true, destination: "cn-shanghai", retentionDays: 7, logEnabled: false)
        #expect(!on.sameEffect(as: PolicyValues(enabled: true, destination: "cn-qingdao", retentionDays: 7, logEnabled: false)))
    }
}
