import Foundation

extension Engine {
    /// Moves the simulated clock forward by `seconds` (R7.1). Every event
    /// in between follows from the stored series, so the step costs nothing
    /// and any split of the same span gives the same state (R7.2).
    @discardableResult
    public func advanceClock(by seconds: Seconds) throws -> Seconds {
        guard seconds > 0 else {
            throw EngineError(.invalidDuration, "The clock only moves forward; give a positive span such as 90m, 36h, 7d or 1y.")
        }
        return try write { tx in
            let next = tx.now + seconds
            try tx.setMeta("clock", next)
            return next
        }
    }

    /// Sets the clock to `time`, which may not be earlier than now.
    @discardableResult
    public func setClock(to time: Seconds) throws -> Seconds {
        try write { tx in
            guard time >= tx.now else {
                throw EngineError(.invalidTime,
                                  "The clock never goes backwards: it is \(UTCTime.format(tx.now)), \(UTCTime.format(time)) is earlier.")
            }
            try tx.setMeta("clock", time)
            return time
        }
    }

    /// Brings the clock to the wall clock, unless it is already later.
    @discardableResult
    public func syncClock(wall: Seconds = Seconds(Date().timeIntervalSince1970)) throws -> Seconds {
        try write { tx in
            let next = max(tx.now, wall)
            try tx.setMeta("clock", next)
            return next
        }
    }
}
