#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// One row of an instance index: what a view needs to filter and page a long list.
public struct InstanceIndexEntry: Sendable, Codable, Equatable {
    public var id: String
    public var description: String

    public init(id: String, description: String) {
        self.id = id
        self.description = description
    }
}

/// ID and description of every instance of a list, in the list's order, held as one
/// run of UTF-8 bytes: a region of 100,000 instances is about 5 MB, not 200,000 strings.
/// Its rows are `InstanceIndexEntry`s made when read.
public struct InstanceIndex: RandomAccessCollection, Sendable, Equatable, Codable {
    /// Each row's ID then its description, one after the other.
    private var bytes = GrowingBuffer<UInt8>()
    /// Where each row's ID ends and where its description ends, in `bytes`, in the order read.
    private var ends = GrowingBuffer<Int>()
    /// The rows' order when it is not the order they were read in (a sort by cost): row `i`
    /// is the row read `order[i]`th. Eight bytes a row instead of a sorted copy of the rows.
    private var order: GrowingBuffer<Int>?

    public init() {}

    public init(_ entries: some Sequence<InstanceIndexEntry>) {
        for e in entries { append(id: e.id, description: e.description) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { order?.count ?? ends.count / 2 }

    public subscript(i: Int) -> InstanceIndexEntry {
        InstanceIndexEntry(id: id(at: i), description: description(at: i))
    }

    /// The ID of row `i`.
    public func id(at i: Int) -> String { withBytes(i) { id, _ in String(decoding: id, as: UTF8.self) } }

    public func description(at i: Int) -> String { withBytes(i) { _, description in String(decoding: description, as: UTF8.self) } }

    /// Every ID, in order.
    public var ids: [String] { indices.map(id(at:)) }

    /// The UTF-8 of row `i`'s ID and description, without making strings.
    public func withBytes<R>(_ i: Int, _ body: (_ id: UnsafeBufferPointer<UInt8>, _ description: UnsafeBufferPointer<UInt8>) throws -> R)
        rethrows -> R {
        let idRange = idRange(i), descriptionRange = descriptionRange(i)
        return try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[idRange]), UnsafeBufferPointer(rebasing: all[descriptionRange]))
        }
    }

    /// Every row's UTF-8 at once, for a pass over the whole list (a filter): the bytes are
    /// borrowed once, not once a row.
    public func withRows<R>(_ body: (Rows) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { b in
            try ends.withUnsafeBufferPointer { e in
                guard let order else { return try body(Rows(bytes: b, ends: e, order: nil)) }
                return try order.withUnsafeBufferPointer { o in try body(Rows(bytes: b, ends: e, order: o)) }
            }
        }
    }

    /// The rows' bytes as `withRows` lends them.
    public struct Rows {
        let bytes: UnsafeBufferPointer<UInt8>
        let ends: UnsafeBufferPointer<Int>
        let order: UnsafeBufferPointer<Int>?

        public var count: Int { order?.count ?? ends.count / 2 }

        /// Row `i`'s ID and description.
        public subscript(i: Int) -> (id: UnsafeBufferPointer<UInt8>, description: UnsafeBufferPointer<UInt8>) {
            let r = order?[i] ?? i
            let start = r == 0 ? 0 : ends[2 * r - 1], middle = ends[2 * r], end = ends[2 * r + 1]
            return (UnsafeBufferPointer(rebasing: bytes[start..<middle]), UnsafeBufferPointer(rebasing: bytes[middle..<end]))
        }
    }

    /// Where row `i` was read.
    private func stored(_ i: Int) -> Int { order?[i] ?? i }

    private func idRange(_ i: Int) -> Range<Int> {
        let r = stored(i)
        return (r == 0 ? 0 : ends[2 * r - 1])..<ends[2 * r]
    }

    private func descriptionRange(_ i: Int) -> Range<Int> {
        let r = stored(i)
        return ends[2 * r]..<ends[2 * r + 1]
    }

    public mutating func append(id: String, description: String) {
        var id = id, description = description
        id.withUTF8 { i in description.withUTF8 { d in append(id: i, description: d) } }
    }

    /// Appends a row from its UTF-8 (straight from SQLite's columns).
    mutating func append(id: UnsafeBufferPointer<UInt8>, description: UnsafeBufferPointer<UInt8>) {
        order?.append(ends.count / 2)
        bytes.append(contentsOf: id)
        ends.append(bytes.count)
        bytes.append(contentsOf: description)
        ends.append(bytes.count)
    }

    /// Gives back the room left to grow: a list's index is kept while its page is open.
    mutating func trim() {
        bytes.trim()
        ends.trim()
        order?.trim()
    }

    /// The rows in `positions` (each a position of this index, each once): the same bytes, in another order.
    func reordered(_ positions: [Int]) -> InstanceIndex {
        var out = self
        var order = GrowingBuffer<Int>()
        order.reserveCapacity(positions.count)
        for p in positions { order.append(stored(p)) }
        out.order = order
        return out
    }

    /// Puts rows read as runs, each already in ID order (a region's, from the list's index), in
    /// one order by ID: a merge of the runs, a few comparisons a row, where a sort of the whole
    /// list would take a few dozen. `starts` are where the runs begin, the first at 0; IDs compare
    /// as SQLite's `ORDER BY id` compares them (their bytes, a shorter prefix first).
    mutating func mergeRuns(startingAt starts: [Int], descending: Bool) {
        precondition(order == nil && starts.first.map { $0 == 0 } != false, "runs are merged once, as read")
        let n = ends.count / 2
        guard starts.count > 1 else { return }
        var merged = GrowingBuffer<Int>()
        merged.reserveCapacity(n)
        bytes.withUnsafeBufferPointer { b in
            ends.withUnsafeBufferPointer { e in
                /// Whether row `x`'s ID sorts before row `y`'s.
                func less(_ x: Int, _ y: Int) -> Bool {
                    let xs = x == 0 ? 0 : e[2 * x - 1], xn = e[2 * x] - xs
                    let ys = y == 0 ? 0 : e[2 * y - 1], yn = e[2 * y] - ys
                    let common = Swift.min(xn, yn)
                    let c = common > 0 ? memcmp(b.baseAddress! + xs, b.baseAddress! + ys, common) : 0
                    return c != 0 ? c < 0 : xn < yn
                }
                /// Row `x`'s first eight ID bytes as a number that sorts as they do (zeros past the end).
                func prefix(_ x: Int) -> UInt64 {
                    let xs = x == 0 ? 0 : e[2 * x - 1], xn = Swift.min(8, e[2 * x] - xs)
                    if xn == 8 { return UInt64(bigEndian: UnsafeRawPointer(b.baseAddress! + xs).loadUnaligned(as: UInt64.self)) }
                    var key: UInt64 = 0
                    for k in 0..<8 { key = key << 8 | (k < xn ? UInt64(b[xs + k]) : 0) }
                    return key
                }
                /// A run in the heap: its next row, that row's prefix, and where the run ends.
                struct Head { var next: Int, prefix: UInt64, end: Int }
                /// Whether `x`'s next row comes before `y`'s in the list: by the prefixes, and by
                /// the whole IDs only when those are equal.
                func before(_ x: Head, _ y: Head) -> Bool {
                    if x.prefix != y.prefix { return descending ? x.prefix > y.prefix : x.prefix < y.prefix }
                    return descending ? less(y.next, x.next) : less(x.next, y.next)
                }
                // A heap of the runs, the one whose next row comes first on top.
                let heap = UnsafeMutableBufferPointer<Head>.allocate(capacity: starts.count)
                defer { heap.deallocate() }
                var size = 0
                for (k, start) in starts.enumerated() {
                    let end = k + 1 < starts.count ? starts[k + 1] : n
                    if start < end { heap[size] = Head(next: start, prefix: prefix(start), end: end); size += 1 }
                }
                func siftDown(_ from: Int) {
                    var i = from
                    while true {
                        let l = 2 * i + 1, r = l + 1
                        var top = i
                        if l < size && before(heap[l], heap[top]) { top = l }
                        if r < size && before(heap[r], heap[top]) { top = r }
                        if top == i { return }
                        heap.swapAt(i, top)
                        i = top
                    }
                }
                for i in stride(from: size / 2 - 1, through: 0, by: -1) { siftDown(i) }
                while size > 0 {
                    merged.append(heap[0].next)
                    heap[0].next += 1
                    if heap[0].next == heap[0].end {
                        size -= 1
                        heap[0] = heap[size]
                    } else {
                        heap[0].prefix = prefix(heap[0].next)
                    }
                    if size > 1 { siftDown(0) }
                }
            }
        }
        order = merged
    }

    /// Puts the rows in the order of their ranks (`ranks[r]`, below `count`, is the rank of the
    /// row read `r`th), up or down, the rows of a rank in the order they have now: a list in
    /// the order of a key of a few values, from the list in ID order, in one pass.
    mutating func partition(byRank ranks: [UInt8], count: Int, descending: Bool) {
        precondition(ranks.count == ends.count / 2 && ranks.allSatisfy { Int($0) < count })
        let n = endIndex
        /// Where each rank's rows begin in the new order.
        var next = [Int](repeating: 0, count: count + 1)
        func place(_ rank: UInt8) -> Int { descending ? count - 1 - Int(rank) : Int(rank) }
        for i in 0..<n { next[place(ranks[stored(i)]) + 1] += 1 }
        for k in 0..<count { next[k + 1] += next[k] }
        var placed = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let r = stored(i), k = place(ranks[r])
            placed[next[k]] = r
            next[k] += 1
        }
        var order = GrowingBuffer<Int>()
        order.reserveCapacity(n)
        placed.withUnsafeBufferPointer { order.append(contentsOf: $0) }
        self.order = order
    }

    /// The same rows in the same order, however each holds them.
    public static func == (a: InstanceIndex, b: InstanceIndex) -> Bool {
        if a.order == nil && b.order == nil { return a.ends == b.ends && a.bytes == b.bytes }
        guard a.count == b.count else { return false }
        return a.withRows { x in
            b.withRows { y in
                (0..<x.count).allSatisfy { x[$0].id.elementsEqual(y[$0].id) && x[$0].description.elementsEqual(y[$0].description) }
            }
        }
    }

    /// It travels as two arrays of strings, the IDs and the descriptions: decoded at a
    /// fraction of the cost of an object a row.
    private enum CodingKeys: String, CodingKey { case ids = "Ids", descriptions = "Descriptions" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let ids = try c.decode([String].self, forKey: .ids)
        let descriptions = try c.decode([String].self, forKey: .descriptions)
        guard ids.count == descriptions.count else {
            throw DecodingError.dataCorruptedError(forKey: .descriptions, in: c,
                                                   debugDescription: "\(ids.count) IDs but \(descriptions.count) descriptions")
        }
        for (id, description) in zip(ids, descriptions) { append(id: id, description: description) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ids, forKey: .ids)
        try c.encode(indices.map(description(at:)), forKey: .descriptions)
    }
}

