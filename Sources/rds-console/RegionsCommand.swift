import ArgumentParser
import CrossRegionEngine

/// `rds-console regions`: R1.1 and R1.2.
struct Regions: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The regions and where each may back up to.")

    func run() throws {
        printLine(Table.render(
            header: ["REGION", "NAME", "SOURCE", "DESTINATIONS"],
            rows: Region.all.map { r in
                [r.id, r.displayName, r.isBackupSource ? "yes" : "no",
                 r.destinations.isEmpty ? "-" : r.destinations.joined(separator: ", ")]
            }))
    }
}
