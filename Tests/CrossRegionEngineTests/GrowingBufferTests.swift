@testable import CrossRegionEngine
import Testing

@Suite("A list's index grows in place and is a value")
struct GrowingBufferTests {
    /// Bytes 0, 1, 2, … wrapping at 251 (a prime: no run repeats at a power of two).
    static func pattern(_ n: Int) -> [UInt8] { (0..<n).map { UInt8($0 % 251) } }

    @Test("Appended one at a time and in runs, past where the system maps a block on its own, then trimmed: the same bytes")
    func growsAndTrims() {
        var buffer = GrowingBuffer<UInt8>()
        #expect(buffer.isEmpty)
        #expect(buffer.withUnsafeBufferPointer { $0.count } == 0)
        let expected = Self.pattern(600_000)  // over the 128 KiB threshold, and grown through it
        for b in expected.prefix(1_000) { buffer.append(b) }
        expected.dropFirst(1_000).withUnsafeBufferPointer { rest in
            for start in stride(from: 0, to: rest.count, by: 4_099) {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: rest[start..<min(rest.count, start + 4_099)]))
            }
        }
        buffer.append(contentsOf: UnsafeBufferPointer(start: nil, count: 0))
        #expect(Array(buffer) == expected)
        buffer.trim()
        #expect(Array(buffer) == expected)
        buffer.append(7)
        #expect(buffer.count == expected.count + 1 && buffer.last == 7)
        #expect(Array(buffer.prefix(expected.count)) == expected)
    }

    @Test("A copy does not change when the buffer it came from does, nor the buffer when the copy does")
    func copiesOnWrite() {
        var a = GrowingBuffer<Int>()
        for i in 0..<100 { a.append(i) }
        var b = a
        b.append(100)
        #expect(Array(a) == Array(0..<100))
        #expect(Array(b) == Array(0...100))
        let c = b
        b.trim()
        b.reserveCapacity(1_000)
        b.append(101)
        #expect(Array(c) == Array(0...100))
        #expect(Array(b) == Array(0...101))
        #expect(a != b && c != b)
        var d = GrowingBuffer<Int>()
        for i in 0...101 { d.append(i) }
        #expect(d == b, "equal by their elements, not their blocks")
        #expect(GrowingBuffer<Int>() == GrowingBuffer<Int>())
    }

    @Test("An index read, trimmed and copied keeps every row; a copy appended to leaves the original's rows")
    func indexAsValue() {
        let entries = (0..<20_000).map { InstanceIndexEntry(id: "rm-\($0)", description: $0.isMultiple(of: 3) ? "" : "订单-\($0)") }
        var index = InstanceIndex(entries)
        let copy = index
        index.trim()
        #expect(Array(index) == entries)
        index.append(id: "rm-new", description: "new")
        #expect(Array(copy) == entries, "the copy made before the append")
        #expect(index.count == entries.count + 1 && index.last == InstanceIndexEntry(id: "rm-new", description: "new"))
        #expect(index.id(at: 4) == "rm-4" && index.description(at: 4) == "订单-4" && index.description(at: 3) == "")
        #expect(copy == InstanceIndex(entries) && copy != index)
    }

    @Test("An index in another order (a sort by cost) keeps its rows once: it reads, compares, filters, writes and grows as that order's copy")
    func reorderedIndex() throws {
        let entries = (0..<5_000).map { InstanceIndexEntry(id: "rm-\($0)", description: "d\($0 % 7)") }
        let index = InstanceIndex(entries)
        let positions = Array(index.indices).sorted { (entries[$0].description, $0) > (entries[$1].description, $1) }
        var sorted = index.reordered(positions)
        let copy = InstanceIndex(positions.map { entries[$0] })
        #expect(Array(sorted) == positions.map { entries[$0] })
        #expect(sorted == copy && copy == sorted, "equal by rows, whatever the layout")
        #expect(sorted != index)
        #expect(sorted.withRows { rows in (0..<rows.count).map { String(decoding: rows[$0].id, as: UTF8.self) } } == copy.ids)
        var written = "", copyWritten = ""
        sorted.writeJSON(into: &written)
        copy.writeJSON(into: &copyWritten)
        #expect(written == copyWritten)
        // Reordered again (a second sort of the sorted rows), and a part of the rows only.
        let again = sorted.reordered(Array(sorted.indices.reversed()))
        #expect(Array(again) == Array(copy.reversed()))
        let some = sorted.reordered([3, 1])
        #expect(some.count == 2 && Array(some) == [copy[3], copy[1]])
        #expect(some.withRows { $0.count } == 2)
        sorted.append(id: "rm-new", description: "new")
        sorted.trim()
        #expect(sorted.count == 5_001 && sorted.last?.id == "rm-new" && Array(sorted.prefix(5_000)) == Array(copy))
        #expect(Array(index) == entries, "the index it was sorted from is unchanged")
    }
}
