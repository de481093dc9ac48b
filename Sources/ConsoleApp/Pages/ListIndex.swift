import CrossRegionEngine
import Foundation

/// The rows of a page's list (a set of one region), read once per change of
/// the state and filtered here as the user types: a keypress costs the rows
/// on screen, not a scan of the region. The rows stay the engine's compact
/// `InstanceIndex` (one run of bytes); an ID becomes a string only when read.
final class ListIndex {
    let key: String
    let token: Int64
    let rows: InstanceIndex
    private(set) var filterText = ""
    /// The positions the filter keeps, ascending (nil: every row).
    private var kept: [Int32]?
    /// What the texts `filterText` extends kept, shortest first (each extends the one before):
    /// Backspace goes back to one of them without a search. At most as many positions as the
    /// rows, in all (one filter's worth of memory).
    private var earlier: [(text: String, kept: [Int32])] = []

    init(key: String, token: Int64, rows: InstanceIndex) {
        self.key = key
        self.token = token
        self.rows = rows
    }

    /// The rows whose ID or description contains `text` (case-insensitive, as `lowercased()` on
    /// both sides), in the list's order. Typing on narrows: a text that extends the last one
    /// searches only what that one kept. Going back (Backspace) to a text typed on the way
    /// takes what it kept; to another, searches what the longest text it extends kept.
    func filter(_ text: String) -> ListRows {
        let t = text.lowercased()
        // Texts compared as the search reads them, byte by byte (not as equivalent characters).
        func extends(_ longer: String, _ shorter: String) -> Bool { longer.utf8.starts(with: shorter.utf8) }
        guard !t.utf8.elementsEqual(filterText.utf8) else { return ListRows(shown: ShownIDs(rows: rows, kept: kept), index: self) }
        if let current = kept, !filterText.isEmpty, extends(t, filterText) {
            earlier.append((filterText, current))
            kept = search(Array(t.utf8), among: current)
        } else {
            while let last = earlier.last, !extends(t, last.text) { earlier.removeLast() }
            if let last = earlier.last, last.text.utf8.count == t.utf8.count {
                kept = earlier.removeLast().kept
            } else {
                kept = t.isEmpty ? nil : search(Array(t.utf8), among: earlier.last?.kept)
            }
        }
        filterText = t
        // Kept within one filter's worth of positions: the widest (the first) go first.
        var held = earlier.reduce(0) { $0 + $1.kept.count }
        while held > rows.count, !earlier.isEmpty { held -= earlier.removeFirst().kept.count }
        return ListRows(shown: ShownIDs(rows: rows, kept: kept), index: self)
    }

    private func search(_ needle: [UInt8], among candidates: [Int32]?) -> [Int32] {
        let unfolded = unfolded, anyUnfolded = !unfolded.isEmpty
        // One borrow of the rows, the needle and the folding tables for the whole pass.
        return rows.withRows { r in
            Self.lower.withUnsafeBufferPointer { low in
                Self.same.withUnsafeBufferPointer { same in
                    needle.withUnsafeBufferPointer { n in
                        func matches(_ i: Int) -> Bool {
                            if anyUnfolded, let lower = unfolded[Int32(i)] {
                                return lower.id.withUnsafeBufferPointer { Self.contains($0, n, fold: same) }
                                    || lower.description.withUnsafeBufferPointer { Self.contains($0, n, fold: same) }
                            }
                            let (id, description) = r[i]
                            return Self.contains(id, n, fold: low) || Self.contains(description, n, fold: low)
                        }
                        if let candidates { return candidates.filter { matches(Int($0)) } }
                        var out: [Int32] = []
                        for i in 0..<r.count where matches(i) { out.append(Int32(i)) }
                        return out
                    }
                }
            }
        }
    }

    /// Finds the rows a filter lower-cases as strings (`unfolded`) ahead of the first filter key.
    func prepareFilter() { _ = unfolded }

