import CrossRegionEngine
import TerminalKit

/// Restore from a backup set or a point in time, into a region the engine's
/// `RestorePlan` allows for that set (each with its reason): to a new
/// instance, or databases into an instance that exists there.
final class RestoreDialog: FormDialog {
    enum Focus: Hashable { case method, set, time, region, target, targetID, database, ok, cancel }

    let plan: RestorePlan
    private(set) var method: Select<RestoreMethod>
    private(set) var set: Select<Int64>
    private(set) var time: TextField
    private(set) var region: Select<String>
    private(set) var target: Select<RestoreTarget>
    /// The instance to restore into, as typed (checked against the state as you type).
    private(set) var targetID: TextField
    /// One database, or every one (nil).
    private(set) var database: Select<String?>
    var focus: Focus = .method
    private(set) var refusal: String? = nil
    static let ok = Focus.ok, cancel = Focus.cancel

    /// Opens the dialog on an instance (on `preferredSet` if given), or says why the engine will not.
    static func open(instanceID: String, preferredSet: Int64?, _ ctx: ConsoleContext) -> Outcome {
        do {
            return .open(RestoreDialog(plan: try ctx.state.restorePlan(id: instanceID), preferredSet: preferredSet,
                                       glyphs: ctx.glyphs))
        } catch {
            return .say(ConsoleContext.describe(error), error: true)
        }
    }

    init(plan: RestorePlan, preferredSet: Int64?, glyphs: Glyphs) {
        self.plan = plan
        method = Select([.init(.backupSet, "Backup set"), .init(.pointInTime, "Point in time")], selected: .backupSet)
        set = Select(plan.sets.map { .init($0.id, "\($0.id) \(glyphs.separator) \(UTCTime.format($0.time)) \(glyphs.separator) \($0.storedIn)") },
                     selected: preferredSet ?? plan.sets[0].id)
        time = TextField(UTCTime.format(plan.latest), maxLength: 20, allowed: .utcTime)
        region = Select([], selected: "")
        target = Select(plan.targets.map { .init($0, $0.name) }, selected: .newInstance)
        targetID = TextField("", maxLength: 64)
        database = Select([.init(nil, "All \(plan.databases.count) databases")] + plan.databases.map { .init($0, $0) },
                          selected: nil)
        region = regions(for: set.selected, keeping: nil)
    }

    private var intoExisting: Bool { target.selected == .existingInstance }

    private var chosenSet: RestorePlan.SetChoice { plan.sets.first { $0.id == set.selected } ?? plan.sets[0] }

    private func regions(for setID: Int64, keeping current: String?) -> Select<String> {
        let choices = (plan.sets.first { $0.id == setID } ?? plan.sets[0]).regions
        return Select(choices.map { .init($0.regionID, Region.named($0.regionID)?.displayName ?? $0.regionID) },
                      selected: current ?? choices.first?.regionID ?? "")
    }

    var order: [Focus] {
        [.method, method.selected == .backupSet ? .set : .time, .region, .target]
            + (intoExisting ? [.targetID, .database] : []) + [.ok, .cancel]
    }

