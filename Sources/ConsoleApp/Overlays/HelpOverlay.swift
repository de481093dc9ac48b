import TerminalKit

/// `?`: every binding of the focused component, the ones that change the state marked.
final class HelpOverlay: Component {
    let shown: [Binding]
    let title: String

    init(bindings: [Binding], of what: String) {
        shown = bindings
        title = "Keys of this \(what) (any key closes)"
    }

    func bindings(_ ctx: ConsoleContext) -> [Binding] { [Binding(["Esc"], .cancel, "close (any key does)", footer: "close")] }

    func handle(_ key: Key, _ ctx: ConsoleContext) -> Outcome { .close }

    func perform(_ command: Command, _ ctx: ConsoleContext) -> Outcome { .close }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let inner = DialogFrame(title: title, width: 90, height: shown.count + 5)
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        for (i, k) in shown.enumerated() where i + 1 < inner.height {
            let row = inner.row(1 + i)
            b.put(TextWidth.fit(k.label, 12), in: row, p[.footerKey])
            b.put((k.changesState ? "* " : "  ") + k.help, in: row.splitLeft(13).rest, p[.dialog])
        }
        if shown.contains(where: \.changesState) {
            b.put("* can change the state", in: inner.row(inner.height - 1), p[.textMuted])
        }
    }
}
