import Foundation

/// How many items a job's step takes: a fixed number (tests), or one that follows how long
/// the steps take, so that a key pressed meanwhile waits about `target` at most (a state
/// over an endpoint, or a bigger fleet, is slower a step).
struct StepSize {
    private(set) var count: Int
    private let adapts: Bool
    private let bounds: ClosedRange<Int>
    static let target: TimeInterval = 0.010

    /// `fixed` given: every step takes that many; else `start`, then between `bounds`.
    init(fixed: Int?, start: Int, bounds: ClosedRange<Int>) {
        count = max(1, fixed ?? start)
        adapts = fixed == nil
        self.bounds = bounds
    }

    /// Halves the step when it took too long, doubles it when it took much less.
    mutating func took(_ seconds: TimeInterval) {
        guard adapts else { return }
        if seconds > Self.target * 1.3 {
            count = max(bounds.lowerBound, count / 2)
        } else if seconds < Self.target / 2 {
            count = min(bounds.upperBound, count * 2)
        }
    }
}
