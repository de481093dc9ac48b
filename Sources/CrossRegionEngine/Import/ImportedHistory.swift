/// An instance's cross-region history rebuilt from the files its account
/// listed (`DescribeCrossRegionBackups`, `DescribeCrossRegionLogBackupFiles`),
/// so the imported state answers with the same files, IDs and times.
///
/// A file's ID is its series' ID and its index in it (`FileSeries.fileID`),
/// and the files of one series are evenly spaced, so the listed files of a
/// series give the series back: its start, period, first living file and
/// sizes. What no answer gives is assumed and said (`notes`).
struct ImportedHistory {
    var series: [FileSeries] = []
    /// The host instance every file was taken on, when they agree.
    var hostID: Int64?
    /// The expiry floor of a shortened retention (R5.2), when the answers show one.
    var floor: Seconds?
    /// The end of the first set taken with TDE on (its restores stay in the source region).
    var tdeSince: Seconds?
    var notes: [String] = []

    var isEmpty: Bool { series.isEmpty }

    /// `retention`: the policy's, in seconds; `enabledAt`: its `BackupEnabledTime`; `now`: the import's clock.
    init(files: [FleetAnswers.CopiedFile], of inst: Instance, retention: Seconds, enabledAt: Seconds?, at now: Seconds) {
        guard !files.isEmpty else { return }
        let hosts = Set(files.compactMap(\.hostID))
        hostID = hosts.count == 1 ? hosts.first : nil
        let groups = Dictionary(grouping: files) { $0.id / FileSeries.idStride }
        for sid in groups.keys.sorted() {
            let group = groups[sid]!.sorted { $0.id < $1.id }
            if let s = Self.series(sid, group, of: inst, enabledAt: enabledAt, at: now) {
                series.append(s)
            } else {
                notes.append("\(inst.id): \(group.count) listed file(s) of series \(sid) (\(group[0].origin)) are not evenly spaced copies of one kind; they were left out.")
            }
        }
        let kept = Set(series.map(\.sid))
        let files = files.filter { kept.contains($0.id / FileSeries.idStride) }
        // A binlog's link expires when the file does: later than its retention means a floor (R5.2).
        for f in files where f.kind == .log {
            if let expires = f.linkExpires, expires > f.sourceEnd + retention { floor = max(floor ?? expires, expires) }
        }
        // A data set alive past its retention is kept by a floor no answer dates: at most 7 days from now.
        if floor == nil, series.contains(where: { s in s.kind == .data && s.created(s.firstIndex) + retention <= now }) {
            floor = now + PolicyChange.shorteningFloorDays * UTCTime.day
            notes.append("\(inst.id): some of its sets outlive their retention (a shortened retention keeps them up to \(PolicyChange.shorteningFloorDays) days); no answer says until when, so they are kept until \(UTCTime.format(floor!)).")
        }
        tdeSince = files.filter { $0.kind == .data && $0.restoreRegions == [inst.regionID] }.map(\.sourceEnd).min()
    }

