import Foundation

/// How a state's simulated clock moves while a process holds it open
/// (`serve --clock`, the console's `--clock`).
public enum ClockMode: String, Sendable, CaseIterable {
    /// Only when asked (`clock advance`, `LocalAdvanceClock`, `t` in the console): the default.
    case manual
    /// With the wall clock, `speed` simulated seconds a second (B.12): an instance created
    /// becomes Running by itself, backups and copies happen on schedule.
    case wall
}

/// Moves a state's clock with the wall clock, on a thread of its own (SQLite
/// work never runs on Swift's cooperative pool): each tick sets the clock to
/// where it started plus the wall time since, times `speed`. A jump made
/// meanwhile (`LocalAdvanceClock`) is kept: the clock goes on from there.
public final class WallClock: @unchecked Sendable {
    public let speed: Double
    private let engine: Engine
    private let tick: TimeInterval
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?

    /// The most simulated seconds a wall second may be.
    public static let speeds: ClosedRange<Double> = 1...1_000_000

    public init(engine: Engine, speed: Double = 1, tick: TimeInterval = 0.5) {
        self.engine = engine
        self.speed = min(max(speed, Self.speeds.lowerBound), Self.speeds.upperBound)
        self.tick = tick
    }

    /// Starts moving the clock; `problem` hears of a tick that failed (the clock then waits for the next).
    public func start(problem: @escaping @Sendable (Error) -> Void = { _ in }) {
        let thread = Thread { [self] in
            var base: (state: Seconds, wall: Date)? = nil
            while !isStopped {
                do {
                    let now = try engine.now()
                    let start = base ?? (now, Date())
                    let target = start.state + Seconds((Date().timeIntervalSince(start.wall) * speed).rounded(.down))
                    if now > target {
                        base = (now, Date())  // someone moved it on: go on from there
                    } else {
                        base = start
                        if target > now { try engine.syncClock(wall: target) }  // never backwards, whoever moved it meanwhile
                    }
                } catch {
                    problem(error)
                }
                Thread.sleep(forTimeInterval: tick)
            }
        }
        thread.name = "wall clock"
        self.thread = thread
        thread.start()
    }

    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }
}
