import Foundation
import CrossRegionEngine
import TerminalKit

/// Cross-region Backup: the instances that back up across regions (with what
/// it costs), and the ones that could (marked and set up in one batch).
final class CrossRegionPage: ViewModelComponent {
    enum Tab: CaseIterable { case backup, pending }
    private(set) var tab: Tab = .backup
    let backup = InstanceList(.backup, columns: backupColumns)
    /// Pending Instances lists the ones that can be enabled now (Running) first.
    let pending = InstanceList(.pending, columns: pendingColumns, order: InstanceOrder(.status))

    var list: InstanceList { tab == .backup ? backup : pending }

    /// The cursor on `id` in Backup Instances (`:goto` of a released instance).
    /// The cursor on a released instance that still holds files (Backup Instances); a live one is on Instances.
    func select(_ instance: Instance, _ ctx: ConsoleContext) -> Bool {
        guard instance.isReleased, backup.select(instance.id, ctx) else { return false }
        tab = .backup
        return true
    }
    /// The totals of Backup Instances, kept until the state, the region or the filter changes.
    private let totals = PartedValue<TotalsSum, CostTotals>()

    /// How far the totals row's sum is: what the parts so far add up to, and where the next begins.
    private struct TotalsSum {
        var sum = CostTotals()
        var after: CostTotalsPosition?
        var size: StepSize
    }

    /// The totals row's figures; nil while they are being counted (a part at a time: every
    /// region of a million instances is more than a frame).
    private func totals(_ ctx: ConsoleContext) throws -> CostTotals? {
        let filter = InstanceFilter(set: .backup, regionID: ctx.region,
                                    searchKey: backup.filterText.isEmpty ? nil : backup.filterText)
        let state = ctx.state
        let start = { TotalsSum(size: StepSize(fixed: ctx.partInstances, start: 1_000, bounds: 200...CostTotalsPartQuery.maxLimit)) }
        return try totals.value(key: "\(try state.changeToken())|\(filter)", ctx, start: start) { p in
            let began = Date()
            let part = try state.costTotals(filter, after: p.after, limit: p.size.count)
            p.size.took(Date().timeIntervalSince(began))
            p.sum.add(part.totals)
            guard let next = part.next else { return p.sum }
            p.after = next
            return nil
        }
    }

    /// The plan of a batch of the marked rows, made ahead once no key waits, so
    /// that `b` on thousands of marks opens at once.
    private let batchPlan = PartedValue<PlanGathering, SettingsPlan>()

    /// How far the plan of the marked rows is: the marked IDs in the list's order (a step of their
    /// own, not in the frame), the plan's list of them (another), then the state asked about a
    /// part of them a step.
    private struct PlanGathering {
        var ids: [String]?
        var gathering: SettingsPlanGathering?
        var size: StepSize
    }

    /// The plan of the marked rows, kept until the rows, the filter or the marks change; nil while
    /// it is gathered after the frame (`atOnce`: `b` needs it now, and gathers what is left).
    private func batchPlan(_ ctx: ConsoleContext, atOnce: Bool) throws -> SettingsPlan? {
        let list = list, state = ctx.state
        let start = { PlanGathering(size: StepSize(fixed: ctx.partInstances, start: 2_000, bounds: 500...SelectionQuery.part)) }
        let key = list.marksKey(ctx)
        if atOnce {
            return try batchPlan.now(key: key, start: start) { p in
                if p.gathering == nil { p.gathering = SettingsPlanGathering(ids: try p.ids.take() ?? list.markedIDs(ctx)) }
                return try p.gathering?.step(state, count: SelectionQuery.part)
            }
        }
        return try batchPlan.value(key: key, ctx, start: start) { p in
            guard p.gathering != nil else {
                if let ids = p.ids.take() { p.gathering = SettingsPlanGathering(ids: ids) } else { p.ids = try list.markedIDs(ctx) }
                return nil
            }
            let began = Date()
            defer { p.size.took(Date().timeIntervalSince(began)) }
            return try p.gathering?.step(state, count: p.size.count)
        }
    }

