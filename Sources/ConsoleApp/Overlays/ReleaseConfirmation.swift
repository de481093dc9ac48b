import CrossRegionEngine
import TerminalKit

/// Release an instance: typed confirmation, as the web console asks.
final class ReleaseConfirmation: Component {
    let instanceID: String
    private(set) var field = TextField("", maxLength: 40)
    private(set) var error: String? = nil

    init(instanceID: String) {
        self.instanceID = instanceID
    }

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
            guard field.text == instanceID else {
                error = "Type \(instanceID) exactly to release it."
                return .handled
            }
            return .request(.release(id: instanceID))
        default: return .handled
        }
    }

    func finished(_ request: ConsoleRequest, _ result: Result<RequestResult, Error>, _ ctx: ConsoleContext) -> Outcome {
        if case .failure(let e) = result { return .all([.close, .say(ConsoleContext.describe(e), error: true)]) }
        return .all([.close, .say("\(instanceID) released. Its cross-region backups are kept for their retention period.",
                                  error: false)])
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let inner = DialogFrame(title: "Release instance", width: 66, height: 8)
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        b.put("Its cross-region backups stay for their retention period.", in: inner.row(1), p[.dialog])
        b.put("Type \(instanceID) to confirm:", in: inner.row(2), p[.dialog])
        field.render(into: &b, area: inner.row(3).splitLeft(26).left, slot: .fieldFocus, focused: true, palette: p)
        if let error { b.put(error, in: inner.row(5), p[.messageError]) }
    }
}
