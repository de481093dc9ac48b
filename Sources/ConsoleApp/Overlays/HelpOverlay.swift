import TerminalKit

/// `?`: every binding of the focused component, the ones that can change the
/// state marked. It scrolls when the screen is short; any other key closes it.
final class HelpOverlay: Component {
    let shown: [Binding]
    let title: String
    private var top = 0
    private var visible = 1

    init(bindings: [Binding], of what: String) {
        shown = bindings
        title = "Keys of this \(what) (any other key closes)"
    }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        [Binding(["Up", "k"], .up, "scroll up", label: "↑/k").run { [unowned self] in
            top = max(0, top - 1)
            return .handled
         },
         Binding(["Down", "j"], .down, "scroll down", label: "↓/j").run { [unowned self] in
             top = max(0, min(shown.count - visible, top + 1))
             return .handled
         },
         Binding(["Esc"], .cancel, "close (any other key does)", footer: "close").run { .close }]
    }

    /// Any other key closes it.
    func unbound(_ key: Key, _ ctx: ConsoleContext) -> Outcome { .close }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let footnote = shown.contains(where: \.changesState)
        let inner = DialogFrame(title: title, width: 90, height: shown.count + (footnote ? 5 : 3))
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        let (list, bottom) = inner.splitTop(1).rest.splitBottom(footnote ? 2 : 0)
        visible = max(1, list.height)
        top = max(0, min(top, shown.count - visible))
        for (i, k) in shown.dropFirst(top).prefix(visible).enumerated() {
            let row = list.row(i)
            b.put(TextWidth.fit(k.label, 12), in: row, p[.footerKey])
            b.put((k.changesState ? "* " : "  ") + k.help, in: row.splitLeft(13).rest, p[.dialog])
        }
        var note = footnote ? "* can change the state" : ""
        if shown.count > visible {
            note += (note.isEmpty ? "" : "   ") + "\(top + 1)-\(top + visible) of \(shown.count), ↑/↓ scroll"
        }
        b.put(note, in: bottom.row(bottom.height - 1), p[.textMuted])
    }
}
