import TerminalKit

/// What a key does.
public enum Action: Sendable, Equatable {
    case showInstances, showCrossRegion, nextTab, previousTab, up, down, pageUp, pageDown, first, last
    case open, back, quit, pickRegion, filter, help, advanceClock
    case more, mark, markAll, clearMarks, batchSettings, settings, restore, edit
}

/// One binding: its keys, what it does, and the words the footer and `?` show.
public struct Binding: Sendable {
    public let keys: [Key]
    public let action: Action
    public let label: String
    public let help: String
    /// The footer's short word for it; nil: only in `?`.
    public let footer: String?

    init(_ keys: [String], _ action: Action, _ label: String, _ help: String, footer: String? = nil) {
        self.keys = keys.compactMap(Key.init(name:))
        self.action = action
        self.label = label
        self.help = help
        self.footer = footer
    }
}

/// The key map: data, so that the footer, `?` and the handling agree.
public enum KeyMap {
    static let navigation: [Binding] = [
        Binding(["Up", "k"], .up, "↑/k", "move up"),
        Binding(["Down", "j"], .down, "↓/j", "move down"),
        Binding(["PgUp"], .pageUp, "PgUp", "page up"),
        Binding(["PgDn"], .pageDown, "PgDn", "page down"),
        Binding(["g", "Home"], .first, "g/Home", "first row"),
        Binding(["G", "End"], .last, "G/End", "last row"),
    ]

    static let global: [Binding] = [
        Binding(["1"], .showInstances, "1", "Instances page"),
        Binding(["2"], .showCrossRegion, "2", "Cross-region Backup page"),
        Binding(["r"], .pickRegion, "r", "pick the region", footer: "region"),
        Binding(["/"], .filter, "/", "filter the table (Enter keeps, Esc clears)", footer: "filter"),
        Binding(["t"], .advanceClock, "t", "advance the clock (1d, 12h, 90m)", footer: "clock"),
        Binding(["?"], .help, "?", "every key of this page", footer: "help"),
        Binding(["Esc"], .back, "Esc", "back"),
        Binding(["q"], .quit, "q", "back; quit at the top", footer: "back/quit"),
    ]

    /// The bindings of the screen described by `state`, most specific first.
    public static func bindings(for state: ConsoleState) -> [Binding] {
        var page: [Binding]
        switch state.detail {
        case .backupAndRestoration?:
            page = [Binding(["Tab"], .nextTab, "Tab", "next tab", footer: "tabs"),
                    Binding(["S-Tab"], .previousTab, "S-Tab", "previous tab"),
                    Binding(["e"], .edit, "e", "edit cross-region backup settings", footer: "edit")]
        case .files?:
            page = [Binding(["Tab"], .nextTab, "Tab", "data / log files", footer: "data/log"),
                    Binding(["S-Tab"], .previousTab, "S-Tab", "previous tab"),
                    Binding(["R"], .restore, "R", "restore from this backup set", footer: "restore")]
        case nil:
            switch state.page {
            case .instances:
                page = [Binding(["Enter"], .open, "Enter", "Backup and Restoration", footer: "backups"),
                        Binding(["m"], .more, "m", "More: settings, backups, release", footer: "more")]
            case .crossRegion:
                page = [Binding(["Tab"], .nextTab, "Tab", "Backup / Pending Instances", footer: "tabs"),
                        Binding(["S-Tab"], .previousTab, "S-Tab", "previous tab")]
                if state.crossTab == .pending {
                    page += [Binding(["Space"], .mark, "Space", "mark / unmark and move down", footer: "mark"),
                             Binding(["a"], .markAll, "a", "mark every row the filter shows", footer: "mark all"),
                             Binding(["A"], .clearMarks, "A", "clear all marks"),
                             Binding(["b"], .batchSettings, "b", "Backup Settings for the marked rows", footer: "settings"),
                             Binding(["s"], .settings, "s", "settings of the cursor row")]
                } else {
                    page += [Binding(["s"], .settings, "s", "Settings", footer: "settings"),
                             Binding(["Enter"], .open, "Enter", "retained backup files", footer: "files"),
                             Binding(["R"], .restore, "R", "restore", footer: "restore")]
                }
            }
        }
        return page + navigation + global
    }

    public static func action(for key: Key, in state: ConsoleState) -> Action? {
        bindings(for: state).first { $0.keys.contains(key) }?.action
    }
}
