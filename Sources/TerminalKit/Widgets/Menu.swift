/// A vertical menu; the cursor is an item's identity, so adding an item never
/// changes what another one does. A disabled item stays selectable, to say why.
public struct Menu<ID: Hashable & Sendable>: Sendable {
    public struct Item: Sendable {
        public let id: ID
        public let label: String
        /// Why it cannot be chosen now, or nil.
        public let disabledReason: String?
        public init(_ id: ID, _ label: String, disabledReason: String? = nil) {
            self.id = id
            self.label = label
            self.disabledReason = disabledReason
        }
    }

    public let items: [Item]
    public private(set) var cursor: ID

    public init(_ items: [Item], cursor: ID? = nil) {
        self.items = items
        self.cursor = cursor ?? items[0].id
    }

    public var current: Item { items.first { $0.id == cursor } ?? items[0] }

    /// Moves the cursor; false when the key is not the menu's.
    public mutating func handle(_ key: Key) -> Bool {
        guard let i = items.firstIndex(where: { $0.id == cursor }) else { return false }
        switch key {
        case .up, .char("k"): cursor = items[max(0, i - 1)].id
        case .down, .char("j"): cursor = items[min(items.count - 1, i + 1)].id
        case .home, .char("g"): cursor = items[0].id
        case .end, .char("G"): cursor = items[items.count - 1].id
        default: return false
        }
        return true
    }

    /// Puts the cursor on `id`; false when the menu has no such item.
    public mutating func select(_ id: ID) -> Bool {
        guard items.contains(where: { $0.id == id }) else { return false }
        cursor = id
        return true
    }

    /// Draws the items; answers where each one is (for clicks).
    @discardableResult
    /// A menu taller than `area` shows the rows around the cursor (it is never off screen).
    public func render(into b: inout Buffer, area: Rect, palette: Palette) -> [(id: ID, place: Rect)] {
        var places: [(id: ID, place: Rect)] = []
        let at = items.firstIndex { $0.id == cursor } ?? 0
        let top = max(0, min(at - area.height + 1, items.count - area.height))
        for (row, item) in items.dropFirst(top).prefix(max(0, area.height)).enumerated() {
            let slot: ThemeSlot = item.id == cursor ? .rowSelected : item.disabledReason != nil ? .textDisabled : .dialog
            b.fill(area.row(row), palette[slot])
            b.put(item.label + (item.disabledReason != nil ? "  (not available)" : ""), in: area.row(row), palette[slot])
            places.append((item.id, area.row(row)))
        }
        return places
    }
}
