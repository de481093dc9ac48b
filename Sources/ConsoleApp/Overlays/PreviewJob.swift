import CrossRegionEngine

/// The impact preview of a batch, asked of the state a thousand instances at a
/// time (each part a dry run of the change, as `modifyPolicy` would do it, in its
/// own rolled-back transaction) and added up; then the confirmation opens over the dialog. Stopped,
/// nothing was changed: a preview changes nothing.
final class PreviewJob: Job {
    let request: ConsoleRequest
    private let ids: [String]
    private let change: PolicyChange
    private let regionID: String?
    private let state: any StateAccess
    private var total: PolicyImpact
    private var done = 0

    /// Instances a step previews (a dry run of 1,000 takes about 8 ms at 100,000 instances).
    let stepInstances: Int

    init(ids: [String], change: PolicyChange, regionID: String?, request: ConsoleRequest, _ ctx: ConsoleContext,
         stepInstances: Int = 1_000) {
        self.ids = ids
        self.change = change
        self.regionID = regionID
        self.request = request
        state = ctx.state
        self.stepInstances = max(1, stepInstances)
        total = PolicyImpact(instances: 0, change: change.summary, filesExpiringEarlier: 0, bytesExpiringEarlier: 0,
                             firstDeletion: nil, projected30dBeforeUSD: 0, projected30dAfterUSD: 0)
    }

    var progress: String { "Previewing the change: \(Format.count(done)) of \(Format.count(ids.count)) instances…" }

    func step() throws -> Outcome? {
        let part = Array(ids[done..<min(ids.count, done + stepInstances)])
        total.add(try state.policyImpact(ids: part, change: change, regionID: regionID))
        done += part.count
        guard done >= ids.count else { return nil }
        return .open(ImpactConfirmation(request: request, impact: total))
    }

    func cancel() -> Outcome { .say("Preview stopped: nothing was changed.", error: false) }
}
