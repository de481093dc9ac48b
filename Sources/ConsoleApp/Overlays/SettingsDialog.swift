import CrossRegionEngine
import TerminalKit

/// Cross-region Backup Settings, for one instance or a batch. It draws the
/// fields of the engine's `SettingsPlan` (a widget per field, by its kind)
/// and sends the change the plan makes of their values; it knows no field
/// by name.
final class SettingsDialog: FormDialog {
    enum Focus: Hashable { case field(SettingsField), ok, cancel }

    /// A field's widget: a choice or a text.
    enum Widget {
        case choice(Select<String>)
        case text(TextField)

        var value: String {
            switch self {
            case .choice(let s): return s.selected
            case .text(let t): return t.text
            }
        }
    }

    let plan: SettingsPlan
    private(set) var widgets: [SettingsField: Widget] = [:]
    var focus: Focus
    /// The engine's reasons when it refused the last OK.
    private(set) var refusal: [String] = []
    static let ok = Focus.ok, cancel = Focus.cancel

    /// Opens the dialog on these instances, or says why the engine will not.
    static func open(ids: [String], _ ctx: ConsoleContext) -> Outcome {
        guard !ids.isEmpty else { return .handled }
        return open { try ctx.state.settingsPlan(ids: ids) }
    }

    /// Opens the dialog on the plan `plan` gives, or says why the engine will not.
    static func open(_ plan: () throws -> SettingsPlan) -> Outcome {
        do {
            return .open(SettingsDialog(plan: try plan()))
        } catch {
            return .say(ConsoleContext.describe(error), error: true)
        }
    }

    init(plan: SettingsPlan) {
        self.plan = plan
        for spec in plan.fields {
            let value = plan.initial[spec.field]
            switch spec.kind {
            case .choice(let choices):
                widgets[spec.field] = .choice(Select(choices.map { .init($0.value, $0.label) }, selected: value))
            case .number(let width, _):
                widgets[spec.field] = .text(TextField(value, maxLength: width, allowed: .digits))
            }
        }
        focus = .field(plan.firstField)
    }

    var values: SettingsValues {
        var v = plan.initial
        for (field, w) in widgets { v[field] = w.value }
        return v
    }

    /// Puts `values` into the widgets whose value they change.
    private func show(_ values: SettingsValues) {
        for (field, w) in widgets where w.value != values[field] {
            switch w {
            case .choice(var s):
                s.select(values[field])
                widgets[field] = .choice(s)
            case .text(var t):
                t.set(values[field])
                widgets[field] = .text(t)
            }
        }
    }

    /// The focus order: the fields the plan lets change now, then the buttons.
    var order: [Focus] {
        let v = values
        return plan.fields.map(\.field).filter { plan.lockedReason($0, in: v) == nil }.map(Focus.field) + [.ok, .cancel]
    }

