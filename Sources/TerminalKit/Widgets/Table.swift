/// A column of a `Table`: its header, the width it wants, how it aligns,
/// and how it gives way when the table is narrow.
public struct TableColumn: Sendable, Equatable {
    public let title: String
    public let width: Int
    /// A flexible column takes the spare width and, when space is short,
    /// yields first, down to `minWidth`.
    public let minWidth: Int?
    /// Lower is more important: when even the flexible columns are at their
    /// minimum, the column with the highest number is dropped first.
    public let priority: Int
    public let rightAligned: Bool

    public init(_ title: String, _ width: Int, priority: Int = 0, right: Bool = false, flexible minWidth: Int? = nil) {
        self.title = title
        self.width = width
        self.priority = priority
        self.rightAligned = right
        self.minWidth = minWidth
    }

    public var isFlexible: Bool { minWidth != nil }
}

/// How a table row is drawn.
public enum RowRole: Sendable, Equatable {
    /// `failing`: the row misses a goal (it also says so in a cell: colour is never the only sign).
    case normal, cursor, marked, cursorMarked, disabled, failing

    public init(cursor: Bool, marked: Bool = false, disabled: Bool = false, failing: Bool = false) {
        self = cursor ? (marked ? .cursorMarked : .cursor) : marked ? .marked : disabled ? .disabled : failing ? .failing : .normal
    }

    var slot: ThemeSlot {
        switch self {
        case .normal: return .row
        case .cursor: return .rowSelected
        case .marked: return .rowMarked
        case .cursorMarked: return .rowSelectedMarked
        case .disabled: return .textDisabled
        case .failing: return .textWarn
        }
    }
}

/// One row of a `Table`: a cell per column, by column title.
public struct TableRow: Sendable, Equatable {
    public var cells: [String: String]
    public var role: RowRole

    public init(_ cells: [String: String], role: RowRole = .normal) {
        self.cells = cells
        self.role = role
    }
}

/// A table: a header line, then the rows it is given (the visible window of
/// a longer list: the caller keeps the `ScrollWindow`).
public struct Table: Sendable {
    public var columns: [TableColumn]
    public var rows: [TableRow]
    /// The column the rows are sorted by, and the mark its header gets (`▲`, `▼`).
    public var sorted: (title: String, mark: String)?
    /// A last line under the rows (totals), in the header's style.
    public var footer: [String: String]?

    public init(columns: [TableColumn], rows: [TableRow], sorted: (title: String, mark: String)? = nil,
                footer: [String: String]? = nil) {
        self.columns = columns
        self.rows = rows
        self.sorted = sorted
        self.footer = footer
    }

    /// The columns that fit in `width`, each with the width it gets. The
    /// widest flexible column yields first; then the least important columns
    /// are dropped, never the one titled `kept` (the sorted one, which is also
    /// wide enough for its title and mark); the spare width goes to the first flexible column.
    public static func layout(_ columns: [TableColumn], width: Int, kept keptTitle: String? = nil,
                              keptWidth: Int = 0) -> [(column: TableColumn, width: Int)] {
        var kept = Array(columns.indices)
        var widths = columns.map(\.width)
        let pinned = columns.firstIndex { $0.title == keptTitle }
        if let pinned { widths[pinned] = max(widths[pinned], keptWidth) }
        func used() -> Int { kept.reduce(0) { $0 + widths[$1] } + max(0, kept.count - 1) }
        while used() > width {
            let over = used() - width
            if let widest = kept.filter({ columns[$0].isFlexible && widths[$0] > columns[$0].minWidth! })
                .max(by: { widths[$0] < widths[$1] }) {
                widths[widest] = max(columns[widest].minWidth!, widths[widest] - over)
                continue
            }
            guard kept.count > 1,
                  let least = kept.filter({ $0 != pinned }).max(by: { (columns[$0].priority, $0) < (columns[$1].priority, $1) })
            else { break }
            kept.removeAll { $0 == least }
        }
        if let flex = kept.first(where: { columns[$0].isFlexible }) { widths[flex] += max(0, width - used()) }
        return kept.map { (columns[$0], min(widths[$0], width)) }
    }

    /// Draws the table; answers where each row drawn is, in order (for clicks).
    @discardableResult
    public func render(into b: inout Buffer, area: Rect, palette: Palette) -> [Rect] {
        guard !area.isEmpty else { return [] }
        let header = { (c: TableColumn) in c.title == sorted?.title ? c.title + " " + sorted!.mark : c.title }
        let laid = Self.layout(columns, width: area.width, kept: sorted?.title,
                               keptWidth: sorted.map { TextWidth.of($0.title) + 1 + TextWidth.of($0.mark) } ?? 0)
        Self.line(&b, area.row(0), laid, header,
                  palette[.tableHeader])
        let body = area.height - (footer == nil ? 0 : 1)
        var places: [Rect] = []
        for (i, r) in rows.enumerated() where i + 1 < body {
            Self.line(&b, area.row(i + 1), laid, { r.cells[$0.title] ?? "" }, palette[r.role.slot])
            places.append(area.row(i + 1))
        }
        if let footer, area.height >= 2 {
            Self.line(&b, area.row(area.height - 1), laid, { footer[$0.title] ?? "" }, palette[.tableHeader])
        }
        return places
    }

    private static func line(_ b: inout Buffer, _ rect: Rect, _ laid: [(column: TableColumn, width: Int)],
                             _ text: (TableColumn) -> String, _ style: Style) {
        b.fill(rect, style)
        var x = rect.x
        for (c, w) in laid where x < rect.maxX {
            let room = min(w, rect.maxX - x)
            b.put(x, rect.y, TextWidth.fit(text(c), room, rightAligned: c.rightAligned), style, maxWidth: room)
            x += w + 1
        }
    }
}
