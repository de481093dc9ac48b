import CrossRegionEngine
import TerminalKit

/// A one-field prompt that makes one request: what it asks, how it reads the
/// answer, what it says when done.
struct PromptSpec: Sendable {
    let title: String
    let width: Int
    /// Lines above the field.
    let lines: [String]
    /// The words left of the field, on its row.
    let label: String
    let fieldWidth: Int
    let maxLength: Int
    /// What Enter does with the typed text (usually a request); a thrown error is shown under the field.
    let submit: @Sendable (String, ConsoleContext) throws -> Outcome
    /// What the console says after the request succeeded.
    let done: @Sendable (RequestResult) -> String
    /// The field's value to start with (replaced by the first key typed).
    var initial = ""
    /// Whether Enter changes the state (off in a read-only console); an export does not.
    var changesState = true
}

/// A prompt: type, Enter sends, Esc cancels. A refusal of the state closes it
/// and shows in the message line.
final class Prompt: TextPrompt {
    let spec: PromptSpec
    var field: TextField
    var error: String? = nil

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        [Binding(["Enter"], .confirm, "go", footer: "go", changesState: spec.changesState).run { [unowned self, unowned ctx] in
            do {
                return try spec.submit(field.text, ctx)
            } catch {
                self.error = ConsoleContext.describe(error)
                return .handled
            }
         },
         Binding(["Esc"], .cancel, "cancel", footer: "cancel").run { .close },
         TextFieldBinding.editing]
    }

    init(_ spec: PromptSpec) {
        self.spec = spec
        field = TextField(spec.initial, maxLength: spec.maxLength)
    }

    func finished(_ request: ConsoleRequest, _ result: Result<RequestResult, Error>, _ ctx: ConsoleContext) -> Outcome {
        switch result {
        case .success(let r): return .all([.close, .say(spec.done(r), error: false)])
        case .failure(let e): return .all([.close, .say(ConsoleContext.describe(e), error: true)])
        }
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let width = min(spec.width, area.width - 4)
        // Everything wraps: the frame grows to what it has to say.
        let lines = spec.lines.flatMap { TextWidth.wrap($0, width: width - 4) }
        let problem = error.map { TextWidth.wrap($0, width: width - 4) } ?? []
        let inner = DialogFrame(title: spec.title, width: width, height: lines.count + 4 + (problem.isEmpty ? 0 : problem.count + 1))
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        for (i, line) in lines.enumerated() { b.put(line, in: inner.row(1 + i), p[.dialog]) }
        let row = inner.row(1 + lines.count)
        let x = spec.label.isEmpty ? 0 : b.put(spec.label + " ", in: row, p[.dialog])
        field.render(into: &b, area: row.splitLeft(x).rest.splitLeft(spec.fieldWidth).left, slot: .fieldFocus,
                     focused: true, palette: p)
        for (i, line) in problem.enumerated() { b.put(line, in: inner.row(3 + lines.count + i), p[.messageError]) }
    }
}

extension PromptSpec {
    /// `t`: how far to move the simulated clock.
    static let clock = PromptSpec(
        title: "Advance the clock", width: 66, lines: ["By a span of s, m, h, d, w or y (365 days), up to 100y: 90m, 36h, 1d12h."],
        label: "By:", fieldWidth: 16,
        maxLength: 12,
        submit: { text, ctx in
            let span = try UTCTime.parseDuration(text)
            // A jump of more than 30 days shows first what it will copy and delete.
            guard span > ClockReport.confirmationThreshold else { return .request(.advanceClock(by: span)) }
            let now = try ctx.state.now()
            return .replace(ClockConfirmation(span: span, preview: try ctx.state.clockReport(from: now, to: now + span)))
        },
        done: { result in
            guard case .clock(let t, let report) = result else { return "Clock advanced." }
            return "Clock advanced to \(UTCTime.format(t))" + (report.map { ": " + $0.summary + "." } ?? ".")
        })

    /// Releasing an instance, confirmed by typing its ID as the web console asks.
    static func release(_ id: String) -> PromptSpec {
        PromptSpec(
            title: "Release instance", width: 66,
            lines: ["Its cross-region backups stay for their retention period.", "Type \(id) to confirm:"],
            label: "", fieldWidth: 26, maxLength: 40,
            submit: { typed, _ in
                guard typed == id else { throw PromptRefusal("Type \(id) exactly to release it.") }
                return .request(.release(id: id))
            },
            done: { _ in "\(id) released. Its cross-region backups are kept for their retention period." })
    }
}

/// Why a prompt will not send what was typed.
struct PromptRefusal: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}
