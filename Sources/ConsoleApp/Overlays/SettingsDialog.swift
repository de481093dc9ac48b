import CrossRegionEngine
import TerminalKit

/// Cross-region Backup Settings, for one instance or a batch. It draws the
/// engine's `SettingsPlan` and sends the change the plan makes of its fields.
final class SettingsDialog: Component {
    enum Focus: Hashable { case field(SettingsField), ok, cancel }

    let plan: SettingsPlan
    private(set) var status: Select<Bool>
    private(set) var destination: Select<String>
    private(set) var retention: TextField
    private(set) var log: Select<Bool>
    private(set) var focus: Focus
    /// The engine's reasons when it refused the last OK.
    private(set) var refusal: [String] = []
    static let buttons = ButtonRow<Focus>([(.ok, " OK "), (.cancel, "Cancel")])

    /// Opens the dialog on these instances, or says why the engine will not.
    static func open(ids: [String], _ ctx: ConsoleContext) -> Outcome {
        guard !ids.isEmpty else { return .handled }
        do {
            return .open(SettingsDialog(plan: try ctx.state.settingsPlan(ids: ids), ctx))
        } catch {
            return .say(ConsoleContext.describe(error), error: true)
        }
    }

    init(plan: SettingsPlan, _ ctx: ConsoleContext) {
        self.plan = plan
        let v = plan.initial
        status = Select([.init(true, "Enable"), .init(false, "Disable")], selected: v.enable)
        destination = Select(plan.destinations.map { .init($0, Region.named($0)?.displayName ?? $0) },
                             selected: v.destination ?? "")
        retention = TextField(v.retention, maxLength: plan.retentionWidth, allowed: .digits)
        log = Select([.init(true, "Enable"), .init(false, "Disable")], selected: v.log)
        focus = .field(plan.firstField)
    }

    var values: SettingsValues {
        SettingsValues(enable: status.selected, destination: destination.selected, retention: retention.text,
                       log: log.selected)
    }

    /// The focus order: the fields the plan lets change now, then the buttons.
    private var order: [Focus] {
        SettingsField.allCases.filter { plan.lockedReason($0, in: values) == nil }.map(Focus.field) + [.ok, .cancel]
    }

    func bindings(_ ctx: ConsoleContext) -> [Binding] {
        focus == .field(.retention) ? DialogBindings.typing : DialogBindings.all
    }

    func handle(_ key: Key, _ ctx: ConsoleContext) -> Outcome {
        if let command = bindings(ctx).command(for: key), command != .editText { return perform(command, ctx) }
        if focus == .field(.retention), retention.handle(key) { refusal = [] }
        return .handled
    }

    func perform(_ command: Command, _ ctx: ConsoleContext) -> Outcome {
        switch command {
        case .cancel: return .close
        case .nextField, .previousField: step(forward: command == .nextField)
        case .previousChoice, .nextChoice: change(forward: command == .nextChoice)
        case .confirm:
            switch focus {
            case .cancel: return .close
            case .ok: return apply()
            case .field: step(forward: true)
            }
        default: break
        }
        return .handled
    }

    private func step(forward: Bool) {
        let o = order
        let i = o.firstIndex(of: focus) ?? 0
        focus = o[(i + (forward ? 1 : o.count - 1)) % o.count]
    }

    private func change(forward: Bool) {
        let key: Key = forward ? .right : .left
        switch focus {
        case .field(.status):
            _ = status.handle(key)
            let v = plan.switched(values, enable: status.selected)
            retention.set(v.retention)
            log.select(v.log)
        case .field(.destination): _ = destination.handle(key)
        case .field(.log): _ = log.handle(key)
        case .field(.retention): break
        case .ok, .cancel: focus = Self.buttons.neighbour(of: focus, forward: forward)
        }
    }

    private func apply() -> Outcome {
        do {
            guard let change = try plan.change(for: values) else {
                return .all([.close, .say(plan.nothingToChange, error: false)])
            }
            let refused = plan.refusals(of: change)
            guard refused.isEmpty else { return show(refused) }
            return .request(.modifyPolicy(ids: plan.ids, change: change, regionID: plan.sourceRegion))
        } catch {
            // The retention cannot be read: the note under the fields says why.
            refusal = []
            focus = .field(.retention)
            return .handled
        }
    }

    /// The instances that refuse, each with its reason; a long list opens in its own view.
    private func show(_ failures: [EngineError.Failure]) -> Outcome {
        refusal = failures.map { "\($0.instanceID): \($0.message)" }
        return failures.count > 3 ? .open(RefusalsOverlay(failures: failures, of: plan.ids.count)) : .handled
    }

    func finished(_ request: ConsoleRequest, _ result: Result<RequestResult, Error>, _ ctx: ConsoleContext) -> Outcome {
        switch result {
        case .success(let r):
            ctx.marks.subtract(plan.ids)
            let count: Int
            if case .instances(let changed) = r { count = changed.count } else { count = plan.ids.count }
            return .all([.close, .say(plan.done(values, count: count), error: false)])
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
            : "Backup Settings \(ctx.glyphs.separator) \(plan.ids.count) instances"
        let inner = DialogFrame(title: title, width: 76, height: 14 + refusalLines.count)
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        let who = plan.ids.count == 1 ? plan.ids[0] : "\(plan.ids[0]) and \(plan.ids.count - 1) more"
        b.put("\(who) \(ctx.glyphs.separator) \(Region.named(plan.sourceRegion)?.displayName ?? plan.sourceRegion)",
              in: inner.row(0), p[.textMuted])
        let v = values
        let labels: [(SettingsField, String)] = [
            (.status, "Cross-region Backup Status"), (.destination, "Backup Region"),
            (.retention, "Retention Period (days)"), (.log, "Cross-region Log Backup Status"),
        ]
        for (i, (field, label)) in labels.enumerated() {
            let locked = plan.lockedReason(field, in: v) != nil
            let (labelArea, value) = inner.row(2 + i).splitLeft(32)
            b.put(label, in: labelArea, p[locked ? .textDisabled : .dialog])
            let focused = focus == .field(field)
            switch field {
            case .status: status.render(into: &b, area: value, focused: focused, locked: locked, palette: p)
            case .destination: destination.render(into: &b, area: value, focused: focused, locked: locked, palette: p)
            case .log: log.render(into: &b, area: value, focused: focused, locked: locked, palette: p)
            case .retention:
                let slot: ThemeSlot = plan.retentionProblem(v.retention) != nil ? .fieldError
                    : focused ? .fieldFocus : locked ? .textDisabled : .field
                retention.render(into: &b, area: value.splitLeft(10).left, slot: slot, focused: focused, palette: p)
                b.put(plan.retentionBounds, in: value.splitLeft(12).rest, p[.textMuted])
            }
        }
        if let note = plan.note(for: v) {
            let slot: ThemeSlot = note.tone == .error ? .fieldError : note.tone == .warning ? .textWarn : .textMuted
            WrappedText(note.text, slot: slot).render(into: &b, area: inner.splitTop(7).rest.splitTop(2).top, palette: p)
        }
        Self.buttons.render(into: &b, area: inner.row(9), focused: focus, palette: p)
        for (i, line) in refusalLines.enumerated() { b.put(line, in: inner.row(11 + i), p[.messageError]) }
    }
}
