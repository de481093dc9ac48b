import ArgumentParser
import CrossRegionEngine
import Foundation

/// `rds-console drill --region SOURCE`: the source region treated as lost now;
/// per instance, what the destination region can give back (see `DrillReport`).
struct Drill: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Disaster-recovery drill: treat a source region as lost at the state's clock and say, per instance, what can be restored, where, the RPO and the restore time.",
        discussion: """
            Exit status: 0 when every instance passes (or no target was given), 1 when any fails a target \
            (an unprotected instance never passes), 64 for a usage error.
            """)

    @OptionGroup var options: StateOptions

    @Option(help: "The source region treated as lost.")
    var region: String

    @Option(help: ArgumentHelp("Recovery point objective: an instance whose data loss is longer fails (1h, 15m, 1d).", valueName: "span"))
    var rpo: String?

    @Option(help: ArgumentHelp("Recovery time objective: an instance whose restore takes longer fails.", valueName: "span"))
    var rto: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Print one CSV line per instance.")
    var csv = false

    func validate() throws {
        guard Region.named(region) != nil else {
            throw ValidationError("Unknown region \"\(region)\"; known: \(Region.all.map(\.id).joined(separator: ", ")).")
        }
        guard !(json && csv) else { throw ValidationError("Give --json or --csv, not both.") }
        for (name, span) in [("--rpo", rpo), ("--rto", rto)] {
            guard let span else { continue }
            do { _ = try UTCTime.parseDuration(span) } catch { throw ValidationError("\(name): \(error)") }
        }
    }

    func run() throws {
        let report: DrillReport
        do {
            report = try options.openEngine().drill(region: region, rpoTarget: try rpo.map { try UTCTime.parseDuration($0) },
                                                    rtoTarget: try rto.map { try UTCTime.parseDuration($0) })
        } catch {
            throw fail(error)
        }
        printLine(json ? report.json.pretty() : csv ? Self.csv(report) : Self.table(report))
        if !report.allPassed && (rpo != nil || rto != nil) { throw ExitCode(1) }
    }

    static func span(_ s: Seconds?) -> String { s.map { $0 == 0 ? "0s" : UTCTime.describe(duration: $0) } ?? "-" }

    static func table(_ r: DrillReport) -> String {
        let targets = r.rpoTarget != nil || r.rtoTarget != nil
        let rows = r.rows.map { row in
            [row.instanceID, row.protected ? "yes" : "no", row.destinationRegion ?? "-",
             row.latestRestorableTime.map(UTCTime.format) ?? "-", span(row.rpoSeconds), span(row.estimatedRestoreSeconds)]
                + (targets ? [row.pass ? "pass" : "FAIL"] : []) + [row.reason]
        }
        let header = ["INSTANCE", "PROTECTED", "DESTINATION", "LATEST_RESTORABLE", "RPO", "RESTORE"] + (targets ? ["RESULT"] : []) + ["REASON"]
        let s = r.summary
        var summary = "\(r.region) lost at \(UTCTime.format(r.at)): \(s.instances) instances, \(s.protected) protected, "
            + "\(s.unprotected) unprotected; worst RPO \(span(s.worstRPOSeconds))"
        if targets {
            let goals = [r.rpoTarget.map { "RPO \(span($0))" }, r.rtoTarget.map { "RTO \(span($0))" }].compactMap { $0 }
            summary += "; against \(goals.joined(separator: " and ")): \(s.passed) pass, \(s.failed) fail"
        }
        return Table.render(header: header, rows: rows, rightAligned: [4, 5]) + "\n\n" + summary
    }

    static func csv(_ r: DrillReport) -> String {
        ([CSV.line(["DBInstanceId", "Protected", "DestinationRegion", "LatestRestorableTime", "RPOSeconds",
                    "EstimatedRestoreSeconds", "Pass", "Reason"])] + r.rows.map { row in
            CSV.line([row.instanceID, String(row.protected), row.destinationRegion ?? "",
                      row.latestRestorableTime.map(UTCTime.format) ?? "", row.rpoSeconds.map(String.init) ?? "",
                      row.estimatedRestoreSeconds.map(String.init) ?? "", String(row.pass), row.reason])
        }).joined(separator: "\n")
    }
}
