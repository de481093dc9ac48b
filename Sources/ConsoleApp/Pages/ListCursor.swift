import TerminalKit

/// The cursor of a list and the rows it shows; moved by the navigation commands.
struct ListCursor {
    var window = ScrollWindow()
    /// Rows of the list at the last frame (for paging).
    var visibleRows = 10

    static let bindings: [Binding] = [
        Binding(["Up", "k"], .up, "move up", label: "↑/k"),
        Binding(["Down", "j"], .down, "move down", label: "↓/j"),
        Binding(["PgUp"], .pageUp, "page up"),
        Binding(["PgDn"], .pageDown, "page down"),
        Binding(["g", "Home"], .first, "first row"),
        Binding(["G", "End"], .last, "last row"),
    ]

    /// Applies a navigation command over a list of `total` rows; false when it is not one.
    mutating func perform(_ command: Command, total: Int) -> Bool {
        let page = max(1, visibleRows - 1)
        let delta: Int
        switch command {
        case .up: delta = -1
        case .down: delta = 1
        case .pageUp: delta = -page
        case .pageDown: delta = page
        // Half of Int's range either way: the sum below cannot overflow.
        case .first: delta = Int.min / 2
        case .last: delta = Int.max / 2
        default: return false
        }
        window.cursor = max(0, min(total - 1, window.cursor + delta))
        window.clamp(count: total, rows: visibleRows)
        return true
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
    total == 0 ? empty : "\(min(window.cursor + 1, total)) of \(total)"
}
