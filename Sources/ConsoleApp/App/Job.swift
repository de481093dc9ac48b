import Foundation

/// Work longer than a frame (an export of 100,000 rows, the preview of a batch
/// of thousands), done a step at a time between frames while the message line
/// says what and how far. In a terminal the keys stay alive: Esc stops it, and
/// a stopped job leaves nothing half-done (no partial file, no change).
public protocol Job: AnyObject {
    /// What it does and how far it is: "Exporting 45,000 of 99,910 rows to …".
    var progress: String { get }
    /// One step, a few thousand rows at most; the outcome once the work is done, nil before.
    func step() throws -> Outcome?
    /// Stopped before the end (Esc, or a failure): undo what was begun; answers what the
    /// console does then (what to say, which overlay to close).
    func cancel() -> Outcome
}

extension Console {
    /// Starts `job`: in a terminal its first step runs now and the rest between frames
    /// (`settle`), the message line saying how far; elsewhere (tests, scripts) it runs to the end at once.
    func start(_ job: Job, from component: any Component) {
        repeat {
            if case .done(let outcome) = runStep(of: job) { return apply(outcome, from: component) }
        } while !context.defersSlowWork
        running = (job, component)
    }

    enum StepResult { case running, done(Outcome) }

    /// One step; a failure ends the job with its reason as the outcome.
    func runStep(of job: Job) -> StepResult {
        do {
            return try job.step().map(StepResult.done) ?? .running
        } catch {
            _ = job.cancel()
            return .done(.say(ConsoleContext.describe(error), error: true))
        }
    }

    /// The running job's next step (between frames); true when there was one.
    func stepJob() -> Bool {
        guard let (job, component) = running else { return false }
        if case .done(let outcome) = runStep(of: job) {
            running = nil
            apply(outcome, from: component)
        }
        return true
    }

    /// Esc while a job runs: stopped, and what it answers applied.
    func stopJob() {
        guard let (job, component) = running else { return }
        running = nil
        apply(job.cancel(), from: component)
    }
}
