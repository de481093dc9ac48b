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

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        ListCursor.actions { [unowned self] in cursor.move($0, total: failures.count) } + [
            Binding(["u"], .clearMarks, "unmark the refused instances, so b retries with the others", footer: "unmark refused")
                .run { [unowned self, unowned ctx] in unmarkRefused(ctx) },
            Binding(["Esc", "q", "Enter"], .cancel, "back to the dialog", footer: "back").run { .close }, HelpBinding.overlay,
        ]
    }

    func selection(_ ctx: ConsoleContext) -> String? {
        cursor.window.cursor < failures.count ? failures[cursor.window.cursor].instanceID : nil
    }

    /// "3 of 120 refused: nothing was changed."
    static func summary(_ refused: Int, of batch: Int) -> String {
        "\(Format.count(refused)) of \(Format.count(batch)) refused: nothing was changed."
    }

    /// `u`: the refused instances unmarked, back to the list, where b retries with the rest.
    private func unmarkRefused(_ ctx: ConsoleContext) -> Outcome {
        let refused = Set(failures.map(\.instanceID))
        let unmarked = ctx.marks.intersection(refused).count
        let left = batch - refused.count
        return .all([.effect(.unmark(refused)), .closeAll,
                     .say((unmarked == 0 ? "No refused instance is marked any more"  // unmarked meanwhile: gone from the lists
                           : "\(Format.count(unmarked)) refused instance\(unmarked == 1 ? "" : "s") unmarked")
                          + "; b sets up the other \(Format.count(left)).", error: false)])
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let width = min(100, area.width - 8)
        // Each refusal: the instance, then the engine's reason wrapped under it.
        let entries = failures.map { [$0.instanceID] + TextWidth.wrap($0.message, width: width - 6).map { "  " + $0 } }
        let needed = entries.reduce(0) { $0 + $1.count } + 3
        let inner = DialogFrame(title: Self.summary(failures.count, of: batch), width: width,
                                height: min(area.height - 4, needed + 2))
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        let (list, status) = inner.splitTop(inner.height - 1)
        let perEntry = max(1, entries.first?.count ?? 1)
        let w = cursor.frame(rows: max(1, list.height / perEntry), total: failures.count)
        var y = 0
        for (i, lines) in entries.enumerated().dropFirst(w.top) {
            guard y + lines.count <= list.height else { break }
            let selected = i == w.cursor
            for (k, line) in lines.enumerated() {
                let slot: ThemeSlot = selected ? .rowSelected : k == 0 ? .dialog : .messageError
                b.fill(list.row(y), p[slot])
                b.put(line, in: list.row(y), p[slot])
                y += 1
            }
        }
        b.put(statusLine(w, total: failures.count, empty: "") + "   u unmarks them, so b retries with the others", in: status, p[.textMuted])
    }
}
