import CrossRegionEngine
import TerminalKit

/// One source region's instances as the drill answers them, worst RPO first,
/// with the reasons: live (following the clock) from DR Readiness's `Enter`,
/// or the report of a drill run at one moment (`D`), which stays as it was.
final class DrillPage: ViewModelComponent {
    let region: String
    /// The moment a drill was run (`D`); nil: now, whatever the clock says.
    let pinnedAt: Seconds?
    private var cursor = ListCursor()
    private let drill = SlowValue<DrillReport>()

    init(region: String, pinnedAt: Seconds?) {
        self.region = region
        self.pinnedAt = pinnedAt
    }

    /// What the report is computed from: a drill now follows the state and its clock; a run drill
    /// answers for its moment, and only the targets change it.
    private func key(_ ctx: ConsoleContext) throws -> String {
        pinnedAt == nil ? try DRReadinessPage.key(ctx) : DRReadinessPage.targetsKey(ctx)
    }

    private func compute(_ ctx: ConsoleContext) -> () throws -> DrillReport {
        let state = ctx.state, region = region, at = pinnedAt, rpo = ctx.rpoTarget, rto = ctx.rtoTarget
        return { try state.drill(region: region, at: at, rpoTarget: rpo, rtoTarget: rto) }
    }

    /// The report for a frame: nil while it waits to be computed after it.
    private func report(_ ctx: ConsoleContext) throws -> DrillReport? {
        try drill.value(key: try key(ctx), ctx, compute(ctx))
    }

    /// The report for a key: computed now if the frame has not yet (a key pressed while it was counted).
    private func reportNow(_ ctx: ConsoleContext) throws -> DrillReport {
        try drill.now(key: try key(ctx), compute(ctx))
    }

