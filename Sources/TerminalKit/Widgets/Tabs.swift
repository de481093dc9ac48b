/// A row of tabs, the active one bracketed: `[ Data Backups ]  Log Backups`.
public struct Tabs: Sendable {
    public var titles: [String]
    public var active: Int

    public init(_ titles: [String], active: Int) {
        self.titles = titles
        self.active = active
    }

    /// Draws the tabs; answers where each one is, in order (for clicks).
    @discardableResult
    public func render(into b: inout Buffer, area: Rect, palette: Palette) -> [Rect] {
        var x = area.x
        var places: [Rect] = []
        for (i, t) in titles.enumerated() where x < area.maxX {
            let w = b.put(x, area.y, i == active ? "[ \(t) ]" : "  \(t)  ", palette[i == active ? .tabActive : .tab],
                          maxWidth: area.maxX - x)
            places.append(Rect(x: x, y: area.y, width: w, height: 1))
            x += w + 1
        }
        return places
    }
}
