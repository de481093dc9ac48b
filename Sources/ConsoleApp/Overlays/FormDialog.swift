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
            return target == Self.ok || target == Self.cancel ? confirm(ctx) : .handled
        }
    }

    /// The keys every form dialog shares; while a text field has the focus (`typing`), ←/→ and
    /// Space are the field's, and `?` too if the field takes it (a number or a time does not).
    /// `?` lists the editing keys of the text fields wherever the focus is.
    func formActions(typing: TextField?, _ ctx: ConsoleContext) -> [KeyAction] {
        let all = [
            Binding(["Tab", "Down"], .nextField, "next field", footer: "next", label: "Tab/↓")
                .run { [unowned self] in moveField(forward: true) },
            Binding(["S-Tab", "Up"], .previousField, "previous field", label: "S-Tab/↑")
                .run { [unowned self] in moveField(forward: false) },
            Binding(["Left"], .previousChoice, "previous choice", label: "←").run { [unowned self] in choose(forward: false) },
            Binding(["Right", "Space"], .nextChoice, "next choice", footer: "change", label: "→/Space")
                .run { [unowned self] in choose(forward: true) },
            Binding(["Enter"], .confirm, "OK on the buttons; next field elsewhere", footer: "ok", changesState: true)
                .run { [unowned self, unowned ctx] in confirm(ctx) },
            Binding(["Esc"], .cancel, "cancel", footer: "cancel").run { .close },
            HelpBinding.overlay,
        ]
        guard let typing else { return all + [TextFieldBinding.editing] }
        let theField: [Command] = [.previousChoice, .nextChoice] + (typing.takes("?") ? [.help] : [])
        return all.filter { !theField.contains($0.binding.command) } + [TextFieldBinding.editing]
    }

    private func moveField(forward: Bool) -> Outcome {
        focus = order.neighbour(of: focus, forward: forward)
        return .handled
    }

    /// ←/→: the button beside on the buttons, the field's choice elsewhere.
    private func choose(forward: Bool) -> Outcome {
        if focus == Self.ok || focus == Self.cancel {
            focus = Self.buttons.neighbour(of: focus, forward: forward)
        } else {
            changeChoice(forward: forward)
        }
        return .handled
    }

    /// Enter: OK or Cancel on the buttons, the next field elsewhere.
    func confirm(_ ctx: ConsoleContext) -> Outcome {
        if focus == Self.cancel { return .close }
        if focus == Self.ok { return submit(ctx) }
        return moveField(forward: true)
    }
}
