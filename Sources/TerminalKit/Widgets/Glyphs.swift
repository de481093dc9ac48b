/// The characters widgets draw with: box lines, marks and arrows, in
/// Unicode or, for terminals without it, ASCII.
public struct Glyphs: Sendable {
    public let horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public let marked, unmarked, arrowDown, arrow, separator: String
    /// An unmarked row whose change is planned for an account (a pulled state).
    public let planned: String
    /// The sorted column's mark in a table header, ascending and descending.
    public let sortUp, sortDown: String

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
                                       bottomRight: "┘", marked: "[x]", unmarked: "[ ]", arrowDown: "▾", arrow: "→",
                                       separator: "·", planned: "[~]", sortUp: "▲", sortDown: "▼")
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
                                     bottomRight: "+", marked: "[x]", unmarked: "[ ]", arrowDown: "v", arrow: "->",
                                     separator: "-", planned: "[~]", sortUp: "^", sortDown: "v")
}
