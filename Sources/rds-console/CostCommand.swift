import ArgumentParser
import CrossRegionEngine
import Foundation

/// `rds-console cost [--json] [--region ID]`: what cross-region backup costs (R8).
struct Cost: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Accrued and projected 30-day cross-region backup cost, per instance and in total.")

    @OptionGroup var options: StateOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Only instances of this region.")
    var region: String?

    @Option(help: ArgumentHelp("Set the price of cross-region traffic in USD per GB ('none' to leave it unpriced).",
                               valueName: "usd"))
    var setTrafficPrice: String?

    func validate() throws {
        if let region, Region.named(region) == nil {
            let meant = Nearest.name(to: region, in: Region.all.map(\.id))
            throw ValidationError("Unknown region \"\(region.prefix(100))\"" + (meant.map { "; did you mean \($0)?" } ?? ".")
                                  + " Known: \(Region.all.map(\.id).joined(separator: ", ")).")
        }
    }

    func run() throws {
        do {
            let engine = try options.openEngine()
            if let price = setTrafficPrice {
                if price == "none" {
                    try engine.setTrafficPrice(nil)
                } else {
                    guard let v = Double(price) else {
                        throw EngineError(.invalidPrice, "--set-traffic-price takes a number of USD per GB, or none.")
                    }
                    try engine.setTrafficPrice(v)
                }
            }
            if let region, engine.rules.region(region) == nil {
                throw EngineError(.invalidRegionFormat, "Unknown region \"\(region.prefix(100))\"; known: \(engine.rules.regions.map(\.id).joined(separator: ", ")).")
            }
            let cost = try engine.fleetCost(regionID: region)
            printLine(json ? Self.json(cost).pretty() : Self.table(cost))
        } catch {
            throw fail(error)
        }
    }

    static func usd(_ v: Double) -> String { String(format: "%.2f", v) }
    static func gb(_ bytes: Int64) -> String { String(format: "%.1f", Double(bytes) / 1e9) }

    static func table(_ c: FleetCost) -> String {
        let rows = c.instances.sorted { ($0.regionID, $0.instanceID) < ($1.regionID, $1.instanceID) }.map { i in
            [i.instanceID, i.regionID, i.status, i.backupEnabled ? "Enabled" : "Disabled", String(i.retainedFiles),
             gb(i.retainedBytes), usd(i.accruedUSD), usd(i.projected30dUSD)]
        }
        let traffic = c.trafficUSDPerGB.map { "USD \(usd(Double(c.trafficBytes) / 1e9 * $0))" } ?? "not priced"
        return Table.render(header: ["INSTANCE", "REGION", "STATUS", "BACKUP", "FILES", "RETAINED_GB", "ACCRUED_USD", "NEXT_30D_USD"],
                            rows: rows + [["TOTAL", "", "", "", "", "", usd(c.accruedUSD), usd(c.projected30dUSD)]],
                            rightAligned: [4, 5, 6, 7])
            + "\n\nas of \(UTCTime.format(c.at)); \(Pricing.summary(c.rules)); "
            + "traffic copied \(gb(c.trafficBytes)) GB, \(traffic)"
    }

    static func json(_ c: FleetCost) -> JSON {
        .object([
            .init("Time", .string(UTCTime.format(c.at))),
            .init("StorageUSDPerGBHour", .double(Pricing.storageUSDPerGBHour)),
            .init("Rules", .string(c.rules.rawValue)),
            .init("TrafficUSDPerGB", c.trafficUSDPerGB.map(JSON.double) ?? .null),
            .init("TotalAccruedUSD", .double(c.accruedUSD)),
            .init("TotalProjected30dUSD", .double(c.projected30dUSD)),
            .init("TotalTrafficBytes", .int(c.trafficBytes)),
            .init("Instances", .array(c.instances.sorted { ($0.regionID, $0.instanceID) < ($1.regionID, $1.instanceID) }.map { i in
                .object([.init("DBInstanceId", .string(i.instanceID)), .init("RegionId", .string(i.regionID)),
                         .init("Status", .string(i.status)), .init("BackupEnabled", .bool(i.backupEnabled)),
                         .init("RetainedFiles", .int(i.retainedFiles)), .init("RetainedBytes", .int(i.retainedBytes)),
                         .init("AccruedUSD", .double(i.accruedUSD)), .init("Projected30dUSD", .double(i.projected30dUSD)),
                         .init("TrafficBytes", .int(i.trafficBytes))])
            })),
        ])
    }
}
