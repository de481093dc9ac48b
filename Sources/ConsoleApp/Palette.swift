import TerminalKit

/// A theme resolved for the terminal at hand (its colour count), slot by slot.
public struct Palette: Sendable {
    public let theme: Theme
    public let colors: Int
    private let styles: [String: Style]

    public init(theme: Theme, colors: Int) {
        self.theme = theme
        self.colors = colors
        var s: [String: Style] = [:]
        for slot in Theme.requiredSlots { s[slot] = theme.style(slot, colors: colors) }
        styles = s
    }

    public subscript(_ slot: String) -> Style { styles[slot] ?? .plain }
}
