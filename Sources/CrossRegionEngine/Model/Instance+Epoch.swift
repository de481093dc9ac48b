/// The series of the epoch in force: the files an enabled instance is copying
/// now and keeps copying until its policy changes (R4.2–R4.4).
extension Instance {
    /// Series IDs reserved for one epoch: seed copy, daily copies, binlogs.
    static let sidsPerEpoch: Int64 = 4

    /// The open series of the current epoch (empty when nothing is being copied).
    public var epochSeries: [FileSeries] {
        var out: [FileSeries] = []
        forEachEpochSeries { out.append($0) }
        return out
    }

    /// Calls `body` with each open series of the current epoch, in `epochSeries` order, without
    /// gathering them (a fleet's cost visits a million instances' epochs).
    func forEachEpochSeries(_ body: (FileSeries) -> Void) {
        guard let epochAt, let sid = epochSID, let dest = backupRegion, releasedAt == nil else { return }
        if let at = seedCopyAt, let start = seedBackupStart, let end = seedBackupEnd {
            body(FileSeries(sid: sid, kind: .data, destination: dest, t0: at, period: 0, firstIndex: 0,
                            endAt: nil, sizeBytes: dataBytes, copySeconds: dataCopySeconds,
                            sourceStart0: start, sourceEnd0: end, bankedSeconds: 0, seq0: 0))
        }
        let d0 = firstBackupDay(completingAfter: epochAt)
        let first = dailyBackup(day: d0)
        body(FileSeries(sid: sid + 1, kind: .data, destination: dest, t0: first.end, period: UTCTime.day,
                        firstIndex: 0, endAt: nil, sizeBytes: dataBytes, copySeconds: dataCopySeconds,
                        sourceStart0: first.start, sourceEnd0: first.end, bankedSeconds: 0, seq0: d0))
        if logBackupEnabled, let begin = logChainStart {
            body(FileSeries(sid: sid + 2, kind: .log, destination: dest, t0: begin + UTCTime.hour,
                            period: UTCTime.hour, firstIndex: 0, endAt: nil, sizeBytes: logBytesPerHour,
                            copySeconds: logCopySeconds, sourceStart0: begin, sourceEnd0: begin + UTCTime.hour,
                            bankedSeconds: 0, seq0: binlogNumber(at: begin)))
        }
    }

    /// The binlog sequence number of the file that begins at `t`.
    func binlogNumber(at t: Seconds) -> Int64 {
        (t - UTCTime.floorHour(createdAt)) / UTCTime.hour + 1
    }
}
