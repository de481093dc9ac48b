import Foundation
import CrossRegionEngine

/// The impact preview of a batch, asked of the state a part at a time (each part a
/// dry run of the change, as `modifyPolicy` would do it, in its own rolled-back
/// transaction) and added up; then the confirmation opens over the dialog. A part
/// the engine refuses is a list of refusals: the rest are still checked, and then
/// the dialog shows every instance that refuses instead. Stopped, nothing was
/// changed: a preview changes nothing.
final class PreviewJob: Job {
    let request: ConsoleRequest
    private let ids: [String]
    private let change: PolicyChange
    private let regionID: String?
    private let state: any StateAccess
    private var total: PolicyImpact
    private var done = 0
    /// The instances the engine refused so far, each with its reason.
    private var refused: [EngineError.Failure] = []
    /// What the dialog does with the refusals, once every part was checked.
    private let showRefusals: ([EngineError.Failure]) -> Outcome

    /// Instances a step previews (100 to 2,000, from 250, as the first step is part of the key's
    /// frame: a dry run of 1,000 takes about 8 ms in a 100,000-instance state, more over an endpoint).
    private var stepSize: StepSize

    /// `stepInstances` given: every step takes that many (tests); else the size follows the time steps take.
    init(ids: [String], change: PolicyChange, regionID: String?, request: ConsoleRequest, _ ctx: ConsoleContext,
         stepInstances: Int? = nil, showRefusals: @escaping ([EngineError.Failure]) -> Outcome) {
        self.ids = ids
        self.showRefusals = showRefusals
        self.change = change
        self.regionID = regionID
        self.request = request
        state = ctx.state
        stepSize = StepSize(fixed: stepInstances, start: 250, bounds: 100...2_000)
        total = PolicyImpact(instances: 0, change: change.summary, filesExpiringEarlier: 0, bytesExpiringEarlier: 0,
                             firstDeletion: nil, projected30dBeforeUSD: 0, projected30dAfterUSD: 0)
    }

    var progress: String { "Previewing the change: \(Format.count(done)) of \(Format.count(ids.count)) instances…" }

    func step() throws -> Outcome? {
        let began = Date()
        // Never a part of one after the first: a batch's refusals are named, a lone instance's error is its own.
        let end = ids.count - (done + stepSize.count) == 1 ? ids.count : min(ids.count, done + stepSize.count)
        let part = Array(ids[done..<end])
        do {
            total.add(try state.policyImpact(ids: part, change: change, regionID: regionID))
        } catch let e as EngineError where !e.failures.isEmpty || (ids.count == 1 && e.httpStatus < 500) {
            // A lone instance's refusal is the engine's answer about it (4xx); a state or a server that
            // cannot answer (5xx) ends the preview with its reason on the message line.
            refused += e.failures.isEmpty ? [.init(instanceID: part[0], code: e.code, message: e.message)] : e.failures
        }
        stepSize.took(Date().timeIntervalSince(began))
        done += part.count
        guard done >= ids.count else { return nil }
        return refused.isEmpty ? .open(ImpactConfirmation(request: request, impact: total)) : showRefusals(refused)
    }

    func cancel() -> Outcome { .say("Preview stopped: nothing was changed.", error: false) }
}
