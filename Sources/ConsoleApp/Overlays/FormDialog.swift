import TerminalKit

/// A dialog of fields and OK / Cancel buttons: how the focus moves, what
/// Enter and Esc do. The dialog says what a choice change and OK mean.
protocol FormDialog: Component {
    associatedtype Focus: Hashable & Sendable
    var focus: Focus { get set }
    /// Where Tab goes, in order (the fields that can change now, then the buttons).
    var order: [Focus] { get }
    static var ok: Focus { get }
    static var cancel: Focus { get }
    /// ←/→ on a field.
    func changeChoice(forward: Bool)
    /// OK.
    func submit(_ ctx: ConsoleContext) -> Outcome
}

extension FormDialog {
    static var buttons: ButtonRow<Focus> { ButtonRow([(ok, " OK "), (cancel, "Cancel")]) }

    /// OK and Cancel in `area`; a click on one is Enter on it.
    func renderButtons(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        for (id, place) in Self.buttons.render(into: &b, area: area, focused: focus, palette: ctx.palette) {
            hit(place, id, ctx)
        }
    }

    /// A click on `place` puts the focus on `target` if it can have it now; a button is pressed.
    func hit(_ place: Rect, _ target: Focus, _ ctx: ConsoleContext) {
        ctx.hit(place, by: self) { [unowned self, unowned ctx] in
            guard order.contains(target) else { return .handled }
            focus = target
            return target == Self.ok || target == Self.cancel ? perform(.confirm, ctx) : .handled
        }
    }

    func perform(_ command: Command, _ ctx: ConsoleContext) -> Outcome {
        let onButton = focus == Self.ok || focus == Self.cancel
        switch command {
        case .cancel: return .close
        case .nextField, .previousField: focus = order.neighbour(of: focus, forward: command == .nextField)
        case .previousChoice, .nextChoice:
            if onButton {
                focus = Self.buttons.neighbour(of: focus, forward: command == .nextChoice)
            } else {
                changeChoice(forward: command == .nextChoice)
            }
        case .confirm:
            if focus == Self.cancel { return .close }
            if focus == Self.ok { return submit(ctx) }
            return perform(.nextField, ctx)
        default: break
        }
        return .handled
    }
}