    /// The lower-cased UTF-8 of the rows whose text lower-cases otherwise than ASCII letters do
    /// (`É`, `İ`); every other row is matched by folding its own bytes. Found after the frame that
    /// read the rows (`prepareFilter`), else by the first filter key.
    private lazy var unfolded: [Int32: (id: [UInt8], description: [UInt8])] = {
        var out: [Int32: (id: [UInt8], description: [UInt8])] = [:]
        rows.withRows { r in
            for i in 0..<r.count {
                let (id, description) = r[i]
                if !(Self.foldsAsASCII(id) && Self.foldsAsASCII(description)) {
                    out[Int32(i)] = (Array(String(decoding: id, as: UTF8.self).lowercased().utf8),
                                     Array(String(decoding: description, as: UTF8.self).lowercased().utf8))
                }
            }
        }
        return out
    }()

    /// True when lower-casing `text` changes only its ASCII letters (true of any text without
    /// non-ASCII bytes; of CJK, digits and most else too).
    private static func foldsAsASCII(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        // ASCII, and U+3000–U+9FFF (CJK punctuation, kana, ideographs: no case), need no string.
        var i = 0, caseless = true
        while i < text.count && caseless {
            let b = text[i]
            if b < 0x80 { i += 1 } else if (0xE3...0xE9).contains(b) { i += 3 } else { caseless = false }
        }
        if caseless { return true }
        let s = String(decoding: text, as: UTF8.self)
        return s.lowercased().utf8.elementsEqual(text.lazy.map { Self.lower[Int($0)] })
    }

    /// Each byte with ASCII `A`–`Z` lower-cased.
    private static let lower: [UInt8] = (0...255).map { b in (65...90).contains(b) ? UInt8(b + 32) : UInt8(b) }

    /// Each byte as it is (the folding table of text lower-cased already).
    private static let same: [UInt8] = (0...255).map { UInt8($0) }

    /// Byte-wise substring test: each haystack byte is read through `fold` (`lower` folds ASCII
    /// letters as it reads, `same` takes the bytes as they are); the needle is lower-cased already.
    /// The places the needle may begin are found with `memchr` (the C library's, a word or more at
    /// a time), the needle's first byte and the one that folds to it, if any.
    static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>,
                         fold: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = needle.count, h = hay.count
        guard n > 0 else { return true }
        guard n <= h, let base = hay.baseAddress else { return false }
        let first = needle[0]
        // An upper-case ASCII letter folds to a lower-case first byte when `fold` folds.
        let other: UInt8? = (0x61...0x7A).contains(first) && fold[Int(first) - 32] == first ? first - 32 : nil
        var i = 0
        while i <= h - n {
            let from = base + i, span = h - n - i + 1
            var at = memchr(from, Int32(first), span).map { from.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
            if let other, let o = memchr(from, Int32(other), at ?? span) {
                at = from.distance(to: o.assumingMemoryBound(to: UInt8.self))
            }
            guard let at else { return false }
            let k = i + at
            var j = 1
            while j < n && fold[Int(hay[k + j])] == needle[j] { j += 1 }
            if j == n { return true }
            i = k + 1
        }
        return false
    }

    // MARK: Finding a row by its ID

