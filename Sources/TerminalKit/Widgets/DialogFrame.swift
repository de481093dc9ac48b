/// A framed, titled box centred on the screen: the frame of every dialog.
public struct DialogFrame: Sendable {
    public var title: String
    public var width: Int
    public var height: Int

    public init(title: String, width: Int, height: Int) {
        self.title = title
        self.width = width
        self.height = height
    }

    /// Draws the frame within `screen` (two columns and a row of margin at
    /// least) and returns the inside, two columns in from each border.
    @discardableResult
    public func render(into b: inout Buffer, within screen: Rect, palette: Palette, glyphs: Glyphs) -> Rect {
        let w = min(width, screen.width - 4), h = min(height, screen.height - 2)
        let x = screen.x + (screen.width - w) / 2, y = max(screen.y + 1, screen.y + (screen.height - h) / 2)
        guard w >= 2, h >= 2 else { return Rect(x: x, y: y, width: 0, height: 0) }
        b.fill(x, y, w, h, palette[.dialog])
        let line = String(repeating: glyphs.horizontal, count: w - 2)
        b.put(x, y, glyphs.topLeft + line + glyphs.topRight, palette[.dialogBorder])
        b.put(x, y + h - 1, glyphs.bottomLeft + line + glyphs.bottomRight, palette[.dialogBorder])
        for row in (y + 1)..<(y + h - 1) {
            b.put(x, row, glyphs.vertical, palette[.dialogBorder])
            b.put(x + w - 1, row, glyphs.vertical, palette[.dialogBorder])
        }
        if !title.isEmpty { b.put(x + 2, y, " \(title) ", palette[.dialogTitle], maxWidth: w - 4) }
        return Rect(x: x + 2, y: y + 1, width: w - 4, height: h - 2)
    }
}
