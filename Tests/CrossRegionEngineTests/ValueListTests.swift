import GRDB
import Testing
@testable import CrossRegionEngine

/// The lists of values a query binds as one JSON array, and the reads that join to them.
@Suite("Value lists")
struct ValueListTests {
    /// What SQLite's `json_each` reads back from `json`.
    private func values(_ json: String) throws -> [DatabaseValue] {
        try DatabaseQueue().read { db in
            try DatabaseValue.fetchAll(db, sql: "SELECT value FROM \(Tx.eachValue)", arguments: [json])
        }
    }

    @Test("Integers, the extremes and negatives included, read back as the integers given")
    func integers() throws {
        let given: [Int64] = [0, 1, -1, 9, 10, 1_000_000, -987_654_321, .max, .min, 42]
        #expect(Tx.jsonArray(given) == "[0,1,-1,9,10,1000000,-987654321,9223372036854775807,-9223372036854775808,42]")
        #expect(try values(Tx.jsonArray(given)) == given.map(\.databaseValue))
        #expect(Tx.jsonArray([Int64]()) == "[]")
        #expect(try values(Tx.jsonArray([Int64]())).isEmpty)
    }

    @Test("Distinct integers come once each, in ascending order")
    func distinctIntegers() throws {
        #expect(Tx.jsonArray(distinct: [5, 3, 5, -2, 1, 3, 3, .min]) == "[-9223372036854775808,-2,1,3,5]")
        #expect(Tx.jsonArray(distinct: [7]) == "[7]")
        #expect(Tx.jsonArray(distinct: []) == "[]")
    }

    @Test("Texts read back as given: IDs at once, quotes, backslashes, control characters and other scripts escaped")
    func texts() throws {
        let given = ["rm-bp1abcdefghij", "", "a\"b", "back\\slash", "tab\there", "line\nbreak", "\u{1}\u{1f}", "杭州-实例", "é\u{301}"]
        #expect(try values(Tx.jsonArray(given)) == given.map(\.databaseValue))
        #expect(Tx.jsonArray(["rm-1", "rm-2"]) == #"["rm-1","rm-2"]"#)
    }

    @Test("Reads by a list of instances give each instance's rows once, however often the list names it")
    func repeatedKeys() throws {
        let f = try Fixture(options: .init(instances: 300, seed: 29))
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: Region.defaultID)).ids.prefix(8).map { $0 }
        try #require(ids.count == 8)
        let destinations = try f.engine.rulesEdition().destinations(from: Region.defaultID)
        try #require(destinations.count >= 2)
        _ = try f.engine.modifyPolicy(ids: ids, change: PolicyChange(backupEnabled: true, destination: destinations[0],
                                                                    retentionDays: 7, logBackupEnabled: true))
        try f.engine.advanceClock(by: 2 * UTCTime.day)
        // A new destination closes each epoch: its series are stored.
        _ = try f.engine.modifyPolicy(ids: ids, change: PolicyChange(destination: destinations[1]))
        try f.engine.advanceClock(by: 3600)
        let instances = try f.engine.instances(ids: ids)
        let seqs = instances.map(\.seq)
        try f.engine.store.read { db in
            let tx = try Tx(db)
            let once = try tx.storedSeries(of: seqs)
            #expect(once.count == 8 && once.values.allSatisfy { !$0.isEmpty }, "every instance has closed series")
            #expect(once.values.allSatisfy { s in s.map(\.sid) == s.map(\.sid).sorted() }, "in the order of their IDs")
            let twice = try tx.storedSeries(of: seqs + seqs.reversed() + [seqs[0]])
            #expect(twice.mapValues { $0.map(\.sid) } == once.mapValues { $0.map(\.sid) })
            let backups = try tx.storedLocalBackups(of: seqs, endingFrom: 0, to: tx.now)
            #expect(!backups.isEmpty, "enabling took backups")
            let backupsTwice = try tx.storedLocalBackups(of: seqs + seqs, endingFrom: 0, to: tx.now)
            #expect(backupsTwice.mapValues { $0.map(\.id) } == backups.mapValues { $0.map(\.id) })
            let found = try tx.instances(ids: ids + ids + ["rm-nosuchinstance0"])
            #expect(found.count == 8 && Set(found.keys) == Set(ids), "an unknown ID is absent")
            for inst in instances { #expect(found[inst.id] == inst) }
        }
    }
}
