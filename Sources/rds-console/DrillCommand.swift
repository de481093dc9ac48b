import ArgumentParser
import CrossRegionEngine
import Foundation

/// `rds-console drill --region SOURCE`: the source region treated as lost now;
/// per instance, what the destination region can give back (see `DrillReport`).
struct Drill: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Disaster-recovery drill: treat a source region as lost (at the state's clock or an earlier time) and say, per instance, what can be restored, where, the RPO and the restore time.",
        discussion: """
            Exit status: 0 when every instance passes (or no target was given), 1 when any fails a target \
            (an unprotected instance never passes), 64 for a usage error.
            """)

    @OptionGroup var options: StateOptions

    @Option(help: "The source region treated as lost (default: each source region in turn).")
    var region: String?

    @Option(help: ArgumentHelp("When the region is lost (default: the state's clock); not after it.", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("Recovery point objective: an instance whose data loss is longer fails (1h, 15m, 1d).", valueName: "span"))
    var rpo: String?

    @Option(help: ArgumentHelp("Recovery time objective: an instance whose restore takes longer fails.", valueName: "span"))
    var rto: String?

    @Flag(help: "Act the drill out on a copy of the state (--into): restore every protected instance into its destination at its latest restorable time.")
    var rehearse = false

    @Option(help: ArgumentHelp("Where --rehearse writes its copy of the state; must not exist.", valueName: "path"))
    var into: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Print one CSV line per instance.")
    var csv = false

    func validate() throws {
        if let region, Region.named(region) == nil {
            let meant = Nearest.name(to: region, in: Region.all.map(\.id))
            throw ValidationError("Unknown region \"\(region.prefix(100))\"" + (meant.map { "; did you mean \($0)?" } ?? ".")
                                  + " Known: \(Region.all.map(\.id).joined(separator: ", ")).")
        }
        guard !(rehearse && region == nil) else { throw ValidationError("--rehearse drills one region: give --region too.") }
        if let at, UTCTime.parse(at) == nil {
            throw ValidationError("--at: \"\(at)\" is not a time; write it as 2026-10-04T00:00:00Z.")
        }
        guard rehearse == (into != nil) else {
            throw ValidationError(rehearse ? "--rehearse needs --into PATH: the new state to restore into."
                                           : "--into is where --rehearse writes; give --rehearse too.")
        }
        guard !(rehearse && csv) else { throw ValidationError("--rehearse reports as a table or --json, not --csv.") }
        guard !(json && csv) else { throw ValidationError("Give --json or --csv, not both.") }
        for (name, span) in [("--rpo", rpo), ("--rto", rto)] {
            guard let span else { continue }
            do { _ = try UTCTime.parseDuration(span) } catch { throw ValidationError("\(name): \(error)") }
        }
    }

    func run() throws {
        let engine: Engine, reports: [DrillReport]
        do {
            engine = try options.openEngine()
            let at = self.at.flatMap(UTCTime.parse)
            let rpo = try rpo.map { try UTCTime.parseDuration($0) }, rto = try rto.map { try UTCTime.parseDuration($0) }
            reports = try (region.map { [$0] } ?? engine.rules.sources.map(\.id)).map {
                try engine.drill(region: $0, at: at, rpoTarget: rpo, rtoTarget: rto)
            }
        } catch {
            throw fail(error)
        }
        var rehearsal: Rehearsal?
        if let into, let report = reports.first {
            do { rehearsal = try engine.rehearse(report, into: into) } catch { throw fail(error) }
        }
        if json {
            var out = reports.count == 1 ? reports[0].json : .object([.init("Reports", .array(reports.map(\.json)))])
            if let rehearsal, case .object(var fields) = out {
                fields.append(.init("Rehearsal", rehearsal.json))
                out = .object(fields)
            }
            printLine(out.pretty())
        } else if csv {
            // One header, then every region's rows.
            let lines = reports.enumerated().flatMap { i, r in r.csv.split(separator: "\n").dropFirst(i == 0 ? 0 : 1) }
            printLine(lines.joined(separator: "\n"))
        } else {
            printLine(reports.map { (reports.count > 1 ? "\($0.region)\n" : "") + Self.table($0) }.joined(separator: "\n\n"))
            if let rehearsal { printLine("\n" + Self.table(rehearsal)) }
        }
        if reports.contains(where: { !$0.allPassed && $0.hasTargets }) { throw ExitCode(1) }
    }

    static let span = UTCTime.describe(span:)

    static func table(_ r: DrillReport) -> String {
        let targets = r.hasTargets
        let rows = r.rows.map { row in
            [row.instanceID, row.protected ? "yes" : "no", row.destinationRegion ?? "-",
             row.latestRestorableTime.map(UTCTime.format) ?? "-", span(row.rpoSeconds), span(row.estimatedRestoreSeconds)]
                + (targets ? [row.pass ? "pass" : "FAIL " + row.failures.map(\.rawValue).joined(separator: "+")] : []) + [row.reason]
        }
        let header = ["INSTANCE", "PROTECTED", "DESTINATION", "LATEST_RESTORABLE", "RPO", "RESTORE"] + (targets ? ["RESULT"] : []) + ["REASON"]
        return Table.render(header: header, rows: rows, rightAligned: [4, 5]) + "\n\n" + r.sentence
    }

    static func table(_ r: Rehearsal) -> String {
        let rows = r.restores.map { x in
            [x.sourceID, x.destinationRegion, UTCTime.format(x.restoreTime), x.newInstanceID ?? "-",
             x.runningAt.map(UTCTime.format) ?? "-", x.refusal]
        }
        let made = r.restores.filter { $0.newInstanceID != nil }.count
        return Table.render(header: ["SOURCE", "DESTINATION", "RESTORED_TO", "NEW_INSTANCE", "RUNNING_AT", "REFUSAL"], rows: rows)
            + "\n\nRehearsed in \(r.path): \(made) of \(r.restores.count) protected instances restored"
            + (made < r.restores.count ? "; \(r.restores.count - made) refused" : "")
            + ". The original state was only read."
    }
}
