import CrossRegionEngine
import TerminalKit

/// The retained cross-region files of one instance (released ones too), data
/// and log; R restores from the set under the cursor.
final class RetainedFilesPage: ViewModelComponent {
    let instanceID: String
    private(set) var kind: FileKind = .data
    private var cursors: [FileKind: ListCursor] = [.data: ListCursor(), .log: ListCursor()]

    init(instanceID: String) {
        self.instanceID = instanceID
    }

    func selection(_ ctx: ConsoleContext) -> String? {
        kind == .data ? FileTable.set(instanceID, at: cursors[.data]!, ctx).map(String.init) : nil
    }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        let switchKind = { [unowned self] () -> Outcome in
            kind = kind == .data ? .log : .data
            return .handled
        }
        return [Binding(["Tab"], .nextTab, "data / log files", footer: "data/log").run(switchKind),
                Binding(["S-Tab"], .previousTab, "previous tab").run(switchKind),
                Binding(["R"], .restore, "restore from this backup set", footer: "restore", changesState: true)
                    .run { [unowned self, unowned ctx] in
                        let preferred = kind == .data ? FileTable.set(instanceID, at: cursors[.data]!, ctx) : nil
                        return RestoreDialog.open(instanceID: instanceID, preferredSet: preferred, ctx)
                    }]
            + ListCursor.actions { [unowned self, unowned ctx] move in
                let total = (try? ctx.state.crossRegionFiles(instanceID: instanceID, query: FileQuery(kind: kind, limit: 0)).total) ?? 0
                cursors[kind]!.move(move, total: total)
            }
    }

    struct Model {
        var title: String
        var table: Table
        var status: String
    }

    func load(area: Rect, _ ctx: ConsoleContext) throws -> Model {
        let inst = try ctx.state.instance(id: instanceID)
        let (table, status) = try FileTable.load(instanceID, kind: kind, cursor: &cursors[kind]!, rows: max(1, area.height - 4), ctx)
        return Model(title: "Retained cross-region backups \(ctx.glyphs.separator) \(inst.id) \(inst.description)"
                     + (inst.isReleased ? " (Released)" : ""), table: table, status: status)
    }

    func draw(_ m: Model, into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        b.put(m.title, in: area.row(0), p[.dialogTitle])
        let tabs = Tabs(["Data Backups", "Log Backups"], active: kind == .data ? 0 : 1).render(into: &b, area: area.row(1), palette: p)
        ctx.hitTabs(tabs, by: self) { [unowned self] in self.kind = $0 == 0 ? .data : .log }
        let (tableArea, status) = area.splitTop(2).rest.splitBottom(1)
        let kind = kind
        ctx.hitRows(m.table.render(into: &b, area: tableArea, palette: p), top: cursors[kind]!.window.top, by: self) {
            [unowned self] in cursors[kind]!.select($0)
        }
        b.put(m.status, in: status, p[.textMuted])
    }
}
