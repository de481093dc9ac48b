import ArgumentParser
import CrossRegionEngine

/// `rds-console regions [--rules EDITION]`: R1.1 and R1.2, or today's list.
struct Regions: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The regions and where each may back up to.")

    @Option(help: "The edition of the rules: seed (the console help page) or current (today's documentation).")
    var rules: RulesEdition = .seed

    func run() throws {
        let regions = rules.regions
        printLine("rules: \(rules.rawValue) (\(rules.summary))")
        printLine(Table.render(
            header: ["REGION", "NAME", "SOURCE", "DESTINATIONS"],
            rows: regions.map { r in
                let destinations = rules.destinations(from: r.id)
                return [r.id, r.displayName, destinations.isEmpty ? "no" : "yes",
                        destinations.isEmpty ? "-"
                            : destinations.count == regions.count - 1 ? "every other region (\(destinations.count))"
                            : destinations.joined(separator: ", ")]
            }))
    }
}
