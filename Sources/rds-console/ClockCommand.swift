import ArgumentParser
import CrossRegionEngine

/// `rds-console clock [advance SPAN | set TIME | sync]`.
struct Clock: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or move the simulated clock (it never goes backwards).",
        discussion: "rds-console clock; clock advance 36h|7d|1y|90m|1d12h; clock set 2027-01-01T00:00:00Z; clock sync")

    @OptionGroup var options: StateOptions

    @Argument(help: "advance, set or sync; nothing to show the time.")
    var verb: String?

    @Argument(help: "The span (advance) or UTC time (set).")
    var value: String?

    func run() throws {
        do {
            let engine = try options.openEngine()
            let before = try engine.now()
            let after: Seconds
            switch verb {
            case nil:
                printLine(UTCTime.format(before))
                return
            case "advance":
                guard let text = value, let span = UTCTime.parseDuration(text) else {
                    throw EngineError(local: "InvalidParameter.Duration",
                                      "clock advance needs a span such as 90m, 36h, 7d, 2w, 1y or 1d12h (at most 100y); got \"\(value ?? "")\".")
                }
                after = try engine.advanceClock(by: span)
            case "set":
                guard let text = value, let t = UTCTime.parse(text) else {
                    throw EngineError(local: "InvalidParameter.Time", "clock set needs a UTC time such as 2027-01-01T00:00:00Z; got \"\(value ?? "")\".")
                }
                after = try engine.setClock(to: t)
            case "sync":
                after = try engine.syncClock()
            case let other?:
                throw EngineError(local: "InvalidParameter", "Unknown clock verb \"\(other)\": use advance, set or sync.")
            }
            printLine("\(UTCTime.format(before)) -> \(UTCTime.format(after))")
        } catch {
            throw fail(error)
        }
    }
}
