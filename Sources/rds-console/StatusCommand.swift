import ArgumentParser
import CrossRegionEngine

/// With no subcommand: where the state is and what it holds.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the state file, its clock and its fleet (a quick health check).")

    @OptionGroup var options: StateOptions

    @Flag(help: "Run SQLite's full integrity check on the state and say what is wrong (exit 1 if anything is).")
    var check = false

    func run() throws {
        do {
            let engine = try options.openEngine()
            if check {
                let problems = try engine.store.integrityProblems()
                guard problems.isEmpty else {
                    printError("\(engine.store.path) is damaged; SQLite's integrity check reports:")
                    for p in problems { printError("  " + p) }
                    printError("Restore it from a copy; rds-console writes nothing more to a damaged state.")
                    throw ExitCode(1)
                }
                printLine("integrity: ok (\(engine.store.path))")
            }
            let now = try engine.now()
            printLine("state: \(engine.store.path)")
            printLine("clock: \(UTCTime.format(now))")
            printLine("rules: \(engine.rules.rawValue)")
            if let origin = try engine.pullOrigin() {
                printLine("pulled: account \(origin.account)\(origin.profile.map { " (profile \($0))" } ?? ""), \(origin.endpoint), at \(UTCTime.format(origin.at))".escapingControls)
            }
            printLine("")
            printLine(Table.render(
                header: ["REGION", "INSTANCES", "PENDING", "BACKUP"],
                rows: try engine.rules.regions.map { r in
                    [r.id,
                     String(try engine.instances(InstanceFilter(set: .live, regionID: r.id), limit: 0).total),
                     String(try engine.instances(InstanceFilter(set: .pending, regionID: r.id), limit: 0).total),
                     String(try engine.instances(InstanceFilter(set: .backup, regionID: r.id), limit: 0).total)]
                }, rightAligned: [1, 2, 3]))
            printLine("")
            printLine("Try: rds-console api DescribeCrossRegionBackupDBInstance --RegionId \(Region.defaultID)")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }
}

/// Plain text tables for the command line.
enum Table {
    static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        guard let end = unicodeScalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(unicodeScalars[...end])
    }
}
