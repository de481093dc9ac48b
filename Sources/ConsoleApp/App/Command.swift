import TerminalKit

/// What a key does: the console's typed vocabulary of commands. Pages and
/// overlays bind keys to these; tests press them by name through the bindings.
public enum Command: Hashable, Sendable {
    // Everywhere a page has the focus
    /// Show the page of the left navigation at this position (see `sections`).
    case showSection(Int)
    case pickRegion, help, advanceClock, back, quit, commandLine
    // The command line
    case complete
    // Lists
    case up, down, pageUp, pageDown, first, last, filter, open, nextTab, previousTab
    case more, mark, markAll, clearMarks, batchSettings, settings, restore, edit, copy, export, drill
    // Sorting (htop's keys)
    case sortNext, sortPrevious, sortInvert
    // Filter line
    case keepFilter, clearFilter
    // Text fields: the editing keys (←/→, Home/End, Delete, Backspace, Ctrl-U, Ctrl-W)
    case editText
    // Dialogs, menus and prompts
    case nextField, previousField, previousChoice, nextChoice, confirm, cancel
}

/// One binding: its keys, the command, and the words the footer and `?` show.
public struct Binding: Sendable {
    public let keys: [Key]
    public let command: Command
    public let label: String
    public let help: String
    /// The footer's short word for it; nil: only in `?`.
    public let footer: String?
    /// Whether the command can change the state (the `?` list marks these).
    public let changesState: Bool

    public init(_ keys: [String], _ command: Command, _ help: String, footer: String? = nil, label: String? = nil,
                changesState: Bool = false) {
        self.keys = keys.compactMap(Key.init(name:))
        self.command = command
        self.label = label ?? self.keys.map(\.label).joined(separator: "/")
        self.help = help
        self.footer = footer
        self.changesState = changesState
    }
}

extension [Binding] {
    /// The command `key` is bound to here, first binding first.
    public func command(for key: Key) -> Command? {
        first { $0.keys.contains(key) }?.command
    }
}
