import Foundation

/// When a terminal draws while work runs between frames (a job's steps, what a frame left for
/// later, what is read ahead): a key's frame and the frame that completes its answer at once,
/// the others at most sixty times a second. A job's progress still moves on screen, but an
/// export of 100,000 rows is not 150 repaints.
public struct FramePacing {
    public static let interval: TimeInterval = 1.0 / 60
    private var lastDraw: TimeInterval = -.infinity
    private var owed = true

    public init() {}

    /// A key was handled, or the terminal came back (resumed, resized): the next frame is owed.
    public mutating func owe() { owed = true }

    /// Runs the console's next step of slow work; the frame is owed when that step finished what
    /// the screen shows of the key's answer (a job's last step, a totals row).
    public mutating func settle(_ console: Console) {
        let answering = console.hasFrameWork
        console.settle()
        if answering && !console.hasFrameWork { owed = true }
    }

    /// Whether to draw at `now` (seconds, any steady clock): a frame is owed, no work is left,
    /// or a sixtieth of a second has passed since the last.
    public mutating func shouldDraw(_ console: Console, now: TimeInterval) -> Bool {
        guard owed || !console.hasSlowWork || now - lastDraw >= Self.interval else { return false }
        owed = false
        lastDraw = now
        return true
    }
}
