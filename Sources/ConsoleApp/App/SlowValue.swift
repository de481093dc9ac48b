/// A value a page shows that can take longer than a frame (the totals of
/// thousands of rows). In a terminal (`ConsoleContext.defersSlowWork`) the
/// frame goes out without it and the console computes it once no key is
/// waiting (`Console.settle()`); elsewhere it is computed at once. It is kept
/// until its key (what it was computed from) changes.
final class SlowValue<Value> {
    private var kept: (key: String, value: Result<Value, Error>)?

    /// The value for `key`; nil while it waits to be computed after the frame (`ahead`: after
    /// every value the frame shows, for a key not pressed yet).
    func value(key: String, _ ctx: ConsoleContext, ahead: Bool = false,
               _ compute: @escaping () throws -> Value) throws -> Value? {
        if let kept, kept.key == key { return try kept.value.get() }
        guard ctx.defersSlowWork else {
            let value = Result(catching: compute)
            kept = (key, value)
            return try value.get()
        }
        ctx.later(ObjectIdentifier(self), ahead: ahead) { [weak self] in
            // Asked for meanwhile (a key needed it at once, `now`): not computed twice.
            guard let self, self.kept?.key != key else { return }
            self.kept = (key, Result(catching: compute))
        }
        return nil
    }

    /// The value for `key`, computed now unless it was ready (a value asked
    /// for ahead, before the key that needs it).
    func now(key: String, _ compute: () throws -> Value) throws -> Value {
        if let kept, kept.key == key { return try kept.value.get() }
        let value = Result(catching: compute)
        kept = (key, value)
        return try value.get()
    }
}
