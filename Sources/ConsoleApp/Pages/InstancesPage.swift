import CrossRegionEngine
import TerminalKit

/// Instances: the region's live instances, their cross-region backup at a glance.
final class InstancesPage: ViewModelComponent {
    let list = InstanceList(.live, columns: columns)

    /// The ID and the start of the description (30 columns) give way only after the zone and
    /// the other details; the cross-region state stays right after the status.
    static let columns = [
        TableColumn("Instance", 30, flexible: 30), TableColumn("Status", 8, priority: 0),
        TableColumn("Version", 10, priority: 2), TableColumn("Cross-region", 13, priority: 1),
        TableColumn("Edition", 8, priority: 3), TableColumn("Storage", 9, priority: 4), TableColumn("TDE", 3, priority: 5),
        TableColumn("Zone", 14, priority: 6),
    ]

    var isTyping: Bool { list.editing }

    func readAhead(_ ctx: ConsoleContext) { list.readAhead(ctx) }

    func selection(_ ctx: ConsoleContext) -> String? { list.cursorID(ctx) }

    /// The cursor on a live instance of the region (`:goto`); a released one is not listed here.
    func select(_ instance: Instance, _ ctx: ConsoleContext) -> Bool { !instance.isReleased && list.select(instance.id, ctx) }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        list.actions(own: own(ctx), ctx)
    }

    func unbound(_ key: Key, _ ctx: ConsoleContext) -> Outcome { list.type(key) }

    /// The page's own keys; the list adds its own.
    private func own(_ ctx: ConsoleContext) -> [KeyAction] {
        let list = list
        func onCursor(_ then: @escaping (String) -> Outcome) -> () -> Outcome { list.onCursor(ctx, then) }
        return [
            Binding(["Enter"], .open, "Backup and Restoration", footer: "backups")
                .run(onCursor { .show(BackupRestorationPage(instanceID: $0)) }),
            Binding(["m"], .more, "More: settings, backups, release", footer: "more").run(onCursor { [unowned ctx] id in
                do {
                    return .open(MoreMenu(instance: try ctx.state.instance(id: id), readOnly: ctx.readOnly))
                } catch {
                    return .say(ConsoleContext.describe(error), error: true)
                }
            }),
            InstanceList.copyBinding.run(onCursor { .copy($0) }),
            InstanceList.exportBinding.run { [unowned ctx] in list.export(name: "instances", ctx) },
        ]
    }

    struct Model {
        var table: Table
        var status: String
    }

    func load(area: Rect, _ ctx: ConsoleContext) throws -> Model {
        let now = try ctx.state.now()
        let (instances, w, total) = try list.page(rows: area.height - 4, ctx)
        let rows = instances.enumerated().map { i, inst in
            var cells = InstanceColumns.cells(inst, now: now)
            cells["Cross-region"] = inst.unqualifiedReason != nil ? "n/a"
                : inst.backupEnabled ? ctx.glyphs.arrow + " " + (inst.backupRegion ?? "") : "Disabled"
            return TableRow(cells, role: RowRole(cursor: w.top + i == w.cursor, marked: false,
                                                 disabled: inst.unqualifiedReason != nil))
        }
        let empty = "No instances in this region" + (list.filterText.isEmpty ? "." : " match the filter.")
        return Model(table: Table(columns: InstanceColumns.forScope(Self.columns, ctx), rows: rows, sorted: list.sortMark(ctx)), status: statusLine(w, total: total, empty: empty))
    }

    func draw(_ m: Model, into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        b.put("Instances \(ctx.glyphs.separator) \(ctx.regionName)", in: area.row(0), p[.dialogTitle])
        list.renderFilter(into: &b, area: area.row(1), ctx)
        let (tableArea, status) = area.splitTop(2).rest.splitBottom(1)
        ctx.hitRows(m.table.render(into: &b, area: tableArea, palette: p), top: list.cursor.window.top, by: self) {
            [list] in list.cursor.select($0)
        }
        b.put(m.status, in: status, p[.textMuted])
    }
}
