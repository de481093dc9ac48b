import TerminalKit

/// The cursor of a list and the rows it shows; moved by the navigation commands.
struct ListCursor {
    var window = ScrollWindow()
    /// Rows of the list at the last frame (for paging).
    var visibleRows = 10

    /// A move of the cursor.
    enum Move: Sendable {
        case up, down, pageUp, pageDown, first, last
    }

    /// The navigation keys, each doing `move`.
    static func actions(_ move: @escaping (Move) -> Void) -> [KeyAction] {
        func doing(_ m: Move) -> () -> Outcome { { move(m); return .handled } }
        return [
            Binding(["Up", "k"], .up, "move up", label: "↑/k").run(doing(.up)),
            Binding(["Down", "j"], .down, "move down", label: "↓/j").run(doing(.down)),
            Binding(["PgUp"], .pageUp, "page up").run(doing(.pageUp)),
            Binding(["PgDn"], .pageDown, "page down").run(doing(.pageDown)),
            Binding(["g", "Home"], .first, "first row").run(doing(.first)),
            Binding(["G", "End"], .last, "last row").run(doing(.last)),
        ]
    }

    /// Moves the cursor over a list of `total` rows.
    mutating func move(_ m: Move, total: Int) {
        let page = max(1, visibleRows - 1)
        let delta: Int
        switch m {
        case .up: delta = -1
        case .down: delta = 1
        case .pageUp: delta = -page
        case .pageDown: delta = page
        // Half of Int's range either way: the sum below cannot overflow.
        case .first: delta = Int.min / 2
        case .last: delta = Int.max / 2
        }
        window.cursor = max(0, min(total - 1, window.cursor + delta))
        window.clamp(count: total, rows: visibleRows)
    }

    /// The cursor on a row the last frame showed (a click).
    mutating func select(_ row: Int) {
        window.cursor = max(0, row)
    }

    /// The window for a frame showing `rows` rows of `total`.
    mutating func frame(rows: Int, total: Int) -> ScrollWindow {
        visibleRows = max(1, rows)
        window.clamp(count: total, rows: visibleRows)
        return window
    }
}

/// A table's "3 of 120" line, or what an empty table means.
func statusLine(_ window: ScrollWindow, total: Int, empty: String) -> String {
    total == 0 ? empty : "\(Format.count(min(window.cursor + 1, total))) of \(Format.count(total))"
}
