/// A terminal colour: the terminal's default, or one of the 256 indexed colours.
public enum TermColor: Hashable, Sendable {
    case terminalDefault
    case index(UInt8)
}

/// How a cell looks. Marked, selected and disabled rows must stay apart in
/// mono too, so styles carry attributes as well as colours.
public struct Style: Hashable, Sendable {
    public var fg: TermColor
    public var bg: TermColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(fg: TermColor = .terminalDefault, bg: TermColor = .terminalDefault, bold: Bool = false,
                underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }

    public static let plain = Style()
}
