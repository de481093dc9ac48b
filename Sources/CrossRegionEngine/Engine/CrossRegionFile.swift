/// One cross-region file (a data backup set or a binlog) as queries show it.
public struct CrossRegionFile: Sendable, Equatable, Codable {
    /// `CrossBackupId` or `CrossLogBackupId`.
    public var id: Int64
    public var kind: FileKind
    public var instanceID: String
    public var sourceRegion: String
    public var destination: String
    /// Backup start / log begin.
    public var sourceStart: Seconds
    /// Backup end and consistent time / log end.
    public var sourceEnd: Seconds
    /// When the copy started, and when it completed (or will).
    public var createdAt: Seconds
    public var completedAt: Seconds
    public var expiresAt: Seconds
    public var sizeBytes: Int64
    /// The binlog's number (a log file); 0 for a data set.
    public var binlogNumber: Int64
    public var hostInstanceID: Int64
    /// Regions a restore from this file may target (R6.3, R6.4).
    public var restoreRegions: [String]
    /// Taken while the source had TDE on: restores only into the source region (R6.4).
    public var takenWithTDE: Bool

    /// Still being copied at the time of the query.
    public var isCopying: Bool

    /// The file's name in the destination region, made when it is read: a drill or a
    /// recovery window reads thousands of files and none of their names.
    public var name: String {
        switch kind {
        case .data:
            return "\(sourceRegion)_\(instanceID)_hins\(hostInstanceID)_data_\(UTCTime.formatCompact(sourceStart))_qp.xb"
        case .log:
            let n = String(binlogNumber)
            return "\(sourceRegion)_\(instanceID)_\(hostInstanceID)_mysql-bin.\(String(repeating: "0", count: max(0, 6 - n.count)) + n)"
        }
    }

    /// What limits a restore from this set, in words for the restore dialog (R6.4), or nil.
    public var restoreNote: String? {
        takenWithTDE ? "Taken with TDE on: source region only; the new instance has TDE on." : nil
    }
}

/// Which files a query wants, and which page of them (newest first).
public struct FileQuery: Sendable, Codable {
    public var kind: FileKind
    /// Keep files whose backup start / log begin is in `from...to`.
    public var from: Seconds?
    public var to: Seconds?
    public var destination: String?
    /// Leave out files still being copied (the OpenAPI lists finished sets only).
    public var completedOnly: Bool
    public var offset: Int
    public var limit: Int

    public init(kind: FileKind, from: Seconds? = nil, to: Seconds? = nil, destination: String? = nil,
                completedOnly: Bool = false, offset: Int = 0, limit: Int = 30) {
        self.kind = kind
        self.from = from
        self.to = to
        self.destination = destination
        self.completedOnly = completedOnly
        self.offset = offset
        self.limit = limit
    }
}

public struct FilePage: Sendable, Codable {
    public var total: Int
    public var items: [CrossRegionFile]
}
