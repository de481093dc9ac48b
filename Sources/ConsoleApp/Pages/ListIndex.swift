import CrossRegionEngine

/// The IDs of a page's list (a set of one region), read once per change of
/// the state and filtered here as the user types: a keypress costs the rows
/// on screen, not a scan of the region.
struct ListIndex {
    let key: String
    let token: Int64
    let ids: [String]
    /// Lower-cased UTF-8 of the ID and of the description: `/` matches either
    /// (as the engine's `SearchKey` does).
    let haystacks: [(id: [UInt8], description: [UInt8])]
    private(set) var filterText = ""
    private(set) var visible: [String]

    init(key: String, token: Int64, rows: [(id: String, description: String)]) {
        self.key = key
        self.token = token
        ids = rows.map(\.id)
        haystacks = rows.map { (Array($0.id.lowercased().utf8), Array($0.description.lowercased().utf8)) }
        visible = ids
    }

    /// The positions of `visible` in `ids`: a longer filter only looks among them.
    private var visiblePositions: [Int]? = nil

    /// The IDs whose ID or description contains `text` (case-insensitive), in the list's order.
    /// Typing on narrows: a text that extends the last one searches only what that one kept.
    mutating func filter(_ text: String) -> [String] {
        let t = text.lowercased()
        guard t != filterText else { return visible }
        let narrowing = !filterText.isEmpty && t.hasPrefix(filterText)
        filterText = t
        guard !t.isEmpty else {
            visiblePositions = nil
            visible = ids
            return visible
        }
        let needle = Array(t.utf8)
        let candidates = narrowing ? (visiblePositions ?? Array(ids.indices)) : Array(ids.indices)
        let kept = candidates.filter { Self.contains(haystacks[$0].id, needle) || Self.contains(haystacks[$0].description, needle) }
        visiblePositions = kept
        visible = kept.map { ids[$0] }
        return visible
    }

    /// Byte-wise substring test (the text is lower-cased UTF-8 on both sides).
    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        let n = needle.count, h = hay.count
        guard n > 0 else { return true }
        guard n <= h else { return false }
        return hay.withUnsafeBufferPointer { hp in
            needle.withUnsafeBufferPointer { np in
                let first = np[0]
                var i = 0
                while i <= h - n {
                    if hp[i] == first {
                        var j = 1
                        while j < n && hp[i + j] == np[j] { j += 1 }
                        if j == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
