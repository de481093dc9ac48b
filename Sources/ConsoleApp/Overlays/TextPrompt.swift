import TerminalKit

/// An overlay around one text field: its own actions first, every other key
/// to the field (a key the field takes clears the last error).
protocol TextPrompt: Component {
    var field: TextField { get set }
    var error: String? { get set }
}

extension TextPrompt {
    func unbound(_ key: Key, _ ctx: ConsoleContext) -> Outcome {
        if field.handle(key) { error = nil }
        return .handled
    }
}
