import CrossRegionEngine
import TerminalKit

/// Backup and Restoration of one instance: its local data backups, its log
/// backups, and its cross-region settings with the files they keep.
final class BackupRestorationPage: ViewModelComponent {
    enum Tab: Int, CaseIterable { case data, log, crossRegion }
    static let titles = ["Data Backups", "Log Backups", "Cross-region Backup"]

    let instanceID: String
    private(set) var tab: Tab = .data
    private var cursors: [Tab: ListCursor] = [.data: ListCursor(), .log: ListCursor(), .crossRegion: ListCursor()]

    init(instanceID: String) {
        self.instanceID = instanceID
    }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        let n = Tab.allCases.count
        func step(_ by: Int) -> () -> Outcome {
            { [unowned self] in
                tab = Tab(rawValue: (tab.rawValue + n + by) % n)!
                return .handled
            }
        }
        return [Binding(["Tab"], .nextTab, "next tab", footer: "tabs").run(step(1)),
                Binding(["S-Tab"], .previousTab, "previous tab").run(step(-1)),
                Binding(["e"], .edit, "edit cross-region backup settings", footer: "edit", changesState: true)
                    .run { [instanceID, unowned ctx] in SettingsDialog.open(ids: [instanceID], ctx) }]
            + (tab == .crossRegion ? [Binding(["R"], .restore, "restore from the backup set under the cursor", footer: "restore",
                                              changesState: true).run { [unowned self, unowned ctx] in
                    RestoreDialog.open(instanceID: instanceID, preferredSet: FileTable.set(instanceID, at: cursors[.crossRegion]!, ctx), ctx)
                }] : [])
            + ListCursor.actions { [unowned self, unowned ctx] in cursors[tab]!.move($0, total: (try? total(ctx)) ?? 0) }
    }

    private func total(_ ctx: ConsoleContext) throws -> Int {
        switch tab {
        case .data: return try ctx.state.localBackups(instanceID: instanceID).count
        case .log: return try ctx.state.localLogFiles(instanceID: instanceID).count
        case .crossRegion: return try ctx.state.crossRegionFiles(instanceID: instanceID, query: FileQuery(kind: .data, limit: 0)).total
        }
    }

    enum Body {
        case table(Table, status: String)
        /// Cross-region: the settings, or why the instance cannot have them; then its files.
        case crossRegion(lines: [String], counts: String, files: Table, status: String)
        case unqualified(String)
    }

    struct Model {
        var title: String
        var body: Body
    }

    func load(area: Rect, _ ctx: ConsoleContext) throws -> Model {
        let inst = try ctx.state.instance(id: instanceID)
        let title = "Backup and Restoration \(ctx.glyphs.separator) \(inst.id) \(inst.description)"
        let rows = max(1, area.height - 4)
        switch tab {
        case .data:
            let list = try ctx.state.localBackups(instanceID: instanceID)
            let w = cursors[.data]!.frame(rows: rows, total: list.count)
            let table = list.dropFirst(w.top).prefix(rows).enumerated().map { i, x in
                TableRow(["Backup ID": String(x.id), "Start": UTCTime.format(x.start), "End": UTCTime.format(x.end),
                          "Size": Format.gigabytes(x.sizeBytes), "Mode": x.mode],
                         role: RowRole(cursor: w.top + i == w.cursor, marked: false, disabled: false))
            }
            let columns = [TableColumn("Backup ID", 14), TableColumn("Start", 20), TableColumn("End", 20),
                           TableColumn("Size", 10, right: true), TableColumn("Mode", 9)]
            return Model(title: title, body: .table(Table(columns: columns, rows: table),
                                                    status: statusLine(w, total: list.count, empty: "No data backups are kept.")))
        case .log:
            let list = try ctx.state.localLogFiles(instanceID: instanceID)
            let w = cursors[.log]!.frame(rows: rows, total: list.count)
            let table = list.dropFirst(w.top).prefix(rows).enumerated().map { i, x in
                TableRow(["Log file": x.name, "Begin": UTCTime.format(x.begin), "End": UTCTime.format(x.end),
                          "Size": Format.megabytes(x.sizeBytes)],
                         role: RowRole(cursor: w.top + i == w.cursor, marked: false, disabled: false))
            }
            let columns = [TableColumn("Log file", 18), TableColumn("Begin", 20), TableColumn("End", 20),
                           TableColumn("Size", 10, right: true)]
            return Model(title: title, body: .table(Table(columns: columns, rows: table),
                                                    status: statusLine(w, total: list.count, empty: "No log backups are kept.")))
        case .crossRegion:
            if let why = inst.unqualifiedReason, !inst.isReleased { return Model(title: title, body: .unqualified(why)) }
            let lines = [
                "Cross-region Backup Status: \(inst.backupEnabled ? "Enabled" : "Disabled")"
                    + (inst.backupEnabled ? " since \(UTCTime.format(inst.backupEnabledAt ?? 0))" : ""),
                "Backup Region: \(inst.backupRegion.flatMap { Region.named($0)?.displayName } ?? "-")",
                "Retention Period: \(inst.retentionDays) days",
                "Cross-region Log Backup: \(inst.logBackupEnabled ? "Enabled" : "Disabled")",
            ]
            let logs = try ctx.state.crossRegionFiles(instanceID: instanceID, query: FileQuery(kind: .log, limit: 0)).total
            let (files, status) = try FileTable.load(instanceID, kind: .data, cursor: &cursors[.crossRegion]!,
                                                     rows: max(1, area.height - 9), ctx)
            let sets = try ctx.state.crossRegionFiles(instanceID: instanceID, query: FileQuery(kind: .data, limit: 0)).total
            return Model(title: title, body: .crossRegion(lines: lines, counts: "\(sets) cross-region data backups, \(logs) log files retained",
                                                          files: files, status: status))
        }
    }

    func draw(_ m: Model, into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        b.put(m.title, in: area.row(0), p[.dialogTitle])
        let tabs = Tabs(Self.titles, active: tab.rawValue).render(into: &b, area: area.row(1), palette: p)
        ctx.hitTabs(tabs, by: self) { [unowned self] in self.tab = Tab(rawValue: $0)! }
        let body = area.splitTop(2).rest
        let tab = tab
        let top = cursors[tab]!.window.top
        let select: (Int) -> Void = { [unowned self] in cursors[tab]!.select($0) }
        switch m.body {
        case .table(let table, let status):
            let (tableArea, statusArea) = body.splitBottom(1)
            ctx.hitRows(table.render(into: &b, area: tableArea, palette: p), top: top, by: self, select)
            b.put(status, in: statusArea, p[.textMuted])
        case .unqualified(let why):
            WrappedText(why, slot: .textDisabled).render(into: &b, area: body, palette: p)
        case .crossRegion(let lines, let counts, let files, let status):
            for (i, l) in lines.enumerated() { b.put(l, in: body.row(i), p[.row]) }
            let x = b.put("e Edit", in: body.row(lines.count), p[.footerKey])
            b.put(counts, in: body.row(lines.count).splitLeft(x + 2).rest, p[.textMuted])
            let (tableArea, statusArea) = body.splitTop(lines.count + 1).rest.splitBottom(1)
            ctx.hitRows(files.render(into: &b, area: tableArea, palette: p), top: top, by: self, select)
            b.put(status, in: statusArea, p[.textMuted])
        }
    }
}
