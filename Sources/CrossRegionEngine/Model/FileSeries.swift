/// What a cross-region file holds.
public enum FileKind: Int, Sendable, Codable {
    case data = 0
    case log = 1
}

/// A run of cross-region files of one instance to one destination, made at a
/// fixed period (a data backup a day, a binlog an hour) or a single file.
///
/// Files are never stored one by one: file `k` is created at
/// `t0 + k * period`, its expiry follows from the instance's retention and
/// floor (R5.1, R5.2), and every query and bill is computed from that, so a
/// clock step costs nothing however long it is (R7.2).
public struct FileSeries: Sendable, Equatable {
    public var sid: Int64
    public var kind: FileKind
    public var destination: String
    /// Creation time (copy start) of file 0.
    public var t0: Seconds
    /// 0 for a single file.
    public var period: Seconds
    /// Files before this index were deleted (expired) and their cost banked.
    public var firstIndex: Int64
    /// Files created after this time do not belong to the series; nil while it is open.
    public var endAt: Seconds?
    public var sizeBytes: Int64
    public var copySeconds: Seconds
    /// Backup start (data) or log begin (log) of file 0.
    public var sourceStart0: Seconds
    /// Backup end and consistent time (data) or log end (log) of file 0.
    public var sourceEnd0: Seconds
    /// File-seconds of storage of the deleted files (before `firstIndex`).
    public var bankedSeconds: Int64
    /// Binlog number (log series) or backup day (daily data series) of file 0.
    public var seq0: Int64

    /// IDs of files are `sid * idStride + k`.
    public static let idStride: Int64 = 1_000_000

    public func fileID(_ k: Int64) -> Int64 { sid * Self.idStride + k }
    public func created(_ k: Int64) -> Seconds { t0 + k * period }
    public func sourceStart(_ k: Int64) -> Seconds { sourceStart0 + k * period }
    public func sourceEnd(_ k: Int64) -> Seconds { sourceEnd0 + k * period }

    /// Index of the last file created at or before `t` (and not after `endAt`), -1 when none.
    public func lastIndex(upTo t: Seconds) -> Int64 {
        let limit = endAt.map { min($0, t) } ?? t
        if limit < t0 { return -1 }
        if period == 0 { return 0 }
        return min((limit - t0) / period, Self.idStride - 1)
    }

    /// Expiry of file `k` under retention `r` seconds and floor `floor` (R5.1, R5.2).
    public func expiry(_ k: Int64, retention r: Seconds, floor: Seconds) -> Seconds {
        max(created(k) + r, floor)
    }

    /// The indexes of the files that exist at `now`: created, not yet expired.
    public func alive(at now: Seconds, retention r: Seconds, floor: Seconds) -> ClosedRange<Int64>? {
        let hi = lastIndex(upTo: now)
        var lo = firstIndex
        if floor <= now {
            // Expiry is created + r for every file: the first alive has created(k) > now - r.
            if period == 0 {
                if created(0) + r <= now { return nil }
            } else {
                lo = max(lo, UTCTime.floorDiv(now - r - t0, period) + 1)
            }
        }
        return lo <= hi ? lo...hi : nil
    }

    /// File-seconds of storage during `[from, to)` of the files created up to
    /// `producedUpTo` (the files of an open series not yet made count when
    /// `producedUpTo` is in the future), excluding the deleted ones.
    public func storageSeconds(from: Seconds, to: Seconds, producedUpTo: Seconds,
                               retention r: Seconds, floor: Seconds) -> Int64 {
        storageSeconds(indexes: firstIndex, lastIndex(upTo: producedUpTo), from: from, to: to, retention: r, floor: floor)
    }

    /// File-seconds of storage during `[from, to)` of the files `lo...hi`.
    func storageSeconds(indexes lo: Int64, _ hi: Int64, from: Seconds, to: Seconds,
                        retention r: Seconds, floor: Seconds) -> Int64 {
        guard lo <= hi, from < to else { return 0 }
        func g(_ k: Int64) -> Int64 {
            let c = created(k)
            return max(0, min(max(c + r, floor), to) - max(c, from))
        }
        if period == 0 { return lo <= 0 && 0 <= hi ? g(0) : 0 }
        // g is linear in k between the points where created(k) crosses one of
        // from, to, floor, from - r, to - r, floor - r: cut the index range there.
        return withUnsafeTemporaryAllocation(of: Int64.self, capacity: 14) { cuts in
            var n = 0
            // Kept in order as they come (at most 14: an insertion sort is the quickest).
            func cut(_ k: Int64) {
                guard k > lo && k <= hi else { return }
                var i = n
                while i > 0 && cuts[i - 1] > k {
                    cuts[i] = cuts[i - 1]
                    i -= 1
                }
                cuts[i] = k
                n += 1
            }
            // A time before file lo's creation or at or after file hi + 1's cuts nothing inside
            // lo...hi: those (most of the six, most of the time) are passed over without a division.
            let (first, afterLast) = (created(lo), created(hi) + period)
            func crossing(_ c: Seconds) {
                guard c >= first && c < afterLast else { return }
                let k = UTCTime.floorDiv(c - t0, period)
                cut(k)
                cut(k + 1)
            }
            cuts[0] = lo
            cuts[1] = hi + 1
            n = 2
            crossing(from); crossing(to); crossing(floor)
            crossing(from - r); crossing(to - r); crossing(floor - r)
            let sorted = cuts
            var total: Int64 = 0
            for i in 0..<(n - 1) {
                let a = sorted[i], b = sorted[i + 1] - 1
                if a <= b { total += (b - a + 1) * (g(a) + g(b)) / 2 }
            }
            return total
        }
    }

    /// Whole lifetimes (file-seconds) of the files `lo..<hi`.
    func lifetimeSeconds(_ lo: Int64, _ hi: Int64, retention r: Seconds, floor: Seconds) -> Int64 {
        let forever: Seconds = 1 << 60
        return storageSeconds(indexes: lo, hi - 1, from: -forever, to: forever, retention: r, floor: floor)
    }

    /// Drops the files that have expired by `now` under the settings that
    /// were in force until now, banking their storage (before a retention change).
    mutating func deleteExpired(at now: Seconds, retention r: Seconds, floor: Seconds) {
        let produced = lastIndex(upTo: now) + 1
        var firstAlive = firstIndex
        if let range = alive(at: now, retention: r, floor: floor) {
            firstAlive = range.lowerBound
        } else {
            firstAlive = max(firstIndex, produced)
        }
        guard firstAlive > firstIndex else { return }
        bankedSeconds += lifetimeSeconds(firstIndex, firstAlive, retention: r, floor: floor)
        firstIndex = firstAlive
    }

    /// Deletes every file made by `now` at once, banking their storage until now (the files
    /// of an instance whose release drops them).
    mutating func deleteAll(at now: Seconds, retention r: Seconds, floor: Seconds) {
        let produced = lastIndex(upTo: now) + 1
        guard produced > firstIndex else { return }
        bankedSeconds += storageSeconds(indexes: firstIndex, produced - 1, from: -(1 << 60), to: now, retention: r, floor: floor)
        firstIndex = produced
    }

    /// Latest expiry among this series' files (made up to `endAt`), or nil if it has none.
    func lastExpiry(retention r: Seconds, floor: Seconds) -> Seconds? {
        guard let end = endAt else { return nil }
        let hi = lastIndex(upTo: end)
        guard hi >= firstIndex else { return nil }
        return expiry(hi, retention: r, floor: floor)
    }
}
