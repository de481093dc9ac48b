/// Buttons side by side, centred: `[  OK  ]  [ Cancel ]`. Found by identity.
public struct ButtonRow<ID: Hashable & Sendable>: Sendable {
    public let buttons: [(id: ID, label: String)]

    public init(_ buttons: [(id: ID, label: String)]) {
        self.buttons = buttons
    }

    /// The button after (or before) `id`, wrapping.
    public func neighbour(of id: ID, forward: Bool) -> ID {
        buttons.map(\.id).neighbour(of: id, forward: forward)
    }

    /// Draws the buttons; answers where each one is (for clicks).
    @discardableResult
    public func render(into b: inout Buffer, area: Rect, focused: ID?, palette: Palette) -> [(id: ID, place: Rect)] {
        let texts = buttons.map { "[ \($0.label) ]" }
        let total = texts.reduce(0) { $0 + TextWidth.of($1) } + 2 * (texts.count - 1)
        var x = area.x + max(0, (area.width - total) / 2)
        var places: [(id: ID, place: Rect)] = []
        for (button, text) in zip(buttons, texts) {
            let w = b.put(x, area.y, text, palette[button.id == focused ? .buttonFocus : .button], maxWidth: area.maxX - x)
            places.append((button.id, Rect(x: x, y: area.y, width: w, height: 1)))
            x += w + 2
        }
        return places
    }
}
