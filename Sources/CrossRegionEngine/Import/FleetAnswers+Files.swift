import Foundation

/// The cross-region files an account holds, as `DescribeCrossRegionBackups`
/// (data sets) and `DescribeCrossRegionLogBackupFiles` (binlogs) list them:
/// `import` rebuilds an instance's history from them, so the state answers
/// with the same files, IDs and times.
extension FleetAnswers {
    public struct CopiedFile: Sendable, Equatable {
        public var origin: Origin
        public var instanceID: String
        public var kind: FileKind
        /// `CrossBackupId` or `CrossLogBackupId`.
        public var id: Int64
        public var destination: String
        /// Backup start and end (data), log begin and end (log).
        public var sourceStart: Seconds
        public var sourceEnd: Seconds
        public var sizeBytes: Int64
        /// The host instance (`InstanceId`) the file was taken on.
        public var hostID: Int64?
        /// The binlog's name (log files).
        public var name: String?
        /// Where a restore from it may go (data sets).
        public var restoreRegions: [String]?
        /// When its download link expires: when the file is deleted (log files).
        public var linkExpires: Seconds?
        /// The instance's edition and storage, as a data set names them.
        public var category: String?
        public var storageType: String?
    }

    enum FileField {
        static let dataID = "CrossBackupId", logID = "CrossLogBackupId", destination = "CrossBackupRegion"
        static let backupStart = "BackupStartTime", backupEnd = "BackupEndTime", dataSize = "CrossBackupSetSize"
        static let logBegin = "LogBeginTime", logEnd = "LogEndTime", logSize = "CrossLogBackupSize"
        static let host = "InstanceId", logName = "LogFileName", restoreRegions = "RestoreRegions", restoreRegion = "RestoreRegion"
        static let linkExpires = "LinkExpiredTime"
    }

    /// Whether `item` is a listed file rather than a policy (both are listed as `Items.Item`).
    static func isCopiedFile(_ item: AnswerNode) -> Bool {
        item[FileField.dataID] != nil || item[FileField.logID] != nil
    }

    /// The files of one answer; the answer names the instance (`DBInstanceId`, which
    /// `pull` adds to the `DescribeCrossRegionBackups` answers it saves).
    static func copiedFiles(_ answer: AnswerNode, _ list: AnswerNode) throws -> [CopiedFile] {
        guard let instance = try answer.optionalString(Field.id), !instance.isEmpty else {
            throw answer.problem("a list of cross-region files names no instance: add \"DBInstanceId\" to the answer (DescribeCrossRegionBackups does not name it).")
        }
        return try list.array().enumerated().map { i, item in
            let n = list.child(index: i, item)
            guard case .object = n.value else { throw n.problem("expected a cross-region file (an object), found \(n.kind).") }
            let log = n[FileField.logID] != nil
            func required(_ key: String) throws -> Seconds {
                guard let t = try n.optionalTime(key) else { throw n.problem("\(key) is missing.") }
                return t
            }
            func number(_ key: String) throws -> Int64 {
                guard let v = try n.optionalInt(key), v >= 0 else { throw n.problem("\(key) is missing or negative.") }
                return v
            }
            let destination = try n.string(FileField.destination)
            guard Region.named(destination) != nil else {
                throw n[FileField.destination]!.problem("\(Shown(destination)) is not a region.")
            }
            let id = try number(log ? FileField.logID : FileField.dataID)
            let start = try required(log ? FileField.logBegin : FileField.backupStart)
            let end = try required(log ? FileField.logEnd : FileField.backupEnd)
            guard id > 0, start <= end else { throw n.problem("expected a positive ID and a start no later than the end.") }
            var restore: [String]? = nil
            if let regions = n[FileField.restoreRegions]?[FileField.restoreRegion] {
                restore = try regions.array().enumerated().map { k, r in
                    guard case .string(let s) = r else { throw regions.child(index: k, r).problem("expected a region.") }
                    return s
                }
            }
            return CopiedFile(origin: n.origin, instanceID: instance, kind: log ? .log : .data, id: id,
                              destination: destination, sourceStart: start, sourceEnd: end,
                              sizeBytes: try number(log ? FileField.logSize : FileField.dataSize),
                              hostID: try n.optionalInt(FileField.host), name: try n.optionalString(FileField.logName),
                              restoreRegions: restore, linkExpires: try n.optionalTime(FileField.linkExpires),
                              category: try n.optionalString(Field.category), storageType: try n.optionalString(Field.storageType))
        }
    }
}
