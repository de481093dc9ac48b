import Foundation
import CrossRegionEngine

/// The impact preview of a batch, asked of the state a part at a time (each part a
/// dry run of the change, as `modifyPolicy` would do it, in its own rolled-back
/// transaction) and added up; then the confirmation opens over the dialog. Stopped,
/// nothing was changed: a preview changes nothing.
final class PreviewJob: Job {
    let request: ConsoleRequest
    private let ids: [String]
    private let change: PolicyChange
    private let regionID: String?
    private let state: any StateAccess
    private var total: PolicyImpact
    private var done = 0

    /// Instances a step previews (100 to 2,000, from 250, as the first step is part of the key's
    /// frame: a dry run of 1,000 takes about 8 ms in a 100,000-instance state, more over an endpoint).
    private var stepSize: StepSize

    /// `stepInstances` given: every step takes that many (tests); else the size follows the time steps take.
    init(ids: [String], change: PolicyChange, regionID: String?, request: ConsoleRequest, _ ctx: ConsoleContext,
         stepInstances: Int? = nil) {
        self.ids = ids
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
        let part = Array(ids[done..<min(ids.count, done + stepSize.count)])
        total.add(try state.policyImpact(ids: part, change: change, regionID: regionID))
        stepSize.took(Date().timeIntervalSince(began))
        done += part.count
        guard done >= ids.count else { return nil }
        return .open(ImpactConfirmation(request: request, impact: total))
    }

    func cancel() -> Outcome { .say("Preview stopped: nothing was changed.", error: false) }
}
