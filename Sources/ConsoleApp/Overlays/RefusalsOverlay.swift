import CrossRegionEngine
import TerminalKit

/// Every instance of a batch that refused, with the engine's reason; Esc goes
/// back to the dialog that asked.
final class RefusalsOverlay: Component {
    let failures: [EngineError.Failure]
    let batch: Int
    private var cursor = ListCursor()

    init(failures: [EngineError.Failure], of batch: Int) {
        self.failures = failures
        self.batch = batch
    }

    func bindings(_ ctx: ConsoleContext) -> [Binding] {
        ListCursor.bindings + [Binding(["Esc", "q", "Enter"], .cancel, "back to the dialog", footer: "back")]
    }

    func perform(_ command: Command, _ ctx: ConsoleContext) -> Outcome {
        if command == .cancel { return .close }
        _ = cursor.perform(command, total: failures.count)
        return .handled
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let inner = DialogFrame(title: "\(failures.count) of \(batch) instances refuse this change",
                                width: area.width - 8, height: area.height - 4)
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        let (list, status) = inner.splitBottom(1)
        let w = cursor.frame(rows: list.height, total: failures.count)
        for (i, f) in failures.dropFirst(w.top).prefix(list.height).enumerated() {
            let slot: ThemeSlot = w.top + i == w.cursor ? .rowSelected : .dialog
            b.fill(list.row(i), p[slot])
            b.put("\(f.instanceID)  \(f.message)", in: list.row(i), p[slot])
        }
        b.put(statusLine(w, total: failures.count, empty: "") + "   nothing was changed", in: status, p[.textMuted])
    }
}
