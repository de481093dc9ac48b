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
