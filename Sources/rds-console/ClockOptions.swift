import ArgumentParser
import CrossRegionEngine

/// `--clock manual|wall [--speed N]`, shared by `serve` and the console on a local state.
struct ClockOptions: ParsableArguments {
    @Option(help: ArgumentHelp("manual (default: the clock moves when asked) or wall (it follows the wall clock while this runs, so a created instance becomes Running and backups happen by themselves).",
                               valueName: "mode"))
    var clock: String = ClockMode.manual.rawValue

    @Option(help: ArgumentHelp("With --clock wall: simulated seconds per wall second (default 1; 600 makes ten minutes pass in a second).",
                               valueName: "n"))
    var speed: Double = 1

    var mode: ClockMode { ClockMode(rawValue: clock) ?? .manual }

    func validate() throws {
        guard ClockMode(rawValue: clock) != nil else {
            throw ValidationError("--clock must be \(ClockMode.allCases.map(\.rawValue).joined(separator: " or ")); \"\(clock.prefix(40))\" is neither.")
        }
        guard WallClock.speeds.contains(speed) else {
            throw ValidationError("--speed must be \(Int(WallClock.speeds.lowerBound)) to \(Int(WallClock.speeds.upperBound)) simulated seconds a second.")
        }
        if speed != 1 && mode == .manual { throw ValidationError("--speed goes with --clock wall.") }
    }

    /// A wall clock moving `engine`'s, started; nil with the manual clock.
    func start(on engine: Engine) -> WallClock? {
        guard mode == .wall else { return nil }
        let clock = WallClock(engine: engine, speed: speed)
        clock.start()
        return clock
    }
}
