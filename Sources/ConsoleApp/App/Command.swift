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