    /// Row positions by the hash of their ID (open addressing; 0 is empty, else position + 1),
    /// built the first time an ID is looked up: 8 bytes a row, no strings.
    private lazy var slots: [Int32] = {
        var capacity = 16
        while capacity < rows.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: 0, count: capacity)
        for i in rows.indices {
            var s = rows.withBytes(i) { id, _ in Self.hash(id) } & (capacity - 1)
            while slots[s] != 0 { s = (s + 1) & (capacity - 1) }
            slots[s] = Int32(i + 1)
        }
        return slots
    }()

    /// The position of the row whose ID has this UTF-8, if any.
    func position(ofID id: UnsafeBufferPointer<UInt8>) -> Int? {
        withFinder { $0(id) }
    }

    func position(ofID id: String) -> Int? {
        var id = id
        return id.withUTF8 { position(ofID: $0) }
    }

    /// Lends `body` a finder of positions by ID (the UTF-8 of one), with the rows' bytes and the
    /// slots borrowed once for every ID it looks up (thousands of marks, a list of joining rows).
    func withFinder<R>(_ body: ((UnsafeBufferPointer<UInt8>) -> Int?) throws -> R) rethrows -> R {
        let slots = slots
        return try slots.withUnsafeBufferPointer { table in
            try rows.withRows { mine in
                let mask = table.count - 1
                return try body { id in
                    var s = Self.hash(id) & mask
                    while table[s] != 0 {
                        let p = Int(table[s] - 1)
                        let here = mine[p].id
                        if here.count == id.count && (id.isEmpty || memcmp(here.baseAddress!, id.baseAddress!, id.count) == 0) { return p }
                        s = (s + 1) & mask
                    }
                    return nil
                }
            }
        }
    }

    /// FNV-1a.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h >> 1)
    }
}

/// The IDs a list shows, its filter applied, in its order, each made when read; a value
/// that can leave the console's thread (an export).
struct ShownIDs: RandomAccessCollection, Sendable {
    let rows: InstanceIndex
    /// The positions shown, ascending (nil: every row).
    let kept: [Int32]?

    var startIndex: Int { 0 }
    var endIndex: Int { kept?.count ?? rows.count }
    subscript(i: Int) -> String { rows.id(at: position(i)) }

    func position(_ i: Int) -> Int { kept.map { Int($0[i]) } ?? i }

    /// Where the row at `p` of `rows` is shown (nil: filtered out).
    func offset(ofPosition p: Int) -> Int? {
        guard let kept else { return p }
        // `kept` is ascending: a binary search.
        var lo = 0, hi = kept.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(kept[mid]) < p { lo = mid + 1 } else { hi = mid }
        }
        return lo < kept.count && Int(kept[lo]) == p ? lo : nil
    }
}

extension ShownIDs {
    /// These IDs, in this order (an export of a list of IDs).
    init(_ ids: [String]) {
        self.init(rows: InstanceIndex(ids.map { InstanceIndexEntry(id: $0, description: "") }), kept: nil)
    }
}

/// The rows a list shows, and where an ID is among them.
struct ListRows: RandomAccessCollection {
    let shown: ShownIDs
    fileprivate let index: ListIndex

    var startIndex: Int { 0 }
    var endIndex: Int { shown.endIndex }
    subscript(i: Int) -> String { shown[i] }

    /// Where the row `id` is shown (nil: not in these rows).
    func offset(of id: String) -> Int? { index.position(ofID: id).flatMap(shown.offset(ofPosition:)) }

    /// Where `id` is shown, found by `find` (`ListIndex.withFinder`; nil: not in these rows).
    private func offset(of id: String, _ find: (UnsafeBufferPointer<UInt8>) -> Int?) -> Int? {
        var id = id
        return id.withUTF8(find).flatMap(shown.offset(ofPosition:))
    }

    /// Those of `ids` these rows show, in the rows' order.
    func shown(_ ids: some Collection<String>) -> [String] {
        index.withFinder { find in ids.compactMap { offset(of: $0, find) } }.sorted().map { self[$0] }
    }

    /// How many of `ids` these rows show.
    func countShown(_ ids: some Collection<String>) -> Int {
        index.withFinder { find in ids.reduce(0) { $0 + (offset(of: $1, find) == nil ? 0 : 1) } }
    }

    /// The rows of `other` these rows show, in these rows' order (no string made but theirs).
    func shown(_ other: InstanceIndex) -> [String] {
        index.withFinder { find in
            other.withRows { theirs in
                (0..<theirs.count).compactMap { find(theirs[$0].id).flatMap(shown.offset(ofPosition:)) }
            }
        }.sorted().map { self[$0] }
    }
}
