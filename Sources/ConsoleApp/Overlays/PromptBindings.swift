/// The keys of a one-field prompt.
enum PromptBindings {
    static let all: [Binding] = [
        Binding(["Enter"], .confirm, "go", footer: "go", changesState: true),
        Binding(["Esc"], .cancel, "cancel", footer: "cancel"),
        TextFieldBinding.editing,
    ]
}
