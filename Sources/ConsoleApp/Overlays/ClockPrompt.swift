import CrossRegionEngine
import TerminalKit

/// `t`: how far to move the simulated clock.
final class ClockPrompt: Component {
    private(set) var field = TextField("", maxLength: 12)
    private(set) var error: String? = nil

    func bindings(_ ctx: ConsoleContext) -> [Binding] { PromptBindings.all }

    func handle(_ key: Key, _ ctx: ConsoleContext) -> Outcome {
        if let command = PromptBindings.all.command(for: key), command != .editText { return perform(command, ctx) }
        if field.handle(key) { error = nil }
        return .handled
    }

    func perform(_ command: Command, _ ctx: ConsoleContext) -> Outcome {
        switch command {
        case .cancel: return .close
        case .confirm:
            do {
                return .request(.advanceClock(by: try UTCTime.parseDuration(field.text)))
            } catch {
                self.error = error.description
                return .handled
            }
        default: return .handled
        }
    }

    func finished(_ request: ConsoleRequest, _ result: Result<RequestResult, Error>, _ ctx: ConsoleContext) -> Outcome {
        switch result {
        case .success(.time(let t)): return .all([.close, .say("Clock advanced to \(UTCTime.format(t)).", error: false)])
        case .failure(let e): return .all([.close, .say(ConsoleContext.describe(e), error: true)])
        default: return .close
        }
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let inner = DialogFrame(title: "Advance the clock", width: 60, height: 7)
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        let row = inner.row(1)
        let x = b.put("By (1d, 12h, 90m, 1d12h): ", in: row, p[.dialog])
        field.render(into: &b, area: row.splitLeft(x).rest.splitLeft(16).left, slot: .fieldFocus, focused: true, palette: p)
        if let error { WrappedText(error, slot: .messageError).render(into: &b, area: inner.splitTop(3).rest, palette: p) }
    }
}
