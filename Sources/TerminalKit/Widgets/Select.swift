/// A choice among options, changed with ←/→ (Space moves on): `< Enable >`.
/// Options are found by their identity, never by position.
public struct Select<ID: Hashable & Sendable>: Sendable {
    public struct Option: Sendable {
        public let id: ID
        public let label: String
        public init(_ id: ID, _ label: String) {
            self.id = id
            self.label = label
        }
    }

    public let options: [Option]
    public private(set) var selected: ID

    public init(_ options: [Option], selected: ID) {
        self.options = options
        self.selected = options.contains { $0.id == selected } ? selected : options.first?.id ?? selected
    }

    public mutating func select(_ id: ID) {
        if options.contains(where: { $0.id == id }) { selected = id }
    }

    /// Moves the choice; false when the key is not the select's.
    public mutating func handle(_ key: Key) -> Bool {
        let step: Int
        switch key {
        case .left: step = -1
        case .right, .char(" "): step = 1
        default: return false
        }
        guard let i = options.firstIndex(where: { $0.id == selected }), !options.isEmpty else { return true }
        selected = options[(i + step + options.count) % options.count].id
        return true
    }

    public var label: String { options.first { $0.id == selected }?.label ?? "-" }

    /// `< label >` when it can change, the bare label when locked.
    public func render(into b: inout Buffer, area: Rect, focused: Bool, locked: Bool, palette: Palette) {
        let slot: ThemeSlot = focused ? .fieldFocus : locked ? .textDisabled : .field
        b.put(locked ? "  \(label)  " : "< \(label) >", in: area.row(0), palette[slot])
    }
}
