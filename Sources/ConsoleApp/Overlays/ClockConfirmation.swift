import CrossRegionEngine
import TerminalKit

/// A clock jump longer than the engine's `ClockReport.confirmationThreshold`: what it
/// will copy and what will expire on the way, before it happens. Enter moves the clock, Esc leaves it.
final class ClockConfirmation: Component {
    let span: Seconds
    let preview: ClockReport

    init(span: Seconds, preview: ClockReport) {
        self.span = span
        self.preview = preview
    }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        [
            Binding(["Enter"], .confirm, "move the clock", footer: "advance", changesState: true).run { [span] in .request(.advanceClock(by: span)) },
            Binding(["Esc"], .cancel, "leave the clock where it is", footer: "cancel").run { .close },
        ]
    }

    func finished(_ request: ConsoleRequest, _ result: Result<RequestResult, Error>, _ ctx: ConsoleContext) -> Outcome {
        switch result {
        case .success(let r): return .all([.close, .say(PromptSpec.clock.done(r), error: false)])
        case .failure(let e): return .all([.close, .say(ConsoleContext.describe(e), error: true)])
        }
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let width = min(70, area.width - 4)
        let r = preview
        let expiring = r.setsExpired + r.logsExpired == 0 ? "no retained file expires"
            : "\(Format.count(Int(r.setsExpired))) sets and \(Format.count(Int(r.logsExpired))) log files expire"
        let text = "Advance \(UTCTime.describe(duration: span)), to \(UTCTime.format(r.to))? On the way "
            + "\(Format.count(Int(r.setsCopied))) sets and \(Format.count(Int(r.logsCopied))) log files are copied, and \(expiring)."
        let lines = TextWidth.wrap(text, width: width - 4)
        let inner = DialogFrame(title: "A long clock jump", width: width, height: lines.count + 5)
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        for (i, line) in lines.enumerated() {
            b.put(line, in: inner.row(1 + i), p[preview.setsExpired + preview.logsExpired > 0 ? .textWarn : .dialog])
        }
        ctx.hitButtons(ButtonRow<Command>([(.confirm, "Enter: Advance"), (.cancel, "Esc: Cancel")])
            .render(into: &b, area: inner.row(lines.count + 2), focused: .confirm, palette: p), of: actions(ctx), by: self)
    }
}
