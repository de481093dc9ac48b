import CrossRegionEngine
import TerminalKit

/// DR Readiness: every source region as if it were lost now, one row each,
/// from the engine's drill (`StateAccess.drill`). `Enter` lists the region's
/// instances; `D` runs the drill and keeps its report; `:rpo`/`:rto` set the
/// targets the rows are checked against. The figures follow the clock.
final class DRReadinessPage: ViewModelComponent {
    private var cursor = ListCursor()
    private var placed = false
    /// One drill per region, each computed after the frame on its own, so a
    /// key waits for one region's drill at most; only its summary is kept
    /// (a fleet's rows are the region page's, one region at a time).
    private var drills: [String: SlowValue<DrillReport.Summary>] = [:]

    /// What a drill now is computed from: the state (its clock included) and the targets.
    static func key(_ ctx: ConsoleContext) throws -> String { "\(try ctx.state.changeToken())|" + targetsKey(ctx) }
    static func targetsKey(_ ctx: ConsoleContext) -> String {
        "\(ctx.rpoTarget.map(String.init) ?? "-")|\(ctx.rtoTarget.map(String.init) ?? "-")"
    }

    private func summary(_ region: String, _ ctx: ConsoleContext) throws -> DrillReport.Summary? {
        let slot = drills[region] ?? SlowValue<DrillReport.Summary>()
        drills[region] = slot
        let state = ctx.state, rpo = ctx.rpoTarget, rto = ctx.rtoTarget
        return try slot.value(key: try Self.key(ctx), ctx) {
            try state.ask(DrillSummaryQuery(region: region, rpoTarget: rpo, rtoTarget: rto))
        }
    }

    /// The source regions of the state's edition of the rules.
    private func regions(_ ctx: ConsoleContext) -> [Region] { ctx.rules.sources }

    private func region(_ ctx: ConsoleContext) -> Region {
        let regions = regions(ctx)
        return regions[min(cursor.window.cursor, regions.count - 1)]
    }

    func selection(_ ctx: ConsoleContext) -> String? { region(ctx).id }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        [Binding(["Enter"], .open, "the region's instances, worst RPO first", footer: "instances")
            .run { [unowned self, unowned ctx] in .show(DrillPage(region: region(ctx).id, pinnedAt: nil)) },
         Binding(["D"], .drill, "run the drill for this region now and keep its report", footer: "drill")
            .run { [unowned self, unowned ctx] in
                .attempt { .show(DrillPage(region: region(ctx).id, pinnedAt: try ctx.state.now())) }
            }]
            + ListCursor.actions { [unowned self, unowned ctx] in cursor.move($0, total: regions(ctx).count) }
    }

    /// The region's ID and name whole, or not at all: narrow, the median and the unprotected count
    /// (the instances less the protected) give way first, then the name; the slowest restore
    /// (what an RTO target checks) stays with the worst RPO and the result.
    static let columns = [
        TableColumn("Source region", 14, priority: 0), TableColumn("Name", 19, priority: 3, flexible: 19),
        TableColumn("Instances", 9, priority: 0, right: true), TableColumn("Protected", 9, priority: 1, right: true),
        TableColumn("Unprotected", 11, priority: 4, right: true), TableColumn("Worst RPO", 9, priority: 1, right: true),
        TableColumn("Median RPO", 10, priority: 5, right: true), TableColumn("Slowest restore", 15, priority: 2, right: true),
        TableColumn("Result", 12, priority: 0),
    ]

    struct Model {
        var now: Seconds
        var targets: String
        var table: Table
        var status: String
    }

    func load(area: Rect, _ ctx: ConsoleContext) throws -> Model {
        let regions = regions(ctx)
        if !placed, let at = regions.firstIndex(where: { $0.id == ctx.region }) {
            cursor.window.cursor = at
            placed = true
        }
        let visible = max(1, area.height - 5)
        let w = cursor.frame(rows: visible, total: regions.count)
        let shown = Array(regions.enumerated()).dropFirst(w.top).prefix(visible)
        let rows = try shown.map { i, region -> TableRow in
            var cells = ["Source region": region.id, "Name": region.displayName]
            guard let s = try summary(region.id, ctx) else {
                cells["Instances"] = "counting..."
                return TableRow(cells, role: RowRole(cursor: i == w.cursor))
            }
            cells["Instances"] = Format.count(s.instances)
            cells["Protected"] = Format.count(s.protected)
            cells["Unprotected"] = Format.count(s.unprotected)
            cells["Worst RPO"] = Format.span(s.worstRPOSeconds)
            cells["Median RPO"] = Format.span(s.medianRPOSeconds)
            cells["Slowest restore"] = Format.span(s.slowestRestoreSeconds)
            let failing = ctx.hasDrillTargets && s.failed > 0
            if ctx.hasDrillTargets && s.instances > 0 { cells["Result"] = failing ? "FAIL: \(Format.count(s.failed))" : "pass" }
            return TableRow(cells, role: RowRole(cursor: i == w.cursor, failing: failing))
        }
        let targets = Self.targets(ctx)
        // The Result column only when there is something to check against.
        let columns = Self.columns.filter { $0.title != "Result" || ctx.hasDrillTargets }
        return Model(now: try ctx.state.now(), targets: targets, table: Table(columns: columns, rows: rows),
                     status: statusLine(w, total: regions.count, empty: ""))
    }

    /// The targets in force, and how to set them.
    static func targets(_ ctx: ConsoleContext) -> String {
        let set = [ctx.rpoTarget.map { "RPO \(UTCTime.describe(duration: $0))" }, ctx.rtoTarget.map { "RTO \(UTCTime.describe(duration: $0))" }]
            .compactMap { $0 }
        return set.isEmpty ? "No targets: :rpo 1h and :rto 4h set them."
            : "Targets: \(set.joined(separator: ", ")); an instance that misses one fails (:rpo off clears it)."
    }

    func draw(_ m: Model, into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        b.put("DR Readiness \(ctx.glyphs.separator) each source region as if lost at \(UTCTime.format(m.now))",
              in: area.row(0), p[.dialogTitle])
        b.put(m.targets, in: area.row(1), p[.textMuted])
        let (tableArea, status) = area.splitTop(3).rest.splitBottom(1)
        ctx.hitRows(m.table.render(into: &b, area: tableArea, palette: p), top: cursor.window.top, by: self) { [unowned self] in
            cursor.select($0)
        }
        b.put(m.status, in: status, p[.textMuted])
    }
}
