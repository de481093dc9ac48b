/// A key press, decoded from the terminal.
public enum Key: Hashable, Sendable {
    case char(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    case resize
    /// A left click at a cell (`--mouse`), and the wheel.
    case click(x: Int, y: Int)
    case wheelUp, wheelDown

    /// Parses the names tests and key maps use: `j`, `Space`, `Enter`, `Esc`,
    /// `Tab`, `S-Tab`, `Up`, `Down`, `Left`, `Right`, `PgUp`, `PgDn`, `Home`,
    /// `End`, `Backspace`, `Delete`, `C-u`, `C-w`.
    public init?(name: String) {
        switch name {
        case "Enter": self = .enter
        case "Esc": self = .escape
        case "Tab": self = .tab
        case "S-Tab": self = .backTab
        case "Backspace": self = .backspace
        case "Delete": self = .delete
        case "Up": self = .up
        case "Down": self = .down
        case "Left": self = .left
        case "Right": self = .right
        case "PgUp": self = .pageUp
        case "PgDn": self = .pageDown
        case "Home": self = .home
        case "End": self = .end
        case "Space": self = .char(" ")
        case "C-u": self = Key.ctrlU
        case "C-w": self = Key.ctrlW
        default:
            guard name.count == 1, let c = name.first else { return nil }
            self = .char(c)
        }
    }

    /// Ctrl-U and Ctrl-W, as a terminal in raw mode sends them.
    public static let ctrlU = Key.char("\u{15}")
    public static let ctrlW = Key.char("\u{17}")

    /// How the footer and help show the key.
    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case Key.ctrlU: return "C-u"
        case Key.ctrlW: return "C-w"
        case .char(let c): return String(c)
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Bksp"
        case .delete: return "Del"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .resize: return "resize"
        case .click: return "click"
        case .wheelUp: return "wheel up"
        case .wheelDown: return "wheel down"
        }
    }
}
