import CrossRegionEngine
import Foundation
import TerminalKit

/// Before a batch, a disable or a shorter retention is applied: what the
/// engine says it will do. Enter applies, Esc goes back to the dialog.
final class ImpactConfirmation: Component {
    /// The dialog's request: handed back to it, to run, on Enter.
    let request: ConsoleRequest
    let impact: PolicyImpact

    init(request: ConsoleRequest, impact: PolicyImpact) {
        self.request = request
        self.impact = impact
    }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        [
            Binding(["Enter"], .confirm, "apply the change", footer: "apply", changesState: true).run { [request] in .handBack(request) },
            Binding(["Esc"], .cancel, "back to the dialog", footer: "back").run { .close },
            HelpBinding.overlay,
        ]
    }

    /// The lines to show, in the engine's words.
    var lines: [(text: String, slot: ThemeSlot)] {
        impact.sentences.map { ($0.text, Self.slot($0.tone)) }
    }

    static func slot(_ tone: PolicyImpact.Tone) -> ThemeSlot {
        switch tone {
        case .plain: .dialog
        case .quiet: .textMuted
        case .warning: .textWarn
        }
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let width = min(76, area.width - 4)
        let wrapped = lines.map { (TextWidth.wrap($0.text, width: width - 4), $0.slot) }
        let inner = DialogFrame(title: "Apply this change?", width: width, height: wrapped.reduce(0) { $0 + $1.0.count } + 5)
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        var y = 1
        for (text, slot) in wrapped {
            for line in text { b.put(line, in: inner.row(y), p[slot]); y += 1 }
        }
        ctx.hitButtons(ButtonRow<Command>([(.confirm, "Enter: Apply"), (.cancel, "Esc: Back")])
            .render(into: &b, area: inner.row(y + 1), focused: .confirm, palette: p), of: actions(ctx), by: self)
    }
}
