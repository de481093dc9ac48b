
/// A theme resolved for the terminal at hand (its colour count), slot by slot.
public struct Palette: Sendable {
    public let theme: Theme
    public let colors: Int
    private let styles: [ThemeSlot: Style]

    public init(theme: Theme, colors: Int) {
        self.theme = theme
        self.colors = colors
        var s: [ThemeSlot: Style] = [:]
        for slot in ThemeSlot.allCases { s[slot] = theme.style(slot, colors: colors) }
        styles = s
    }

    public subscript(_ slot: ThemeSlot) -> Style { styles[slot] ?? .plain }
}
