/// A slow value made a part at a time (the totals of every region of a million
/// instances, the plan of 100,000 marked rows). In a terminal
/// (`ConsoleContext.defersSlowWork`) each part is one step after the frame, so a
/// key pressed meanwhile waits for one part, not for the whole; elsewhere every
/// part is done at once. It is kept until its key (what it was made from)
/// changes; a new key starts over.
final class PartedValue<Progress, Value> {
    private var kept: (key: String, value: Result<Value, Error>)?
    private var going: (key: String, progress: Progress)?

    /// The value for `key`; nil while its parts are being made. `start` is where the work
    /// begins (asked once a key, in the frame: it should cost nothing); `step` does one part
    /// and answers the value after the last.
    func value(key: String, _ ctx: ConsoleContext, start: () throws -> Progress,
               step: @escaping (inout Progress) throws -> Value?) throws -> Value? {
        guard ctx.defersSlowWork else { return try now(key: key, start: start, step: step) }
        if let kept, kept.key == key { return try kept.value.get() }
        guard begin(key, start) else { return try kept?.value.get() }
        schedule(key, ctx, step)
        return nil
    }

    /// The value for `key`, its remaining parts done now (a key that needs it at once).
    func now(key: String, start: () throws -> Progress, step: (inout Progress) throws -> Value?) throws -> Value? {
        if let kept, kept.key == key { return try kept.value.get() }
        if begin(key, start) { while !runStep(key, step) {} }
        return try kept?.value.get()
    }

    /// Starts the work for `key` unless it is under way; false when starting failed (the failure is kept).
    private func begin(_ key: String, _ start: () throws -> Progress) -> Bool {
        guard going?.key != key else { return true }
        do {
            going = (key, try start())
            return true
        } catch {
            going = nil
            kept = (key, .failure(error))
            return false
        }
    }

    /// The next part after the frame; it leaves the part after it likewise.
    private func schedule(_ key: String, _ ctx: ConsoleContext, _ step: @escaping (inout Progress) throws -> Value?) {
        ctx.later(ObjectIdentifier(self)) { [weak self, weak ctx] in
            guard let self, let ctx, self.going?.key == key else { return }
            if !self.runStep(key, step) { self.schedule(key, ctx, step) }
        }
    }

    /// One part; true once the value (or the reason it cannot be had) is kept.
    private func runStep(_ key: String, _ step: (inout Progress) throws -> Value?) -> Bool {
        guard var g = going, g.key == key else { return true }
        going = nil  // the progress is updated in place, not copied
        do {
            if let value = try step(&g.progress) {
                kept = (key, .success(value))
                return true
            }
            going = g
            return false
        } catch {
            kept = (key, .failure(error))
            return true
        }
    }
}
