import TerminalKit

/// The keys of every menu and list overlay.
enum MenuBindings {
    static let all: [Binding] = [
        Binding(["Up", "k"], .up, "move up", label: "↑/k"),
        Binding(["Down", "j"], .down, "move down", label: "↓/j"),
        Binding(["g", "Home"], .first, "first item"),
        Binding(["G", "End"], .last, "last item"),
        Binding(["Enter"], .confirm, "choose", footer: "choose"),
        Binding(["Esc", "q"], .cancel, "close", footer: "close"),
        HelpBinding.overlay,
    ]
}

extension Menu {
    /// Moves the cursor for a navigation command; false for any other.
    mutating func follow(_ command: Command) -> Bool {
        let keys: [Command: Key] = [.up: .up, .down: .down, .first: .home, .last: .end]
        guard let key = keys[command] else { return false }
        return handle(key)
    }
}
