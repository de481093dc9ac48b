@testable import CrossRegionEngine
import Testing

/// Every region's list in ID order is read as the regions' own runs and merged (`mergeRuns`):
/// the order must be SQLite's `ORDER BY id`, byte by byte, whatever the IDs share.
@Suite("Runs merged into one order by ID")
struct MergeRunsTests {
    /// IDs that share their first eight bytes or more, are shorter than eight, hold bytes past
    /// ASCII or a zero byte: where a comparison by the first eight bytes alone goes wrong.
    static let ids: [String] = [
        "rm-abcde", "rm-abcdef", "rm-abcdefg", "rm-abcdefg0", "rm-abcdefg1", "rm-abcdefgh", "rm-abcdefgh\u{0}",
        "rm-b", "rm-", "r", "", "rm-ábc", "rm-é", "rm-中文", "rm-zzzzzzzzzzzz", "rm-0000", "rm-00000000", "rm-abcdefgz",
        "rm-abcdefh", "RM-abcdef", "rm-abcdef\u{0}x",
    ]

    /// The IDs in the order SQLite's BINARY collation gives: their UTF-8, a shorter prefix first.
    static func sqliteOrder(_ ids: [String], descending: Bool) -> [String] {
        let up = ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return descending ? up.reversed() : up
    }

    /// An index read as `runs` (each already in the list's order), merged.
    static func merged(_ runs: [[String]], descending: Bool) -> [String] {
        var index = InstanceIndex()
        var starts: [Int] = []
        for run in runs {
            starts.append(index.count)
            for id in sqliteOrder(run, descending: descending) { index.append(id: id, description: "d-" + id) }
        }
        index.mergeRuns(startingAt: starts, descending: descending)
        // Each row keeps its own description.
        #expect(index.allSatisfy { $0.description == "d-" + $0.id })
        return index.map(\.id)
    }

    @Test("Any split of the IDs into runs, in either direction, merges into SQLite's order", arguments: [false, true])
    func anySplit(descending: Bool) {
        let expected = Self.sqliteOrder(Self.ids, descending: descending)
        var generator = SplitMix64(seed: 11)
        for runCount in [1, 2, 3, 5, 8, Self.ids.count] {
            for _ in 0..<20 {
                var runs = Array(repeating: [String](), count: runCount)
                for id in Self.ids { runs[Int(generator.next() % UInt64(runCount))].append(id) }
                #expect(Self.merged(runs, descending: descending) == expected, "\(runCount) runs: \(runs)")
            }
        }
        // Empty runs among them, and runs of one.
        #expect(Self.merged([[], Self.ids, []], descending: descending) == expected)
        #expect(Self.merged(Self.ids.map { [$0] }, descending: descending) == expected)
    }

    @Test("Nothing to merge: an empty index stays empty; one run stays as read")
    func nothingToMerge() {
        #expect(Self.merged([], descending: false).isEmpty)
        #expect(Self.merged([[]], descending: false).isEmpty)
        #expect(Self.merged([["rm-b", "rm-a"]], descending: true) == ["rm-b", "rm-a"])
    }
}
