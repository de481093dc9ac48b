extension Engine {
    /// Changes the cross-region backup policy of one or many instances in one
    /// transaction: all of them or none (R3.8). Returns the instances as changed.
    @discardableResult
    public func modifyPolicy(ids: [String], change: PolicyChange, regionID: String? = nil) throws -> [Instance] {
        try write { tx in try tx.modifyPolicy(ids: ids, change: change, regionID: regionID) }
    }

    /// `modifyPolicy` for a batch of any size: the same change, holding a part of it at a time
    /// and none of it after; returns the IDs it set, in the order given, each once.
    public func changePolicy(ids: [String], change: PolicyChange, regionID: String? = nil) throws -> [String] {
        try write { tx in
            var set: [String] = []
            try tx.changePolicy(ids: ids, change: change, regionID: regionID) { set.append($0.after.id) }
            return set
        }
    }

    /// What `modifyPolicy` would refuse, instance by instance, without changing anything.
    public func policyRefusals(ids: [String], change: PolicyChange) throws -> [EngineError.Failure] {
        try read { tx in
            let found = try tx.instances(ids: ids)
            return ids.compactMap { id in
                let problem = found[id].map { $0.refusal(of: change, at: tx.now) } ?? .instanceNotFound(id)
                return problem.map { .init(instanceID: id, $0) }
            }
        }
    }

    /// One instance.
    public func instance(id: String) throws -> Instance {
        try read { try $0.instance(id: id) }
    }
}
