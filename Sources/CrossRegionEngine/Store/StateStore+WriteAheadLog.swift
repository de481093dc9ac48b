import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// A `-wal` file beside the state is checked before SQLite sees it: SQLite
/// folds whatever `-wal` it finds into the file, so a stray one (left by a
/// copy, a restore, another database) would silently merge foreign pages, or
/// destroy the state. A `-wal` that a live process holds is that process's;
/// a leftover one is replayed on a private copy first and must come out as
/// this very state, intact. Otherwise the command stops and neither file is touched.
extension StateStore {
    /// States this process has open: their `-wal` is ours (and a raw descriptor
    /// on their `-shm` must not be opened and closed, which would drop SQLite's locks).
    nonisolated(unsafe) private static var openInProcess = Set<String>()
    private static let openLock = NSLock()

    static func registerOpen(_ path: String) {
        openLock.lock()
        openInProcess.insert(canonical(path))
        openLock.unlock()
    }

    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    /// Checks a `-wal` beside the state before SQLite sees it. Other processes
    /// open and close the state all the while: the last one to close folds the
    /// `-wal` into the file and removes it, and may do so in the middle of this
    /// check. A `-wal` (or state file) that vanishes, shrinks or changes during
    /// the check was a live process's: the check looks again, and never refuses
    /// it on what it saw half-way.
    static func checkWriteAheadLog(path: String) throws {
        let wal = path + "-wal"
        for attempt in 0..<walCheckAttempts {
            guard let before = FileStamp(wal), before.size > 0 else { return }
            openLock.lock()
            let ours = openInProcess.contains(canonical(path))
            openLock.unlock()
            if ours || heldByLiveProcess(shm: path + "-shm") { return }
            let stateBefore = FileStamp(path)
            let verdict = Result { try strayReason(path: path, wal: wal) }
            guard FileStamp(wal) == before, FileStamp(path) == stateBefore else {
                usleep(UInt32(min(attempt + 1, 20)) * 2_000)
                continue
            }
            switch verdict {
            case .success(nil):
                return
            case .success(let why?):
                throw failure("\(wal) does not belong to \(path): \(why). Neither file was changed, and no process has \(path) open. If \(wal) is not this state's, move it (and \(path)-shm) aside, then run the command again.")
            case .failure(let error):
                throw failure("cannot check \(wal) beside \(path): \((error as? EngineError)?.explanation ?? error.localizedDescription). Neither file was changed.")
            }
        }
        // Changing on every look: processes keep the state busy, so the log is live.
    }

    /// How many times the check looks again at a log that changes under it.
    private static let walCheckAttempts = 50

    /// Whether another process has the state open: each SQLite connection in
    /// WAL mode holds a shared lock on byte 128 of the `-shm` file.
    private static func heldByLiveProcess(shm: String) -> Bool {
        let fd = Glibc.open(shm, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 128
        lock.l_len = 1
        guard fcntl(fd, F_GETLK, &lock) == 0 else { return false }
        return lock.l_type != Int16(F_UNLCK)
    }

    /// Why a leftover `-wal` is not this state's, or nil when it is.
    private static func strayReason(path: String, wal: String) throws -> String? {
        let header = try Data(contentsOf: URL(fileURLWithPath: wal), options: .mappedIfSafe).prefix(32)
        func be32(_ d: Data, _ at: Int) -> UInt32 { d[d.startIndex + at..<d.startIndex + at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        guard header.count == 32, [0x377F_0682, 0x377F_0683].contains(be32(header, 0)) else {
            return "it is not an SQLite write-ahead log"
        }
        let dbHeader = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 100) ?? Data()
        guard dbHeader.count == 100 else { return "the state's header cannot be read" }
        let raw = Int(dbHeader[16]) << 8 | Int(dbHeader[17])
        let pageSize = raw == 1 ? 65_536 : raw
        guard Int(be32(header, 8)) == pageSize else {
            return "its pages are \(be32(header, 8)) bytes, the state's \(pageSize)"
        }
        // Replay it on a private copy: the result must be this state, intact.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-wal-check-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let alone = dir + "/alone.sqlite", replayed = dir + "/replayed.sqlite"
        try FileManager.default.copyItem(atPath: path, toPath: alone)
        try FileManager.default.copyItem(atPath: path, toPath: replayed)
        try FileManager.default.copyItem(atPath: wal, toPath: replayed + "-wal")
        do {
            let own = try DatabaseQueue(path: alone).read { try stateID($0) }
            return try DatabaseQueue(path: replayed).read { db -> String? in
                guard try Int32.fetchOne(db, sql: "PRAGMA application_id") == Schema.applicationID else {
                    return "with it, the file would no longer be an rds-console state"
                }
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check(3)")
                guard check == ["ok"] else {
                    // SQLite's report spans lines; the refusal is one: its first finding, shortened.
                    let first = check.first.map { $0.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                        .filter { !$0.hasPrefix("***") }.joined(separator: " ") } ?? ""
                    return "with it, the file would be damaged (SQLite's check: \(first.prefix(160))"
                        + (check.count > 1 ? "; \(check.count - 1) more" : "") + ")"
                }
                if let own, let merged = try stateID(db), merged != own {
                    return "it was written by another rds-console state"
                }
                return nil
            }
        } catch let e as DatabaseError {
            return "with it, SQLite cannot read the file (\(e.message ?? "\(e.resultCode)"))"
        }
    }

    /// The random identity every state keeps in `meta` (none before version 4).
    private static func stateID(_ db: Database) throws -> String? {
        guard try db.tableExists("meta") else { return nil }
        return try String.fetchOne(db, sql: "SELECT text FROM meta WHERE key = 'state_id'")
    }
}

/// What identifies a file's content for the check: a file replaced, grown,
/// shrunk or written to has another stamp.
struct FileStamp: Equatable {
    let device: UInt64, inode: UInt64, size: Int64
    let modified: timespec, changed: timespec

    init?(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        (device, inode, size) = (UInt64(st.st_dev), UInt64(st.st_ino), Int64(st.st_size))
        (modified, changed) = (st.st_mtim, st.st_ctim)
    }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.device == b.device && a.inode == b.inode && a.size == b.size
            && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
            && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
    }
}
