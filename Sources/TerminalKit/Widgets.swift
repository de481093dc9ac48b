/// Drawing helpers shared by every page: boxes, tables, tab bars.
public struct Glyphs: Sendable {
    public let horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public let marked, unmarked, arrowDown, arrow, separator: String

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
                                       bottomRight: "┘", marked: "[x]", unmarked: "[ ]", arrowDown: "▾", arrow: "→",
                                       separator: "·")
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
                                     bottomRight: "+", marked: "[x]", unmarked: "[ ]", arrowDown: "v", arrow: "->",
                                     separator: "-")
}

extension Buffer {
    /// A framed box with a title; the inside is filled with `style`.
    public mutating func box(_ x: Int, _ y: Int, _ w: Int, _ h: Int, title: String, border: Style, titleStyle: Style,
                             style: Style, glyphs: Glyphs) {
        guard w >= 2, h >= 2 else { return }
        fill(x, y, w, h, style)
        let line = String(repeating: glyphs.horizontal, count: w - 2)
        put(x, y, glyphs.topLeft + line + glyphs.topRight, border)
        put(x, y + h - 1, glyphs.bottomLeft + line + glyphs.bottomRight, border)
        for row in (y + 1)..<(y + h - 1) {
            put(x, row, glyphs.vertical, border)
            put(x + w - 1, row, glyphs.vertical, border)
        }
        if !title.isEmpty { put(x + 2, y, " \(title) ", titleStyle, maxWidth: w - 4) }
    }
}

/// A column of a table: a header, a width and how to align it.
public struct Column: Sendable {
    public let title: String
    public let width: Int
    public let rightAligned: Bool
    public init(_ title: String, _ width: Int, right: Bool = false) {
        self.title = title
        self.width = width
        self.rightAligned = right
    }
}

extension Buffer {
    /// One table row: cells fitted to their columns, separated by a space.
    @discardableResult
    public mutating func tableRow(_ x: Int, _ y: Int, width: Int, columns: [Column], cells: [String],
                                  style: Style) -> Int {
        fill(x, y, width, 1, style)
        var col = x
        for (i, c) in columns.enumerated() where col < x + width {
            let text = i < cells.count ? cells[i] : ""
            let w = min(c.width, x + width - col)
            put(col, y, TextWidth.fit(text, w, rightAligned: c.rightAligned), style, maxWidth: w)
            col += c.width + 1
        }
        return col
    }
}

/// The visible window of a long list: which rows to show so the cursor stays in view.
public struct ScrollWindow: Equatable, Sendable {
    public var cursor = 0
    public var top = 0

    public init() {}

    /// Keeps the cursor inside `0..<count` and on screen for `rows` visible rows.
    public mutating func clamp(count: Int, rows: Int) {
        cursor = max(0, min(cursor, count - 1))
        if count == 0 { cursor = 0 }
        let r = max(1, rows)
        if cursor < top { top = cursor }
        if cursor >= top + r { top = cursor - r + 1 }
        top = max(0, min(top, max(0, count - r)))
    }
}
