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
