import TerminalKit

/// The keys of every menu overlay.
enum MenuBindings {
    /// Moving the menu's cursor (`move` gets the key the `Menu` widget takes), choosing (`choose`) and closing.
    static func actions(move: @escaping (Key) -> Void, choose: @escaping () -> Outcome) -> [KeyAction] {
        func moving(_ key: Key) -> () -> Outcome { { move(key); return .handled } }
        return [
            Binding(["Up", "k"], .up, "move up", label: "↑/k").run(moving(.up)),
            Binding(["Down", "j"], .down, "move down", label: "↓/j").run(moving(.down)),
            Binding(["g", "Home"], .first, "first item").run(moving(.home)),
            Binding(["G", "End"], .last, "last item").run(moving(.end)),
            Binding(["Enter"], .confirm, "choose", footer: "choose").run(choose),
            Binding(["Esc", "q"], .cancel, "close", footer: "close").run { .close },
            HelpBinding.overlay,
        ]
    }
}