    /// The series whose listed files are `group`, or nil when they cannot be one.
    private static func series(_ sid: Int64, _ group: [FleetAnswers.CopiedFile], of inst: Instance,
                               enabledAt: Seconds?, at now: Seconds) -> FileSeries? {
        let first = group[0]
        // The series of an epoch: its first copy, the daily sets, the binlogs, a copy of a backup taken for the logs.
        let role = sid % Instance.sidsPerEpoch
        let period: Seconds = role == 1 ? UTCTime.day : role == 2 ? UTCTime.hour : 0
        guard group.allSatisfy({ $0.kind == first.kind && $0.destination == first.destination && $0.sizeBytes == first.sizeBytes }),
              (first.kind == .log) == (role == 2), period > 0 || group.count == 1 else { return nil }
        let k0 = first.id % FileSeries.idStride
        guard period > 0 || k0 == 0 else { return nil }
        let start0 = first.sourceStart - k0 * period, end0 = first.sourceEnd - k0 * period
        for f in group {
            let k = f.id % FileSeries.idStride
            guard f.sourceStart == start0 + k * period, f.sourceEnd == end0 + k * period else { return nil }
        }
        // A periodic copy starts when its backup (or binlog) ends; a first copy of a backup taken
        // before the switch was turned on starts with the switch (R4.3).
        var t0 = end0
        if period == 0, let enabledAt, enabledAt > end0, enabledAt - end0 <= UTCTime.day { t0 = enabledAt }
        let last = group[group.count - 1].id % FileSeries.idStride
        let lastCreated = t0 + last * period
        var seq0: Int64 = 0
        if first.kind == .log, let digits = first.name?.split(separator: ".").last, let n = Int64(digits) { seq0 = n - k0 }
        let copy = first.kind == .log ? inst.logCopySeconds : inst.dataCopySeconds
        return FileSeries(sid: sid, kind: first.kind, destination: first.destination, t0: t0,
                          period: period, firstIndex: period == 0 ? 0 : k0, endAt: lastCreated, sizeBytes: first.sizeBytes,
                          copySeconds: max(0, min(copy, now - lastCreated)), sourceStart0: start0, sourceEnd0: end0,
                          bankedSeconds: 0, seq0: seq0)
    }
}

extension ImportedHistory {
    /// `inst` (its policy on, as the account has it) going on with the account's own epoch: the
    /// series of the newest epoch listed are the ones `inst.epochSeries` makes from these fields,
    /// so the files made after the import have the account's IDs and times too. Nil unless the
    /// rebuilt epoch reproduces every listed file of those series; the SIDs it covers come with it.
    func continuingEpoch(of inst: Instance, enabledAt: Seconds?, at now: Seconds) -> (Instance, Set<Int64>)? {
        guard inst.backupEnabled, !inst.isReleased, let top = series.map(\.sid).max() else { return nil }
        let base = top - top % Instance.sidsPerEpoch
        let open = series.filter { $0.sid - $0.sid % Instance.sidsPerEpoch == base }
        guard open.allSatisfy({ $0.destination == inst.backupRegion }) else { return nil }
        var candidate = inst
        candidate.epochSID = base
        candidate.seedBackupStart = nil
        candidate.seedBackupEnd = nil
        candidate.seedCopyAt = nil
        if let seed = open.first(where: { $0.sid == base }) {
            (candidate.seedBackupStart, candidate.seedBackupEnd, candidate.seedCopyAt) = (seed.sourceStart0, seed.sourceEnd0, seed.t0)
        }
        if let daily = open.first(where: { $0.sid == base + 1 }) {
            // The epoch began after the day before its first daily set completed (its first daily set is day d0).
            let offset = daily.sourceStart0 - inst.dailyBackup(day: 0).start
            guard offset % UTCTime.day == 0 else { return nil }
            candidate.epochAt = inst.dailyBackup(day: offset / UTCTime.day - 1).end
        } else {
            candidate.epochAt = enabledAt ?? open.map(\.t0).min() ?? now
        }
        if let log = open.first(where: { $0.sid == base + 2 }) {
            guard inst.logBackupEnabled else { return nil }
            candidate.logChainStart = log.sourceStart0
        }
        let made = Dictionary(candidate.epochSeries.map { ($0.sid, $0) }, uniquingKeysWith: { a, _ in a })
        for s in open {
            guard let g = made[s.sid], g.kind == s.kind, g.period == s.period, g.t0 == s.t0,
                  g.sourceStart0 == s.sourceStart0, g.sourceEnd0 == s.sourceEnd0, g.sizeBytes == s.sizeBytes,
                  s.kind == .data || g.seq0 == s.seq0, g.lastIndex(upTo: now) >= s.lastIndex(upTo: now) else { return nil }
        }
        return (candidate, Set(open.map(\.sid)))
    }
}