    func selection(_ ctx: ConsoleContext) -> String? {
        (try? reportNow(ctx))?.rows.dropFirst(cursor.window.cursor).first?.instanceID
    }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        func onCursor(_ then: @escaping (String) -> Outcome) -> () -> Outcome {
            { [unowned self, unowned ctx] in selection(ctx).map(then) ?? .handled }
        }
        return [Binding(["Enter"], .open, "retained backup files of the instance", footer: "files")
                    .run(onCursor { .show(RetainedFilesPage(instanceID: $0)) })]
            + (pinnedAt == nil ? [Binding(["D"], .drill, "run the drill now and keep its report", footer: "drill")
                .run { [region, unowned ctx] in .attempt { .show(DrillPage(region: region, pinnedAt: try ctx.state.now())) } }] : [])
            + [Binding(["y"], .copy, "copy the instance ID").run(onCursor { .copy($0) }),
               Binding(["x"], .export, "export the report (CSV, or JSON)", footer: "export")
                .run { [unowned self, unowned ctx] in .attempt { .open(Prompt(Export.prompt(report: try reportNow(ctx)))) } }]
            + ListCursor.actions { [unowned self, unowned ctx] in
                cursor.move($0, total: (try? reportNow(ctx))?.rows.count ?? 0)
            }
    }

    /// Narrow, the reason stays longest after the figures: it is what a user acts on; the
    /// instance keeps its description unless the page is very narrow. The reason takes the spare width.
    static func columns(width: Int) -> [TableColumn] {
        [TableColumn("Instance", width < 75 ? 18 : 30), TableColumn("Protected", 9, priority: 0),
         TableColumn("Destination", 12, priority: 4), TableColumn("Latest restorable", 20, priority: 5),
         TableColumn("RPO", 8, priority: 1, right: true), TableColumn("Restore", 8, priority: 3, right: true),
         TableColumn("Result", 16, priority: 0), TableColumn("Reason", 60, priority: 2, flexible: 12)]
    }

    struct Model {
        var title: String
        var targets: String
        var table: Table
        var summary: String
        /// The cursor row's reason in full (the column is cut when narrow).
        var detail: String
        var status: String
    }

    func load(area: Rect, _ ctx: ConsoleContext) throws -> Model {
        let name = Region.named(region)?.displayName ?? region
        let title = pinnedAt.map { "Drill \(ctx.glyphs.separator) \(name) lost at \(UTCTime.format($0))" }
            ?? "DR Readiness \(ctx.glyphs.separator) \(name), as if lost now"
        // Title, targets, header; the cursor row's reason, the summary, the status.
        var visible = max(1, area.height - 8)
        guard let report = try report(ctx) else {
            return Model(title: title, targets: DRReadinessPage.targets(ctx), table: Table(columns: Self.columns(width: area.width), rows: []),
                         summary: "Running the drill...", detail: "", status: "")
        }
        let summaryLines = Self.lines(report.sentence, width: area.width, atLeast: 2)
        visible = max(1, visible - (summaryLines - 2) - (Self.lines(Self.detail(report, at: cursor.window.cursor), width: area.width, atLeast: 1) - 1))
        let w = cursor.frame(rows: visible, total: report.rows.count)
        let shown = Array(report.rows.dropFirst(w.top).prefix(visible))
        let described = try ctx.state.instances(ids: shown.map(\.instanceID))
        let names = Dictionary(described.map { ($0.id, $0.description) }, uniquingKeysWith: { a, _ in a })
        let rows = shown.enumerated().map { i, r -> TableRow in
            var cells = ["Instance": r.instanceID + (names[r.instanceID].map { $0 == r.instanceID ? "" : " \($0)" } ?? ""),
                         "Protected": r.protected ? "yes" : "no", "Destination": r.destinationRegion ?? "-",
                         "Latest restorable": r.latestRestorableTime.map(UTCTime.format) ?? "-",
                         "RPO": Format.span(r.rpoSeconds), "Restore": Format.span(r.estimatedRestoreSeconds),
                         "Reason": r.reason]
            let failing = report.hasTargets && !r.pass
            if report.hasTargets { cells["Result"] = r.pass ? "pass" : "FAIL " + r.failures.map(\.rawValue).joined(separator: "+") }
            return TableRow(cells, role: RowRole(cursor: w.top + i == w.cursor, failing: failing || !r.protected))
        }
        // The Result column only when there is something to check against ("Protected" says the rest).
        let columns = Self.columns(width: area.width).filter { $0.title != "Result" || report.hasTargets }
        return Model(title: title, targets: DRReadinessPage.targets(ctx), table: Table(columns: columns, rows: rows),
                     summary: report.sentence,
                     detail: Self.detail(report, at: w.cursor),
                     status: statusLine(w, total: report.rows.count, empty: "No instance in \(name)."))
    }

    /// The reason of the row at `index` in full, with its instance; empty when it has none.
    static func detail(_ report: DrillReport, at index: Int) -> String {
        report.rows.dropFirst(index).first.map { r in r.reason.isEmpty ? "" : "\(r.instanceID): \(r.reason)" } ?? ""
    }

    /// The rows a text takes under the table: wrapped, at least `atLeast`, three at most.
    static func lines(_ text: String, width: Int, atLeast: Int) -> Int {
        min(3, max(atLeast, WrappedText(text, slot: .row).height(width: width)))
    }

    func draw(_ m: Model, into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        b.put(m.title, in: area.row(0), p[.dialogTitle])
        b.put(m.targets, in: area.row(1), p[.textMuted])
        let (middle, status) = area.splitTop(3).rest.splitBottom(1)
        let (rest, summary) = middle.splitBottom(Self.lines(m.summary, width: area.width, atLeast: 2))
        let (tableArea, detail) = rest.splitBottom(Self.lines(m.detail, width: area.width, atLeast: 1))
        ctx.hitRows(m.table.render(into: &b, area: tableArea, palette: p), top: cursor.window.top, by: self) { [unowned self] in
            cursor.select($0)
        }
        WrappedText(m.detail, slot: .textMuted).render(into: &b, area: detail, palette: p)
        WrappedText(m.summary, slot: .row).render(into: &b, area: summary, palette: p)
        b.put(m.status, in: status, p[.textMuted])
    }
}