/// The same two arrays, read and written without a general coder: an index is the answer a
/// key press waits for over an endpoint (a sort, a tab, All regions). Its bytes go from the
/// answer to the index and from the index to the answer without a string a row.
extension InstanceIndex: JSONScannable, JSONWritable {
    public static func scan(_ s: inout JSONScanner) throws -> InstanceIndex {
        /// One array's strings, one after the other, and where each ends.
        struct Column {
            var bytes: [UInt8] = [], ends: [Int] = []
            func range(_ k: Int) -> Range<Int> { (k == 0 ? 0 : ends[k - 1])..<ends[k] }
        }
        var ids: Column?, descriptions: Column?
        func column(_ s: inout JSONScanner) throws -> Column {
            var c = Column()
            try s.array { s in
                try s.string(appendingTo: &c.bytes)
                c.ends.append(c.bytes.count)
            }
            return c
        }
        try s.object { s, name in
            switch name {
            case CodingKeys.ids.rawValue where ids == nil: ids = try column(&s)
            case CodingKeys.descriptions.rawValue where descriptions == nil: descriptions = try column(&s)
            default: try s.skipValue()
            }
        }
        guard let ids, let descriptions, ids.ends.count == descriptions.ends.count else { throw JSONScanner.Malformed() }
        var out = InstanceIndex()
        out.bytes.reserveCapacity(ids.bytes.count + descriptions.bytes.count)
        out.ends.reserveCapacity(2 * ids.ends.count)
        ids.bytes.withUnsafeBufferPointer { idBytes in
            descriptions.bytes.withUnsafeBufferPointer { descriptionBytes in
                for k in ids.ends.indices {
                    out.append(id: UnsafeBufferPointer(rebasing: idBytes[ids.range(k)]),
                               description: UnsafeBufferPointer(rebasing: descriptionBytes[descriptions.range(k)]))
                }
            }
        }
        return out
    }

    public func writeJSON(into out: inout String) {
        var json: [UInt8] = []
        json.reserveCapacity(bytes.count + 8 * count + 40)
        func quoted(_ text: UnsafeBufferPointer<UInt8>) {
            // Most texts need no escape (see `JSON.quote`): their bytes go as they are.
            if text.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 }) {
                var escaped = ""
                JSON.quote(String(decoding: text, as: UTF8.self), into: &escaped)
                json.append(contentsOf: escaped.utf8)
            } else {
                json.append(0x22)
                json.append(contentsOf: text)
                json.append(0x22)
            }
        }
        json.append(contentsOf: "{\"\(CodingKeys.ids.rawValue)\":[".utf8)
        for i in indices {
            if i > 0 { json.append(UInt8(ascii: ",")) }
            withBytes(i) { id, _ in quoted(id) }
        }
        json.append(contentsOf: "],\"\(CodingKeys.descriptions.rawValue)\":[".utf8)
        for i in indices {
            if i > 0 { json.append(UInt8(ascii: ",")) }
            withBytes(i) { _, description in quoted(description) }
        }
        json.append(contentsOf: "]}".utf8)
        out += String(decoding: json, as: UTF8.self)
    }
}
