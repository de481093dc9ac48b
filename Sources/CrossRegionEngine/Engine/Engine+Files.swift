import GRDB

/// Listing the cross-region files an instance retains (R5, R7.2): computed
/// from its series, newest first, whatever the number of files.
extension Engine {
    public func crossRegionFiles(instanceID: String, query: FileQuery) throws -> FilePage {
        try read { tx in
            let inst = try tx.instance(id: instanceID)
            return try tx.files(of: inst, series: try tx.allSeries(of: inst), query: query)
        }
    }

    /// One cross-region data backup set by its `CrossBackupId`, with its instance.
    public func crossRegionBackup(id: Int64) throws -> (Instance, CrossRegionFile) {
        try read { tx in try tx.dataFile(id: id) }
    }
}

extension Tx {
    /// The indexes of `s` that `query` keeps at `now`.
    func range(of s: FileSeries, in inst: Instance, query: FileQuery) -> ClosedRange<Int64>? {
        guard s.kind == query.kind, query.destination == nil || query.destination == s.destination,
              let alive = s.alive(at: now, retention: inst.retentionSeconds, floor: inst.expiryFloor) else { return nil }
        var lo = alive.lowerBound, hi = alive.upperBound
        if query.completedOnly { hi = min(hi, s.lastIndex(upTo: now - s.copySeconds)) }
        if let from = query.from {
            lo = max(lo, s.period == 0 ? (s.sourceStart0 >= from ? 0 : 1)
                                       : UTCTime.floorDiv(from - s.sourceStart0 + s.period - 1, s.period))
        }
        if let to = query.to {
            hi = min(hi, s.period == 0 ? (s.sourceStart0 <= to ? 0 : -1) : UTCTime.floorDiv(to - s.sourceStart0, s.period))
        }
        return lo <= hi ? lo...hi : nil
    }

    func files(of inst: Instance, series: [FileSeries], query: FileQuery) throws -> FilePage {
        var cursors: [(series: FileSeries, lo: Int64, next: Int64)] = []
        var total = 0
        for s in series {
            guard let r = range(of: s, in: inst, query: query) else { continue }
            cursors.append((s, r.lowerBound, r.upperBound))
            total += Int(r.upperBound - r.lowerBound + 1)
        }
        var skip = query.offset
        var items: [CrossRegionFile] = []
        while items.count < query.limit {
            // The newest file among the series' next ones.
            var best = -1
            for (i, c) in cursors.enumerated() where c.next >= c.lo {
                if best < 0 { best = i; continue }
                let b = cursors[best]
                if Self.isNewer(c.series, c.next, than: b.series, b.next) { best = i }
            }
            if best < 0 { break }
            if skip > 0 {
                let others = cursors.indices.filter { $0 != best && cursors[$0].next >= cursors[$0].lo }
                if others.isEmpty {
                    // One series left: jump over the rest of the skip at once.
                    let jump = min(Int64(skip), cursors[best].next - cursors[best].lo + 1)
                    cursors[best].next -= jump
                    skip -= Int(jump)
                } else {
                    cursors[best].next -= 1
                    skip -= 1
                }
                continue
            }
            let c = cursors[best]
            items.append(file(c.series, c.next, of: inst))
            cursors[best].next -= 1
        }
        return FilePage(total: total, items: items)
    }

    /// The order of a listing, newest first: by backup start (log begin), then by file ID.
    static func isNewer(_ a: FileSeries, _ ka: Int64, than b: FileSeries, _ kb: Int64) -> Bool {
        let (ta, tb) = (a.sourceStart(ka), b.sourceStart(kb))
        return ta > tb || (ta == tb && a.fileID(ka) > b.fileID(kb))
    }

    /// The first file `files(of:series:query:)` lists, `query`'s offset and limit aside: the newest it
    /// keeps, found without a page (a drill asks it of every instance).
    func newestFile(of inst: Instance, series: [FileSeries], query: FileQuery) -> CrossRegionFile? {
        var best: (i: Int, k: Int64)?
        for i in series.indices {
            guard let r = range(of: series[i], in: inst, query: query) else { continue }
            if let b = best, !Self.isNewer(series[i], r.upperBound, than: series[b.i], b.k) { continue }
            best = (i, r.upperBound)
        }
        return best.map { file(series[$0.i], $0.k, of: inst) }
    }

    func file(_ s: FileSeries, _ k: Int64, of inst: Instance) -> CrossRegionFile {
        let created = s.created(k)
        let host = inst.hostInstanceID
        return CrossRegionFile(
            id: s.fileID(k), kind: s.kind, instanceID: inst.id, sourceRegion: inst.regionID,
            destination: s.destination, sourceStart: s.sourceStart(k), sourceEnd: s.sourceEnd(k),
            createdAt: created, completedAt: created + s.copySeconds,
            expiresAt: s.expiry(k, retention: inst.retentionSeconds, floor: inst.expiryFloor),
            sizeBytes: s.sizeBytes, binlogNumber: s.kind == .log ? s.seq0 + k : 0, hostInstanceID: host,
            restoreRegions: inst.restoreRegions(destination: s.destination, takenWithTDE: s.kind == .data && inst.tdeCovers(s.sourceEnd(k))),
            takenWithTDE: inst.tdeCovers(s.sourceEnd(k)),
            isCopying: now < created + s.copySeconds)
    }

    /// The data file with this `CrossBackupId`, if it exists now.
    func dataFile(id: Int64) throws -> (Instance, CrossRegionFile) {
        let notFound = EngineError.backupSetNotFound(String(id))
        guard id > 0 else { throw notFound }
        let sid = id / FileSeries.idStride, k = id % FileSeries.idStride
        var inst: Instance
        var series: FileSeries
        var stored: (series: FileSeries, owner: Int64)? = nil
        try RawRow.forEach(db, sql: "SELECT \(FileSeries.columns), instance_seq FROM xseries WHERE sid = ?",
                           arguments: [sid]) { stored = (FileSeries(raw: $0), $0.int(13)) }
        if let stored {
            series = stored.series
            guard let owner = try instance(seq: stored.owner) else { throw notFound }
            inst = owner
        } else {
            let epoch = sid / Instance.sidsPerEpoch * Instance.sidsPerEpoch
            guard let owner = try fetchInstances("SELECT \(Instance.columns) FROM instance WHERE epoch_sid = ?", [epoch]).first
            else { throw notFound }
            inst = owner
            guard let s = inst.epochSeries.first(where: { $0.sid == sid }) else { throw notFound }
            series = s
        }
        guard series.kind == .data,
              let alive = series.alive(at: now, retention: inst.retentionSeconds, floor: inst.expiryFloor),
              alive.contains(k) else { throw notFound }
        return (inst, file(series, k, of: inst))
    }
}