    private var focusedText: TextField? {
        if case .field(let f) = focus, case .text(let t)? = widgets[f] { return t }
        return nil
    }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] { formActions(typing: focusedText, ctx) }

    func unbound(_ key: Key, _ ctx: ConsoleContext) -> Outcome {
        guard case .field(let f) = focus, var t = focusedText, t.handle(key) else { return .ignored }
        widgets[f] = .text(t)
        refusal = []
        return .handled
    }

    func changeChoice(forward: Bool) {
        guard case .field(let f) = focus, case .choice(var s)? = widgets[f] else { return }
        _ = s.handle(forward ? .right : .left)
        widgets[f] = .choice(s)
        show(plan.adjusted(values, after: f))
    }

    func request(_ change: PolicyChange) -> ConsoleRequest {
        .modifyPolicy(ids: plan.ids, change: change, regionID: plan.regionID)
    }

    func submit(_ ctx: ConsoleContext) -> Outcome {
        let v = values
        if let bad = plan.fields.first(where: { plan.problem(of: $0.field, in: v) != nil }) {
            // The note under the fields says why.
            refusal = []
            focus = .field(bad.field)
            return .handled
        }
        do {
            guard let change = try plan.change(for: v) else {
                return .all([.close, .say(plan.nothingToChange(v), error: false)])
            }
            // Every change shows what it does first, one instance as a batch: both directions of its files, its cost.
            return .start(preview(change, ctx))
        } catch {
            refusal = [ConsoleContext.describe(error)]
            return .handled
        }
    }

    /// The preview of `change`: its impact, or the instances that refuse it.
    func preview(_ change: PolicyChange, _ ctx: ConsoleContext, stepInstances: Int? = nil) -> PreviewJob {
        PreviewJob(ids: plan.ids, change: change, regionID: plan.regionID, request: request(change), ctx,
                   stepInstances: stepInstances) { [weak self] in self?.show($0) ?? .handled }
    }

    /// The instances that refuse, each with its reason: one instance's under the fields; a
    /// batch's, however few, in the list of refusals (where `u` unmarks them), said under the fields too.
    private func show(_ failures: [EngineError.Failure]) -> Outcome {
        guard plan.ids.count > 1 else {
            refusal = failures.map { "\($0.instanceID): \($0.message)" }
            return .handled
        }
        refusal = [RefusalsOverlay.summary(failures.count, of: plan.ids.count)]
        return .open(RefusalsOverlay(failures: failures, of: plan.ids.count))
    }

    func finished(_ request: ConsoleRequest, _ result: Result<RequestResult, Error>, _ ctx: ConsoleContext) -> Outcome {
        switch result {
        case .success(let r):
            let count: Int
            if case .changed(let ids) = r { count = ids.count } else { count = plan.ids.count }
            return .all([.effect(.unmark(Set(plan.ids))), .closeAll, .say(plan.done(values, count: count), error: false)])
        case .failure(let e as EngineError) where !e.failures.isEmpty:
            return show(e.failures)
        case .failure(let e):
            refusal = [ConsoleContext.describe(e)]
            return .handled
        }
    }

    // MARK: Drawing

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let textWidth = min(76, area.width - 4) - 4
        let refusalLines = refusal.flatMap { TextWidth.wrap($0, width: textWidth) }.prefix(6)
        let title = plan.ids.count == 1 ? "Cross-region Backup Settings"
            : "Backup Settings \(ctx.glyphs.separator) \(Format.count(plan.ids.count)) instances"
        let fields = plan.fields
        let inner = DialogFrame(title: title, width: 76, height: 10 + fields.count + refusalLines.count)
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        let who = plan.ids.count == 1 ? plan.ids[0] : "\(plan.ids[0]) and \(Format.count(plan.ids.count - 1)) more"
        b.put("\(who) \(ctx.glyphs.separator) \(plan.regionID.map { Region.named($0)?.displayName ?? $0 } ?? "\(plan.sourceRegions.count) regions")",
              in: inner.row(0), p[.textMuted])
        let v = values
        for (i, spec) in fields.enumerated() {
            let locked = plan.lockedReason(spec.field, in: v) != nil
            let focused = focus == .field(spec.field)
            let (label, value) = inner.row(2 + i).splitLeft(32)
            b.put(spec.label, in: label, p[locked ? .textDisabled : .dialog])
            hit(inner.row(2 + i), .field(spec.field), ctx)
            switch (widgets[spec.field], spec.kind) {
            case (.choice(let s)?, _):
                s.render(into: &b, area: value, focused: focused, locked: locked, palette: p)
            case (.text(let t)?, .number(let width, let hint)):
                let slot: ThemeSlot = plan.problem(of: spec.field, in: v) != nil ? .fieldError
                    : focused ? .fieldFocus : locked ? .textDisabled : .field
                t.render(into: &b, area: value.splitLeft(width + 6).left, slot: slot, focused: focused, palette: p)
                b.put(hint, in: value.splitLeft(width + 8).rest, p[.textMuted])
            default: break
            }
        }
        let below = inner.splitTop(3 + fields.count).rest
        if let note = plan.note(for: v) {
            let slot: ThemeSlot = note.tone == .error ? .fieldError : note.tone == .warning ? .textWarn : .textMuted
            WrappedText(note.text, slot: slot).render(into: &b, area: below.splitTop(2).top, palette: p)
        }
        renderButtons(into: &b, area: below.row(2), ctx)
        for (i, line) in refusalLines.enumerated() { b.put(line, in: below.row(4 + i), p[.messageError]) }
    }
}
