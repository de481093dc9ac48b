/// The keys every form dialog shares.
enum DialogBindings {
    static let all: [Binding] = [
        Binding(["Tab", "Down"], .nextField, "next field", footer: "next", label: "Tab/↓"),
        Binding(["S-Tab", "Up"], .previousField, "previous field", label: "S-Tab/↑"),
        Binding(["Left"], .previousChoice, "previous choice", label: "←"),
        Binding(["Right", "Space"], .nextChoice, "next choice", footer: "change", label: "→/Space"),
        Binding(["Enter"], .confirm, "OK on the buttons; next field elsewhere", footer: "ok", changesState: true),
        Binding(["Esc"], .cancel, "cancel", footer: "cancel"),
        HelpBinding.overlay,
    ]

    /// The bindings while a text field has the focus: ←/→ and Space belong to it.
    static let typing: [Binding] = all.filter { ![.previousChoice, .nextChoice, .help].contains($0.command) }
        + [TextFieldBinding.editing]
}
