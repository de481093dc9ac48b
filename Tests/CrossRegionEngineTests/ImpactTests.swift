import Foundation
import Testing
@testable import CrossRegionEngine

/// The impact preview: exactly what the change would do, and nothing done.
@Suite("Policy impact")
struct ImpactTests {
    /// Every retained file of `ids`, by file ID, with its expiry.
    static func expiries(_ f: Fixture, _ ids: [String]) throws -> [Int64: (expires: Seconds, bytes: Int64)] {
        var out: [Int64: (Seconds, Int64)] = [:]
        for id in ids {
            for kind in [FileKind.data, .log] {
                for file in try f.engine.crossRegionFiles(instanceID: id, query: FileQuery(kind: kind, limit: 100_000)).items {
                    out[file.id] = (file.expiresAt, file.sizeBytes)
                }
            }
        }
        return out
    }

    static func enabledFleet() throws -> (Fixture, [String]) {
        let f = try Fixture(options: .init(instances: 4, seed: 4, plainRegion: "cn-hangzhou"))
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id)
        try f.engine.advanceClock(by: 3600)
        try f.engine.modifyPolicy(ids: ids, change: PolicyChange(backupEnabled: true, destination: "cn-shanghai",
                                                                 retentionDays: 60, logBackupEnabled: true))
        try f.engine.advanceClock(by: 20 * UTCTime.day)
        return (f, ids)
    }

    @Test("Shortening or disabling: the files that expire earlier, when the first goes, and the cost, as applying it shows", arguments: [
        PolicyChange(retentionDays: 7), PolicyChange(retentionDays: 14), PolicyChange.consoleDisable,
        PolicyChange(backupEnabled: false),
    ])
    func matchesTheChange(_ change: PolicyChange) throws {
        let (f, ids) = try Self.enabledFleet()
        let before = try f.dump()
        let impact = try f.engine.policyImpact(ids: ids, change: change, regionID: "cn-hangzhou")
        #expect(try f.dump() == before, "a preview changes nothing")
        let old = try Self.expiries(f, ids)
        let costBefore = try f.engine.costs(instanceIDs: ids).values.reduce(0) { $0 + $1.projected30dUSD }
        try f.engine.modifyPolicy(ids: ids, change: change, regionID: "cn-hangzhou")
        let new = try Self.expiries(f, ids)
        let earlier = old.filter { id, o in new[id].map { $0.expires < o.expires } ?? true }
        #expect(impact.instances == ids.count)
        #expect(impact.filesExpiringEarlier == earlier.count)
        #expect(impact.bytesExpiringEarlier == earlier.values.reduce(0) { $0 + $1.bytes })
        #expect(impact.firstDeletion == earlier.keys.compactMap { new[$0]?.expires }.min())
        // To the cent, as the console shows them.
        #expect(impact.projected30dBeforeUSD == (costBefore * 100).rounded() / 100)
        let costAfter = try f.engine.costs(instanceIDs: ids).values.reduce(0) { $0 + $1.projected30dUSD }
        #expect(impact.projected30dAfterUSD == (costAfter * 100).rounded() / 100)
        // Files whose expiry moves later: the floor keeps the soonest ones until the change plus 7 days (R5.2).
        let later = old.filter { id, o in new[id].map { $0.expires > o.expires } ?? false }
        #expect(impact.filesKeptLonger == later.count && impact.bytesKeptLonger == later.values.reduce(0) { $0 + $1.bytes })
        if change.retentionDays == 7 || change == .consoleDisable {
            #expect(impact.deletesEarlier && impact.firstDeletion == f.now + 7 * UTCTime.day, "the 7-day floor (R5.2)")
        }
    }

    @Test("Lengthening deletes nothing earlier and saves nothing; a refusal is the one modifyPolicy gives")
    func lengthening() throws {
        let (f, ids) = try Self.enabledFleet()
        let impact = try f.engine.policyImpact(ids: ids, change: PolicyChange(retentionDays: 365))
        #expect(!impact.deletesEarlier && impact.firstDeletion == nil && impact.bytesExpiringEarlier == 0)
        #expect(impact.projected30dAfterUSD >= impact.projected30dBeforeUSD - 1e-6, "nothing leaves sooner: no saving")
        let bad = PolicyChange(backupEnabled: true, destination: "cn-hangzhou")
        let preview = #expect(throws: EngineError.self) { try f.engine.policyImpact(ids: ids, change: bad) }
        let real = #expect(throws: EngineError.self) { try f.engine.modifyPolicy(ids: ids, change: bad) }
        #expect(preview == real)
    }

    @Test("LocalDescribePolicyImpact answers the same, and changes nothing")
    func throughTheAPI() throws {
        let (f, ids) = try Self.enabledFleet()
        let before = try f.dump()
        let body = try f.ok("LocalDescribePolicyImpact", ["RegionId": "cn-hangzhou", "DBInstanceId": ids.joined(separator: ","),
                                                          "Retention": "7"])
        let expected = try f.engine.policyImpact(ids: ids, change: PolicyChange(retentionDays: 7))
        // PascalCase names in one order, an ISO 8601 time, amounts to the cent: as the API answers.
        #expect(body["Result"] == expected.json)
        guard case .object(let fields)? = body["Result"] else { Issue.record("no Result"); return }
        #expect(fields.map(\.key) == ["Instances", "Change", "FilesDeletedSooner", "BytesDeletedSooner", "FirstDeletion",
                                      "FilesKeptLonger", "BytesKeptLonger", "Storage30dBeforeUSD", "Storage30dAfterUSD"])
        #expect(fields[1].value == .string("retention 7 days"))
        #expect(fields[4].value == .string(UTCTime.format(try #require(expected.firstDeletion))))
        let text = JSON.object(fields).compact()
        #expect(try JSONDecoder().decode(PolicyImpact.self, from: Data(text.utf8)) == expected)
        #expect(try f.dump() == before)
        // A refusal is the one ModifyInstanceCrossBackupPolicy answers, code and status.
        for params in [["DBInstanceId": "rm-nosuchinstance0", "Retention": "7"], ["DBInstanceId": ids[0], "Retention": "6"],
                       ["DBInstanceId": ids[0], "CrossBackupRegion": "mars"]] {
            let p = params.merging(["RegionId": "cn-hangzhou"]) { $1 }
            let preview = try #require(f.refusal("LocalDescribePolicyImpact", p))
            let real = try #require(f.refusal("ModifyInstanceCrossBackupPolicy", p))
            #expect(preview.code == real.code && preview.httpStatus == real.httpStatus, "\(params): \(preview.code) vs \(real.code)")
        }
        #expect(try f.dump() == before)
    }

    /// Each source region's first destination: what "Each region's first destination" sends.
    static let firstDestinations = Dictionary(uniqueKeysWithValues: RulesEdition.seed.sources.map {
        ($0.id, RulesEdition.seed.destinations(from: $0.id)[0])
    })

    @Test("A dry run is the change: every instance and every closed series it leaves, as applying it writes them", arguments: [
        PolicyChange(backupEnabled: true, retentionDays: 30, logBackupEnabled: true, destinationBySource: firstDestinations),
        PolicyChange(backupEnabled: true, logBackupEnabled: false, destinationBySource: firstDestinations),
        PolicyChange(retentionDays: 7), PolicyChange(retentionDays: 730), PolicyChange(logBackupEnabled: false),
        PolicyChange.consoleDisable,
    ])
    func dryRunIsTheChange(_ change: PolicyChange) throws {
        let f = try Fixture(options: .init(instances: 600, seed: 23))
        try f.engine.advanceClock(by: 9 * UTCTime.day + 5 * 3600)
        let now = f.now
        let live = try f.engine.instances(ids: try f.engine.instanceIndex(InstanceFilter(set: .live)).ids)
        let ids = live.filter { $0.refusal(of: change, at: now) == nil }.map(\.id)
        try #require(ids.count >= 40, "\(ids.count) instances accept \(change.summary)")
        struct Rollback: Error { let outcome: PolicyOutcome }
        let before = try f.dump()
        var dry: PolicyOutcome?
        do {
            try f.engine.store.write { db in
                throw Rollback(outcome: try Tx(db).dryRunning().changePolicy(ids: ids, change: change))
            }
        } catch let r as Rollback {
            dry = r.outcome
        }
        let outcome = try #require(dry)
        #expect(try f.dump() == before, "a dry run writes nothing")
        #expect(outcome.before == (try f.engine.instances(ids: ids)))
        let written = try f.engine.modifyPolicy(ids: ids, change: change)
        #expect(outcome.after == written)
        #expect(outcome.after == (try f.engine.instances(ids: ids)), "as the state holds them")
        #expect(outcome.after != outcome.before)
        let stored = try f.engine.store.read { db in try Tx(db).storedSeries(of: written.map(\.seq)) }
        for (i, inst) in written.enumerated() {
            #expect(outcome.storedAfter[i].sorted { $0.sid < $1.sid } == stored[inst.seq] ?? [], "\(inst.id)")
        }
        #expect(outcome.storedAfter.contains { !$0.isEmpty }, "some series were closed or kept")
    }
}