    var isTyping: Bool { list.editing }

    /// The tab on screen first, then the other one (what Tab shows); then the rows `a` would mark.
    func readAhead(_ ctx: ConsoleContext) {
        list.readAhead(ctx)
        (tab == .backup ? pending : backup).readAhead(ctx)
        guard let key = try? joiningKey(ctx) else { return }
        let state = ctx.state, filter = joiningFilter(ctx)
        _ = try? joining.value(key: key, ctx, ahead: true) { try state.instanceIndex(filter) }
    }

    /// The rows of the tab on screen that a batch may take now (what `a` marks), kept until the
    /// state or the clock moves.
    private let joining = SlowValue<InstanceIndex>()

    private func joiningFilter(_ ctx: ConsoleContext) -> InstanceFilter {
        InstanceFilter(set: list.set, regionID: ctx.region).joiningBatch
    }

    private func joiningKey(_ ctx: ConsoleContext) throws -> String {
        "\(joiningFilter(ctx))|\(try ctx.state.changeToken())|\(try ctx.state.now())"
    }

    func selection(_ ctx: ConsoleContext) -> String? { list.cursorID(ctx) }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] { list.actions(own: own(ctx), ctx) }

    func unbound(_ key: Key, _ ctx: ConsoleContext) -> Outcome { list.type(key) }

    /// The page's own keys, by tab; the list adds its own.
    private func own(_ ctx: ConsoleContext) -> [KeyAction] {
        let list = list
        func onCursor(_ then: @escaping (String) -> Outcome) -> () -> Outcome { list.onCursor(ctx, then) }
        let switchTab = { [unowned self] () -> Outcome in
            tab = tab == .backup ? .pending : .backup
            return .handled
        }
        var own = [Binding(["Tab"], .nextTab, "Backup / Pending Instances", footer: "tabs").run(switchTab),
                   Binding(["S-Tab"], .previousTab, "previous tab").run(switchTab),
                   Binding(["Space"], .mark, "mark / unmark and move down", footer: "mark").run(onCursor { [unowned ctx] id in
                       list.cursor.move(.down, total: (try? list.ids(ctx).count) ?? 0)
                       return .effect(.toggleMark(id))
                   }),
                   Binding(["a"], .markAll, "mark every Running row the filter shows", footer: "mark all")
                       .run { [unowned self, unowned ctx] in markAll(ctx) },
                   Binding(["A"], .clearMarks, "clear all marks").run { .effect(.clearMarks) },
                   Binding(["b"], .batchSettings, "Backup Settings for the marked rows of this tab", footer: "batch",
                           changesState: true).run { [unowned self, unowned ctx] in batchSettings(ctx) },
                   Binding(["s"], .settings, "settings of the cursor row", footer: tab == .backup ? "settings" : nil,
                           changesState: true).run(onCursor { [unowned ctx] in SettingsDialog.open(ids: [$0], ctx) })]
        if tab == .backup {
            own += [Binding(["Enter"], .open, "retained backup files", footer: "files")
                        .run(onCursor { .show(RetainedFilesPage(instanceID: $0)) }),
                    Binding(["R"], .restore, "restore", footer: "restore", changesState: true)
                        .run(onCursor { [unowned ctx] in RestoreDialog.open(instanceID: $0, preferredSet: nil, ctx) })]
        }
        let name = tab == .backup ? "backup-instances" : "pending-instances"
        return own + [InstanceList.copyBinding.run(onCursor { .copy($0) }),
                      InstanceList.exportBinding.run { [unowned ctx] in list.export(name: name, ctx) }]
    }

    /// `a`: every row the filter shows that the engine lets a batch take now.
    private func markAll(_ ctx: ConsoleContext) -> Outcome {
        do {
            let state = ctx.state, filter = joiningFilter(ctx)
            let joining = try self.joining.now(key: try joiningKey(ctx)) { try state.instanceIndex(filter) }
            let shown = try list.ids(ctx)
            let ids = shown.shown(joining)
            let left = shown.count - ids.count
            return .all([.effect(.mark(Set(ids))), .say("\(Format.count(ids.count)) row\(ids.count == 1 ? "" : "s") marked" + (left == 0 ? "" : "; \(Format.count(left)) not Running left out"), error: false)])
        } catch {
            return .say(ConsoleContext.describe(error), error: true)
        }
    }

    /// `b`: the settings of the marked rows of this tab, else of the cursor row.
    private func batchSettings(_ ctx: ConsoleContext) -> Outcome {
        // Counted, not listed: the plan lists the marked IDs once, if it has not already.
        guard ((try? list.markedCount(ctx)) ?? 0) > 0 else {
            return list.cursorID(ctx).map { SettingsDialog.open(ids: [$0], ctx) } ?? .handled
        }
        return SettingsDialog.open {
            guard let plan = try batchPlan(ctx, atOnce: true) else { throw EngineError(.internalError, "The plan of the marked rows was not made.") }
            return plan
        }
    }

    static let pendingColumns = [
        TableColumn("", 3), TableColumn("Instance", 30, flexible: 24), TableColumn("Status", 8, priority: 0),
        TableColumn("Version", 10, priority: 1), TableColumn("Edition", 8, priority: 2),
        TableColumn("Storage", 9, priority: 3), TableColumn("TDE", 3, priority: 4), TableColumn("Zone", 15, priority: 5),
    ]

    static let backupColumns = [
        // Narrow, what it will cost stays longest after the status: the point of this tab.
        TableColumn("", 3), TableColumn("Instance", 30, flexible: 22), TableColumn("Status", 8, priority: 0),
        TableColumn("Backup region", 17, priority: 3), TableColumn("Retention", 9, priority: 2),
        TableColumn("Log", 7, priority: 6), TableColumn("Retained", 10, priority: 4, right: true),
        TableColumn("Accrued", 10, priority: 5, right: true), TableColumn("Next 30d", 10, priority: 1, right: true),
    ]

    struct Model {
        var table: Table
        var status: String
        /// The batch hint at the bottom right.
        var hint: String?
    }

    func load(area: Rect, _ ctx: ConsoleContext) throws -> Model {
        let now = try ctx.state.now()
        let (instances, w, total) = try list.page(rows: area.height - (tab == .backup ? 6 : 5), ctx)
        // What b acts on: the marked rows of this tab, else the cursor row.
        let marked = try list.markedCount(ctx)
        if marked > 0 && !ctx.readOnly { _ = try? batchPlan(ctx, atOnce: false) }
        let planned = ctx.plannedIDs
        let batchHint = total == 0 && marked == 0 ? nil
            : marked == 0 ? "b Backup Settings (cursor row)" : "b Backup Settings for \(Format.count(marked)) marked"
        // A pulled state's planned rows carry their own mark; say what it means.
        let hint = planned.isEmpty ? batchHint : [batchHint, "\(ctx.glyphs.planned) planned (:plan)"].compactMap { $0 }.joined(separator: "  ")
        let filtered = list.filterText.isEmpty ? nil : "No row matches the filter \"\(list.filterText)\"."
        switch tab {
        case .pending:
            let rows = instances.enumerated().map { i, inst in
                let marked = ctx.marks.contains(inst.id)
                var cells = InstanceColumns.cells(inst, now: now)
                cells[""] = marked ? ctx.glyphs.marked : planned.contains(inst.id) ? ctx.glyphs.planned : ctx.glyphs.unmarked
                return TableRow(cells, role: RowRole(cursor: w.top + i == w.cursor, marked: marked,
                                                     disabled: !inst.joinsBatch(at: now)))
            }
            return Model(table: Table(columns: InstanceColumns.forScope(Self.pendingColumns, ctx), rows: rows, sorted: list.sortMark(ctx)),
                         status: statusLine(w, total: total, empty: filtered
                                            ?? "No pending instances: every qualifying instance here has cross-region backup on."),
                         hint: hint)
        case .backup:
            let costs = try ctx.state.costs(instanceIDs: instances.map(\.id))
            let rows = instances.enumerated().map { i, inst in
                let marked = ctx.marks.contains(inst.id)
                var cells = InstanceColumns.cells(inst, now: now)
                cells[""] = marked ? ctx.glyphs.marked : planned.contains(inst.id) ? ctx.glyphs.planned : ctx.glyphs.unmarked
                cells["Backup region"] = inst.backupEnabled || inst.isReleased ? inst.backupRegion ?? ""
                    : inst.backupRegion.map { "\($0) (off)" } ?? "(off)"
                cells["Retention"] = "\(inst.retentionDays) days"
                cells["Log"] = inst.logBackupEnabled ? "Enable" : "Disable"
                if let c = costs[inst.id] {
                    cells["Retained"] = Format.gigabytes(c.retainedBytes)
                    cells["Accrued"] = Format.usd(c.accruedUSD)
                    cells["Next 30d"] = Format.usd(c.projected30dUSD)
                }
                return TableRow(cells, role: RowRole(cursor: w.top + i == w.cursor, marked: marked, disabled: inst.isReleased))
            }
            let footer: [String: String]?
            if total == 0 {
                footer = nil
            } else if let sum = try totals(ctx) {
                footer = ["Instance": "Total (\(Format.count(sum.instances)))",
                          "Retained": Format.gigabytes(sum.retainedBytes), "Accrued": Format.usd(sum.accruedUSD),
                          "Next 30d": Format.usd(sum.projected30dUSD)]
            } else {
                footer = ["Instance": "Totals: counting..."]
            }
            // Amounts are never cut: each amount column is as wide as its widest cell.
            let columns = InstanceColumns.forScope(Self.backupColumns, ctx).map { c -> TableColumn in
                guard c.rightAligned else { return c }
                let widest = (rows.map(\.cells) + [footer ?? [:]]).map { TextWidth.of($0[c.title] ?? "") }.max() ?? 0
                return TableColumn(c.title, max(c.width, widest), priority: c.priority, right: true)
            }
            return Model(table: Table(columns: columns, rows: rows, sorted: list.sortMark(ctx),
                                      footer: footer),
                         status: statusLine(w, total: total, empty: filtered
                                            ?? "No instance here backs up across regions yet: see Pending Instances (Tab)."),
                         hint: hint)
        }
    }

    func draw(_ m: Model, into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        b.put("Cross-region Backup \(ctx.glyphs.separator) \(ctx.regionName)", in: area.row(0), p[.dialogTitle])
        let tabs = Tabs(["Backup Instances", "Pending Instances"], active: tab == .backup ? 0 : 1)
            .render(into: &b, area: area.row(1), palette: p)
        ctx.hitTabs(tabs, by: self) { [unowned self] in tab = $0 == 0 ? .backup : .pending }
        list.renderFilter(into: &b, area: area.row(2), ctx)
        let (tableArea, status) = area.splitTop(3).rest.splitBottom(1)
        let list = list
        ctx.hitRows(m.table.render(into: &b, area: tableArea, palette: p), top: list.cursor.window.top, by: self) {
            list.cursor.select($0)
        }
        // The hint keeps its place at the right; the status line is cut before it, never under it.
        let hintWidth = m.hint.map { min(status.width, TextWidth.of($0) + 2) } ?? 0
        let (left, right) = status.splitLeft(status.width - hintWidth)
        b.put(m.status, in: left, p[.textMuted])
        if let hint = m.hint { b.put(hint, in: right.splitLeft(min(2, right.width)).rest, p[.footerKey]) }
    }
}
