import TerminalKit

/// A key's description: its keys, its name (`Command`), the words the footer
/// and `?` show, and whether it can change the state. Shared lists of these
/// (a list's cursor keys, a dialog's) become actions with their handlers.
public struct Binding: Sendable {
    public let keys: [Key]
    public let command: Command
    public let label: String
    public let help: String
    /// The footer's short word for it; nil: only in `?`.
    public let footer: String?
    /// Whether the command can change the state (the `?` list marks these; a read-only console refuses them).
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

    /// What a read-only console says instead of doing this (a key or a click on its button).
    var readOnlyRefusal: String { "Read-only console: \(label) (\(help)) is off." }

    /// This binding doing `handler`.
    func run(_ handler: @escaping () -> Outcome) -> KeyAction { KeyAction(binding: self, handler: .run(handler)) }

    /// This binding describing the keys the focused text field takes (`Component.unbound` gets them).
    var typed: KeyAction { KeyAction(binding: self, handler: .text) }

    /// `?`: the console lists the actions in force.
    var listsKeys: KeyAction { KeyAction(binding: self, handler: .help) }
}

/// One thing a key does where the focus is: the binding and its handler. A
/// component lists its actions (a list it shows adds its own); the console
/// runs the first whose keys match, after the read-only check of its flag.
public struct KeyAction {
    public let binding: Binding
    let handler: Handler

    enum Handler {
        /// What the key does.
        case run(() -> Outcome)
        /// The key is typed into the focused text field (`Component.unbound`).
        case text
        /// The console lists the actions in force (`?`).
        case help
    }
}

extension KeyAction {
    /// This action, then `after` (a dialog that checks its form after every key).
    func followed(by after: @escaping () -> Void) -> KeyAction {
        guard case .run(let run) = handler else { return self }
        return KeyAction(binding: binding, handler: .run {
            defer { after() }
            return run()
        })
    }
}

extension [KeyAction] {
    /// The first action bound to `key`.
    func action(for key: Key) -> KeyAction? {
        first { $0.binding.keys.contains(key) }
    }

    public var bindings: [Binding] { map(\.binding) }
}
