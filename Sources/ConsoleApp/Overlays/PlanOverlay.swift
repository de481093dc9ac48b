import CrossRegionEngine
import TerminalKit

/// `:plan` on a pulled state: what `rds-console apply` would send to the
/// account, instance by instance (the account's value → the planned one),
/// the engine's impact of it all, and what is rehearsal only. Enter shows
/// the instance under the cursor.
final class PlanOverlay: Component {
    let rehearsal: AccountRehearsal
    private var cursor = ListCursor()

    init(_ rehearsal: AccountRehearsal) {
        self.rehearsal = rehearsal
    }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        ListCursor.actions { [unowned self] in cursor.move($0, total: changes.count) } + [
            Binding(["Enter"], .confirm, "show the instance under the cursor", footer: "show")
                .run { [unowned self, unowned ctx] in
                    guard let id = selection(ctx) else { return .handled }
                    return .attempt { .all([.close, .goto(try ctx.state.instance(id: id))]) }
                },
            Binding(["Esc", "q"], .cancel, "close the plan", footer: "close").run { .close }, HelpBinding.overlay,
        ]
    }

    var changes: [PlannedPolicy] { rehearsal.plan.changes }

    func selection(_ ctx: ConsoleContext) -> String? {
        cursor.window.cursor < changes.count ? changes[cursor.window.cursor].instanceID : nil
    }

    static func line(_ change: PlannedPolicy, arrow: String) -> String {
        "\(change.instanceID)  \(change.regionID)  "
            + change.differences.map { "\($0.field) \($0.from) \(arrow) \($0.to)" }.joined(separator: ", ")
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let width = min(110, area.width - 6)
        let plan = rehearsal.plan
        let summary: [(String, ThemeSlot)] = plan.changes.isEmpty
            ? [("Nothing to change: every policy is as it was pulled.", .textMuted)]
            : plan.impact.sentences.map { ($0.text, ImpactConfirmation.slot($0.tone)) }
        let tail = plan.rehearsalOnly.map { ("Rehearsal only, never applied: " + $0, ThemeSlot.textMuted) }
            + [("Send it from a shell with rds-console apply --write; without --write it only reads the account.", ThemeSlot.textMuted)]
        let notes = (summary + tail).flatMap { text, slot in TextWidth.wrap(text, width: width - 4).map { ($0, slot) } }
        let listRows = max(1, min(changes.count, area.height - notes.count - 9))
        let inner = DialogFrame(title: "Plan for account \(rehearsal.origin.account), pulled \(UTCTime.format(rehearsal.origin.at))",
                                width: width, height: listRows + notes.count + 4)
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        let w = cursor.frame(rows: listRows, total: changes.count)
        for (row, i) in (w.top..<min(changes.count, w.top + listRows)).enumerated() {
            let slot: ThemeSlot = i == w.cursor ? .rowSelected : .dialog
            b.fill(inner.row(row), p[slot])
            b.put(Self.line(changes[i], arrow: ctx.glyphs.arrow), in: inner.row(row), p[slot])
        }
        b.put(statusLine(w, total: changes.count, empty: "No change planned."), in: inner.row(listRows), p[.textMuted])
        for (k, (text, slot)) in notes.enumerated() { b.put(text, in: inner.row(listRows + 2 + k), p[slot]) }
    }
}
