import ArgumentParser
import CrossRegionEngine

/// `rds-console clock [show | advance SPAN | set TIME | sync]`.
struct Clock: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or move the simulated clock (it never goes backwards).",
        subcommands: [Show.self, Advance.self, SetTime.self, Sync.self],
        defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the simulated time.")
        @OptionGroup var options: StateOptions

        func run() throws {
            do {
                printLine(UTCTime.format(try options.openEngine().now()))
            } catch {
                throw fail(error)
            }
        }
    }

    struct Advance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move the clock forward; backups, copies, expiries and instance creation follow.")
        @OptionGroup var options: StateOptions
        @Argument(help: "A span: 90m, 36h, 7d, 2w, 1y or 1d12h (at most 100y).")
        var span: String

        func validate() throws {
            do { _ = try UTCTime.parseDuration(span) } catch { throw ValidationError("clock advance: \(error)") }
        }

        func run() throws {
            try Clock.move(options) { try $0.advanceClock(by: UTCTime.parseDuration(span)) }
        }
    }

    struct SetTime: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Jump forward to a UTC time.")
        @OptionGroup var options: StateOptions
        @Argument(help: "A UTC time such as 2027-01-01T00:00:00Z.")
        var time: String

        func validate() throws {
            guard UTCTime.parse(time) != nil else {
                throw ValidationError("clock set needs a UTC time such as 2027-01-01T00:00:00Z; got \"\(time)\".")
            }
        }

        func run() throws {
            try Clock.move(options) { try $0.setClock(to: UTCTime.parse(time)!) }
        }
    }

    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move the clock to the wall clock (never backwards).")
        @OptionGroup var options: StateOptions

        func run() throws {
            try Clock.move(options) { try $0.syncClock() }
        }
    }

    /// Moves the clock and prints `before -> after`.
    static func move(_ options: StateOptions, _ step: (Engine) throws -> Seconds) throws {
        do {
            let engine = try options.openEngine()
            let before = try engine.now()
            let after = try step(engine)
            printLine("\(UTCTime.format(before)) -> \(UTCTime.format(after))")
            if after > before { printLine(try engine.clockReport(from: before, to: after).summary) }
        } catch {
            throw fail(error)
        }
    }
}
