/// A row of tabs, the active one bracketed: `[ Data Backups ]  Log Backups`.
public struct Tabs: Sendable {
    public var titles: [String]
    public var active: Int

    public init(_ titles: [String], active: Int) {
        self.titles = titles
        self.active = active
    }

    public func render(into b: inout Buffer, area: Rect, palette: Palette) {
        var x = area.x
        for (i, t) in titles.enumerated() where x < area.maxX {
            x += b.put(x, area.y, i == active ? "[ \(t) ]" : "  \(t)  ", palette[i == active ? .tabActive : .tab],
                       maxWidth: area.maxX - x)
            x += 1
        }
    }
}