    /// The form's keys; after each, the instance typed to restore into is checked again.
    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        formActions(typing: focus == .time ? time : focus == .targetID ? targetID : nil, ctx).map {
            $0.followed { [unowned self, unowned ctx] in checkTarget(ctx) }
        }
    }

    func unbound(_ key: Key, _ ctx: ConsoleContext) -> Outcome {
        defer { checkTarget(ctx) }
        switch focus {
        case .time: if time.handle(key) { refusal = nil }
        case .targetID: if targetID.handle(key) { refusal = nil }
        default: break
        }
        return .handled
    }

    /// What is wrong with the instance typed to restore into, asked of the plan with that instance
    /// as the state has it: asked when a key changed the form, never while drawing.
    private(set) var targetProblem: String? = nil

    private func checkTarget(_ ctx: ConsoleContext) {
        guard intoExisting else { targetProblem = nil; return }
        let typed = targetID.text
        do {
            var found: Instance? = nil
            if !typed.isEmpty {
                do { found = try ctx.state.instance(id: typed) } catch let e as EngineError where e.code == .invalidDBInstanceIdNotFound {}
            }
            targetProblem = plan.targetProblem(typed, found, region: region.selected, now: try ctx.state.now())
        } catch {
            targetProblem = ConsoleContext.describe(error)  // the state could not be read: said, not taken for "no instance"
        }
    }

    func changeChoice(forward: Bool) {
        let key: Key = forward ? .right : .left
        switch focus {
        case .method: _ = method.handle(key)
        case .set:
            _ = set.handle(key)
            region = regions(for: set.selected, keeping: region.selected)
        case .region: _ = region.handle(key)
        case .target:
            _ = target.handle(key)
            // The source itself is the first guess when the restore stays in its region.
            if intoExisting, targetID.text.isEmpty, region.selected == plan.sourceRegion, let first = plan.suggestedTarget {
                targetID.set(first)
            }
        case .database: _ = database.handle(key)
        case .time, .targetID, .ok, .cancel: break
        }
        refusal = nil
    }

    func submit(_ ctx: ConsoleContext) -> Outcome {
        if method.selected == .pointInTime, plan.timeProblem(time.text) != nil {
            focus = .time
            return .handled
        }
        checkTarget(ctx)
        if intoExisting, targetProblem != nil {
            focus = .targetID
            return .handled
        }
        do {
            if intoExisting {
                return .request(.restoreTables(try plan.tableRestore(method: method.selected, setID: set.selected, time: time.text,
                                                                     targetID: targetID.text, region: region.selected,
                                                                     database: database.selected)))
            }
            return .request(.restore(try plan.request(method: method.selected, setID: set.selected, time: time.text,
                                                       region: region.selected)))
        } catch {
            refusal = ConsoleContext.describe(error)
            return .handled
        }
    }

    func finished(_ request: ConsoleRequest, _ result: Result<RequestResult, Error>, _ ctx: ConsoleContext) -> Outcome {
        switch (request, result) {
        case (.restoreTables(let r), .success(.instance(let target))):
            return .all([.close, .say(plan.done(r, into: target), error: false)])
        case (_, .success(.instance(let created))): return .all([.close, .say(plan.done(created), error: false)])
        case (_, .failure(let e)): refusal = ConsoleContext.describe(e)
        default: break
        }
        return .handled
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let inner = DialogFrame(title: "Restore \(plan.instanceID)", width: 78, height: 18)
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        let byTime = method.selected == .pointInTime
        func label(_ row: Int, _ text: String, enabled: Bool = true) -> Rect {
            let (l, value) = inner.row(row).splitLeft(22)
            b.put(text, in: l, p[enabled ? .dialog : .textDisabled])
            return value
        }
        for (row, target) in [(1, Focus.method), (2, .set), (3, .time), (6, .region), (7, .target), (8, .targetID), (9, .database)] {
            hit(inner.row(row), target, ctx)
        }
        method.render(into: &b, area: label(1, "Restore from"), focused: focus == .method, locked: false, palette: p)
        set.render(into: &b, area: label(2, "Backup set", enabled: !byTime), focused: focus == .set, locked: byTime, palette: p)
        let timeSlot: ThemeSlot = byTime && plan.timeProblem(time.text) != nil ? .fieldError
            : focus == .time ? .fieldFocus : byTime ? .field : .textDisabled
        // From a set, the field shows the set's own time; the typed time waits for Point in time.
        (byTime ? time : TextField(UTCTime.format(chosenSet.time), maxLength: 20))
            .render(into: &b, area: label(3, "Point in time (UTC)", enabled: byTime).splitLeft(23).left,
                    slot: timeSlot, focused: focus == .time, palette: p)
        WrappedText("Restorable: \(plan.rangesText)", slot: .textMuted)
            .render(into: &b, area: inner.splitTop(4).rest.splitTop(2).top, palette: p)
        let regionArea = label(6, "Into region")
        let x = TextWidth.of("< \(region.label) >")
        region.render(into: &b, area: regionArea, focused: focus == .region, locked: false, palette: p)
        if let why = chosenSet.regions.first(where: { $0.regionID == region.selected })?.why {
            b.put(why, in: regionArea.splitLeft(x + 2).rest, p[.textMuted])
        }
        target.render(into: &b, area: label(7, "Restore to"), focused: focus == .target, locked: false, palette: p)
        let existing = intoExisting
        let targetProblem = existing ? self.targetProblem : nil
        let idSlot: ThemeSlot = !existing ? .textDisabled : targetProblem != nil ? .fieldError
            : focus == .targetID ? .fieldFocus : .field
        targetID.render(into: &b, area: label(8, "Into instance", enabled: existing).splitLeft(22).left,
                        slot: idSlot, focused: focus == .targetID, palette: p)
        let databaseArea = label(9, "Databases", enabled: existing)
        database.render(into: &b, area: databaseArea, focused: focus == .database, locked: !existing, palette: p)
        if existing {
            let names = database.selected.map { "restored as " + $0 + RestorePlan.restoredSuffix }
                ?? "each restored as NAME\(RestorePlan.restoredSuffix)"
            b.put(names, in: databaseArea.splitLeft(TextWidth.of("< \(database.label) >") + 2).rest, p[.textMuted])
        }
        if let note = chosenSet.note { b.put(note, in: inner.row(10), p[.textWarn]) }
        renderButtons(into: &b, area: inner.row(12), ctx)
        let problem = (method.selected == .pointInTime ? plan.timeProblem(time.text) : nil) ?? targetProblem
        WrappedText(refusal ?? problem ?? "", slot: .messageError).render(into: &b, area: inner.splitTop(14).rest.splitTop(2).top, palette: p)
    }
}
