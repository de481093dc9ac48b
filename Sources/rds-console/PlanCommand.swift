import ArgumentParser
import CrossRegionEngine
import Foundation

/// `rds-console plan --state S`: what `apply` would change in the account a
/// pulled state came from, with the engine's impact.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List what a pulled state would change in its account: per instance, the account's value and the planned one.",
        discussion: """
            Policy changes made in a pulled state (in the console or with `api`) are kept as a plan against what was \
            pulled. Restores, new or released instances and clock moves are rehearsal only: listed, never applied.
            """)

    @OptionGroup var options: StateOptions

    @Flag(help: "Print the plan as JSON.")
    var json = false

    func run() throws {
        do {
            let engine = try options.openExistingEngine()
            guard let origin = try engine.pullOrigin(), let plan = try engine.accountPlan() else {
                printError("error: \(engine.store.path) was not pulled from an account, so it has no plan. Create one with: rds-console pull --state NEW")
                throw ExitCode(1)
            }
            printLine(json ? Self.json(plan, origin).pretty() : Self.text(plan, origin, state: engine.store.path))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }

    /// `nextSteps`: end with the commands that check and send it.
    static func text(_ plan: AccountPlan, _ origin: PullOrigin, state: String, nextSteps: Bool = true) -> String {
        var out = ["Plan for account \(origin.account)\(origin.profile.map { " (profile \($0))" } ?? ""), pulled \(UTCTime.format(origin.at)) from \(origin.endpoint).".escapingControls]
        if plan.changes.isEmpty {
            out.append("Nothing to change: every policy is as it was pulled.")
        } else {
            let n = plan.changes.count
            out.append("\(Thousands.count(n)) instance\(n == 1 ? "" : "s") to change, one ModifyInstanceCrossBackupPolicy each:")
            out.append("")
            var rows: [[String]] = []
            for change in plan.changes {
                for (i, d) in change.differences.enumerated() {
                    rows.append([i == 0 ? change.instanceID : "", i == 0 ? change.regionID : "", d.field, d.from, d.to])
                }
            }
            out.append(Table.render(header: ["INSTANCE", "REGION", "FIELD", "ACCOUNT", "PLANNED"], rows: rows).escapingControls)
            out.append("")
            out += plan.impact.sentences.map(\.text)
        }
        let rehearsal = plan.rehearsalOnly
        if !rehearsal.isEmpty {
            out.append("")
            out.append("Rehearsal only, never applied:")
            out += rehearsal.map { "  - " + $0 }
        }
        if nextSteps && !plan.changes.isEmpty {
            out.append("")
            out.append("Check it against the account (reads only): rds-console apply --state \(state)")
            out.append("Send it: rds-console apply --state \(state) --write")
        }
        return out.joined(separator: "\n")
    }

    static func json(_ plan: AccountPlan, _ origin: PullOrigin) -> JSON {
        let impact = plan.impact
        return .object([
            .init("Account", .string(origin.account)), .init("Profile", origin.profile.map(JSON.string) ?? .null),
            .init("Endpoint", .string(origin.endpoint)), .init("PulledAt", .string(UTCTime.format(origin.at))),
            .init("Changes", .array(plan.changes.map { change in
                .object([
                    .init("DBInstanceId", .string(change.instanceID)), .init("RegionId", .string(change.regionID)),
                    .init("Fields", .array(change.differences.map {
                        .object([.init("Field", .string($0.field)), .init("Account", .string($0.from)), .init("Planned", .string($0.to))])
                    })),
                    .init("Parameters", .object(change.parameters.sorted { $0.key < $1.key }.map { .init($0.key, .string($0.value)) })),
                ])
            })),
            .init("Impact", .object([
                .init("Instances", .int(Int64(impact.instances))), .init("FilesDeletedSooner", .int(Int64(impact.filesExpiringEarlier))),
                .init("BytesDeletedSooner", .int(impact.bytesExpiringEarlier)),
                .init("FirstDeletion", impact.firstDeletion.map { .string(UTCTime.format($0)) } ?? .null),
                .init("Projected30dBeforeUSD", .double(impact.projected30dBeforeUSD)),
                .init("Projected30dAfterUSD", .double(impact.projected30dAfterUSD)),
            ])),
            .init("RehearsalOnly", .array(plan.rehearsalOnly.map(JSON.string))),
        ])
    }
}
