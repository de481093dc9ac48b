import ArgumentParser
import CrossRegionEngine
import Foundation

/// `rds-console demo --instances N --seed S --state PATH`: a new state with a bigger fleet.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new state with a deterministic demo fleet (it never overwrites a state).")

    @OptionGroup var options: StateOptions

    @Option(help: "How many instances (1 to 1000000).")
    var instances: Int = 40

    @Option(help: "The random seed; the same seed gives the same fleet.")
    var seed: UInt64 = 1

    @Flag(help: "Start a state with no instances.")
    var empty = false

    @Option(help: "The edition of the rules the state follows: seed (the console help page) or current (today's documentation).")
    var rules: RulesEdition = .seed

    func validate() throws {
        guard (1...DemoFleet.Options.maxInstances).contains(instances) else {
            throw ValidationError("--instances must be from 1 to \(DemoFleet.Options.maxInstances).")
        }
    }

    func run() throws {
        do {
            let (path, isDefault) = StatePath.resolve(explicit: options.state)
            guard !FileManager.default.fileExists(atPath: path) else {
                throw EngineError(.invalidArgument, "\(path) exists already; demo only creates new states. Remove it or choose another --state.")
            }
            let started = Date()
            let engine = try Engine.open(path: path, createDirectory: isDefault,
                                         firstRun: .init(instances: instances, seed: seed, empty: empty, rules: rules))
            let total = try engine.instances(InstanceFilter(set: .all), limit: 0).total
            printLine("created \(path): \(total) instances, rules \(engine.rules.rawValue), clock \(UTCTime.format(try engine.now())) "
                      + String(format: "(%.1f s)", Date().timeIntervalSince(started)))
        } catch {
            throw fail(error)
        }
    }
}
