import Foundation
import CSQLiteSettings
import GRDB

/// The SQLite state file: opened in WAL mode with a long busy timeout so that
/// the console and `api` calls can share it; created atomically (built beside
/// the target, then linked into place) so a half-made state is never seen;
/// never overwritten when it is not a healthy state file.
public final class StateStore: @unchecked Sendable {
    public let path: String
    /// The connection that writes (and reads, unless `reader` is set). (A GRDB
    /// pool writes to the file as it opens, which a damaged file must never
    /// see; the WAL mode set at creation is kept by the file, so other
    /// processes still read while one writes.)
    let pool: DatabaseQueue
    /// Read-only connections for reads, so that they never queue behind a
    /// write waiting for another process's lock, nor behind each other (`serve`).
    private var readers: ReadConnections?
    /// Set once SQLite reported the file corrupt: nothing more is written.
    private var damage: EngineError?
    /// Set while serving (`serveConcurrently`): how long a write may wait for
    /// its turn and for another process's lock, together.
    private var writeWait: TimeInterval?
    /// Writes pass one at a time while serving, each waiting at most until its deadline.
    private let writeTurn = DispatchSemaphore(value: 1)
    /// When the write of the request being served must have an answer (its
    /// arrival plus the write wait), bound around the request's work.
    @TaskLocal public static var writeDeadline: DispatchTime?
    private let lock = NSLock()
    /// The file `path` named when it was opened.
    let file: FileIdentity?
    /// A second connection for reads split in two (`readBeside`).
    let side = SideConnection()

    private init(path: String, pool: DatabaseQueue) {
        self.path = path
        self.pool = pool
        file = FileIdentity(path)
    }

    /// Opens the state at `path`, creating it with `seed` when it does not exist.
    /// `createDirectory` allows making the missing parent folder (the default location).
    public static func open(path: String, createDirectory: Bool = false,
                            seed: (Database) throws -> Void) throws -> StateStore {
        do {
            if !FileManager.default.fileExists(atPath: path) {
                try create(path: path, createDirectory: createDirectory, seed: seed)
            }
            return try openExisting(path: path)
        } catch let error as EngineError {
            throw error
        } catch {
            // Every refusal names the state in a sentence, never as a bare system error.
            throw failure("cannot open \(path): \(error.localizedDescription) Nothing was changed.")
        }
    }

    static func failure(_ message: String) -> EngineError {
        EngineError(.stateFileUnusable, message)
    }

    static func configuration() -> Configuration {
        _ = processSettings
        var config = Configuration()
        config.busyMode = .timeout(120)
        config.label = "rds-console state"
        config.prepareDatabase { db in
            // A console or a command keeps a compact cache and no memory map (what it reads stays
            // resident otherwise); `serveConcurrently` gives a server the large one.
            try db.execute(sql: Self.compactCache + "; PRAGMA synchronous = NORMAL")
        }
        return config
    }

    /// SQLite's settings for the whole process, made once before its first connection opens (later,
    /// SQLite refuses them and keeps its own): connections take no lock of their own, since each is
    /// used by one thread at a time (GRDB's queue, or the one read a server's read connection
    /// serves), and allocations are not counted under a process-wide lock.
    private static let processSettings: Void = {
        _ = rds_sqlite_config_multithread()
        _ = rds_sqlite_config_no_memstatus()
    }()

    /// 4 MB of page cache, no memory map: a console of a million instances stays under 64 MB
    /// resident, a batch of 28,910 applied included. A larger cache made no key, apply or drill
    /// quicker there (the pages come from the system's file cache), only the process larger.
    static let compactCache = "PRAGMA cache_size = -4096; PRAGMA mmap_size = 0"
    /// The side connection's (`readBeside`): half a megabyte. Its reads run along an index once;
    /// a larger cache made neither half quicker (the fleet's cost at 10,000, DR Readiness at a
    /// million), only a console 6 MB larger once DR Readiness had read beside it.
    static let sideCache = "PRAGMA cache_size = -512"
    /// The whole state of a 100,000-instance fleet in memory between requests, mapped.
    static let serverCache = "PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456"

    private static func openExisting(path: String) throws -> StateStore {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            throw failure("\(path) is a directory, not a state file.")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else {
            throw failure("\(path) is an empty file, not an rds-console state. Remove it or choose another path.")
        }
        try checkHeader(path: path)
        try checkWriteAheadLog(path: path)
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: path), FileManager.default.isWritableFile(atPath: dir) else {
            throw failure("\(path) is read-only: rds-console writes the state file and its -wal and -shm files beside it. Nothing was changed.")
        }
        let pool: DatabaseQueue
        do {
            pool = try DatabaseQueue(path: path, configuration: configuration())
            let migrator = Schema.migrator
            let (done, superseded) = try pool.read {
                (try migrator.hasCompletedMigrations($0), try migrator.hasBeenSuperseded($0))
            }
            if superseded {
                throw failure("\(path) was written by a newer rds-console; upgrade to open it.")
            }
            if !done { try migrator.migrate(pool) }
            _ = try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM meta") }
        } catch let error as DatabaseError {
            throw describe(error, path: path)
        }
        registerOpen(path)
        return StateStore(path: path, pool: pool)
    }

    /// Reads the file's header before SQLite opens it (opening in WAL mode
    /// writes to the header): only an rds-console state goes further.
    private static func checkHeader(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw failure("cannot read \(path): permission denied. Nothing was changed.")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        guard header.count == 100, header.prefix(16) == Data("SQLite format 3\0".utf8) else {
            throw failure("\(path) is corrupt or not a database; it was left untouched. Restore it from a copy or choose another path.")
        }
        let appID = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard Int32(bitPattern: appID) == Schema.applicationID else {
            throw failure("\(path) is an SQLite database but not an rds-console state; it was left untouched.")
        }
    }

    /// Turns SQLite's errors about the file into a sentence about the state.
    static func describe(_ error: DatabaseError, path: String) -> EngineError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return failure("\(path) is damaged (\(error.message ?? "corrupt")); nothing more is written to it. Check it with rds-console status --check, and restore it from a copy.")
        case .SQLITE_READONLY:
            return failure("\(path) is read-only: rds-console needs to write its state there. Nothing was changed.")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return failure("cannot open \(path): \(error.message ?? "permission denied"). Nothing was changed.")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return busy(path)
        case .SQLITE_FULL, .SQLITE_IOERR:
            return failure("cannot write \(path): \(error.message ?? "I/O error"). Nothing was changed.")
        default:
            return failure("state file \(path): \(error.message ?? "\(error)")")
        }
    }

    /// Creates a new state at `path` with `seed`, refusing when anything is
    /// there already (`import`): an existing file is never replaced.
    public static func createNew(path: String, seed: (Database) throws -> Void) throws -> StateStore {
        try refuseExisting(path)
        try build(path: path, createDirectory: false, replacing: false) { queue in
            try Schema.migrator.migrate(queue)
            try queue.write { db in try seed(db) }
        }
        return try openNew(path: path)
    }

    /// Opens a state this process has just linked into place; when that fails,
    /// the new file is unlinked (it is ours: nobody else has written it).
    private static func openNew(path: String) throws -> StateStore {
        do {
            return try openExisting(path: path)
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Copies this state, as of one read transaction, to a new file at `path`
    /// (a drill's rehearsal); refuses when anything is there already. `then`
    /// runs on the copy, in one transaction committed before the copy is linked
    /// into place, so the new file is never seen without it. The copy is a
    /// state of its own: a new identity and a new paging secret.
    public func copy(to path: String, then: (Database) throws -> Void = { _ in }) throws -> StateStore {
        try Self.refuseExisting(path)
        try Self.build(path: path, createDirectory: false, replacing: false) { queue in
            try queue.writeWithoutTransaction { dest in
                try pool.inDatabase { source in try source.backup(to: dest) }
            }
            try queue.write { db in
                try db.execute(sql: """
                    UPDATE meta SET text = lower(hex(randomblob(16))) WHERE key = 'state_id';
                    UPDATE meta SET text = \(PageTokenSecret.newValueSQL) WHERE key = '\(PageTokenSecret.key)'
                    """)
                try then(db)
            }
        }
        return try Self.openNew(path: path)
    }

    private static func refuseExisting(_ path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            throw failure("\(path) already exists\(isDir.boolValue ? " (a folder)" : ""); choose a new path. Nothing was written.")
        }
    }

    private static func create(path: String, createDirectory: Bool, seed: (Database) throws -> Void) throws {
        try build(path: path, createDirectory: createDirectory, replacing: true) { queue in
            try Schema.migrator.migrate(queue)
            try queue.write { db in try seed(db) }
        }
    }

    /// Makes a state file beside `path` under a temporary name, fills it, and
    /// links it into place. link() never replaces: when another process made
    /// `path` meanwhile, theirs wins (`replacing`: open theirs) or this fails.
    /// A `-wal` or `-shm` already beside `path` is refused before anything is
    /// linked (SQLite would fold a leftover log into the new file), and a new
    /// file that cannot then be opened is unlinked again: a refusal leaves
    /// nothing behind.
    private static func build(path: String, createDirectory: Bool, replacing: Bool,
                              fill: (DatabaseQueue) throws -> Void) throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        if !fm.fileExists(atPath: dir, isDirectory: &isDir) {
            guard createDirectory else {
                throw failure("the folder \(dir) does not exist; create it first or choose another path.")
            }
            do {
                try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw failure("cannot create the folder \(dir): \(error.localizedDescription)")
            }
        } else if !isDir.boolValue {
            throw failure("\(dir) is not a folder.")
        }
        guard try mayLink(path, replacing: replacing) else { return }
        sweepAbandonedBuilds(in: dir, of: url.lastPathComponent)
        let temp = dir + "/" + buildPrefix(of: url.lastPathComponent) + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: temp + suffix) }
        }
        do {
            let queue = try DatabaseQueue(path: temp, configuration: configuration())
            // A file nobody else sees yet, thrown away on failure: filled with its rollback journal in
            // memory and a big page cache (a million instances write every page once, not twice
            // through a log), then put in WAL mode before it is linked into place.
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: """
                    PRAGMA journal_mode = MEMORY; PRAGMA cache_size = -\(Self.buildCacheKiB);
                    PRAGMA application_id = \(Schema.applicationID)
                    """)
            }
            try fill(queue)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA cache_size = -2000; PRAGMA journal_mode = WAL; PRAGMA wal_checkpoint(TRUNCATE)")
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw describe(error, path: temp)
        }
        // The last look before the link: a leftover made meanwhile is refused too.
        guard try mayLink(path, replacing: replacing) else { return }
        if link(temp, path) != 0 {
            let e = errno
            if e == EEXIST && replacing { return }
            throw failure(e == EEXIST ? "\(path) already exists; choose a new path. Nothing was written."
                                      : "cannot create \(path): \(String(cString: strerror(e))).")
        }
    }

    /// The page cache while a new state is filled, in KiB.
    static let buildCacheKiB = 64 * 1024

    /// `.NAME.creating-PID-RANDOM`: a state being built beside NAME by process PID.
    private static func buildPrefix(of name: String) -> String { ".\(name).creating-" }

    /// Whether a new state may be linked at `path`: false when another process
    /// made it meanwhile and `replacing` says to open theirs; a refusal when
    /// it exists otherwise, or when a `-wal` or `-shm` of that name is already
    /// there (another file's, or a dead process's: the new state would open with it).
    private static func mayLink(_ path: String, replacing: Bool) throws -> Bool {
        if FileManager.default.fileExists(atPath: path) {
            if replacing { return false }
            throw failure("\(path) already exists; choose a new path. Nothing was written.")
        }
        try refuseLeftovers(beside: path)
        return true
    }

    private static func refuseLeftovers(beside path: String) throws {
        let present = ["-wal", "-shm"].map { path + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
        guard !present.isEmpty else { return }
        throw failure("\(present.joined(separator: " and ")) \(present.count == 1 ? "is" : "are") already beside \(path), left by another file of that name: SQLite would fold \(present.count == 1 ? "it" : "them") into the new state. Remove \(present.count == 1 ? "it" : "them") if no process uses \(path), or choose another path. Nothing was written.")
    }

    /// Removes the half-built states that processes which no longer run left
    /// beside `name` (killed while building); a live process's build is its own.
    private static func sweepAbandonedBuilds(in dir: String, of name: String) {
        let prefix = buildPrefix(of: name)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let pid = rest.split(separator: "-").first.flatMap({ Int32($0) }), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: dir + "/" + entry)
        }
    }

    /// One read transaction (DEFERRED: in WAL mode it never waits for a writer).
    /// Public for the tables the state file keeps for others (the server's
    /// access keys and used nonces): they are not the engine's state and
    /// never move its generation.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        let readers = self.readers
        lock.unlock()
        guard let readers else { return try transaction(on: pool, begin: "BEGIN DEFERRED", body) }
        return try readers.with { try transaction(on: $0, begin: "BEGIN DEFERRED", body) }
    }

    /// One write transaction (IMMEDIATE: it waits for other writers, as long
    /// as the busy wait allows; then it fails with `ServiceUnavailable`).
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        let (damage, writeWait) = (self.damage, self.writeWait)
        lock.unlock()
        if let damage { throw damage }
        guard let writeWait else { return try transaction(on: pool, begin: "BEGIN IMMEDIATE", body) }
        // Serving: the wait for this process's other writes and for another
        // process's lock share one deadline, so every write answers in time.
        let deadline = Self.writeDeadline ?? .now() + writeWait
        guard writeTurn.wait(timeout: deadline) == .success else { throw busy() }
        defer { writeTurn.signal() }
        let now = DispatchTime.now()
        guard now < deadline else { throw busy() }
        let left = (deadline.uptimeNanoseconds - now.uptimeNanoseconds) / 1_000_000
        return try transaction(on: pool, begin: "BEGIN IMMEDIATE", busyTimeoutMilliseconds: max(1, left), body)
    }

    private func busy() -> EngineError { Self.busy(path) }

    static func busy(_ path: String) -> EngineError {
        EngineError(.serviceUnavailable, "Another process has held the write lock of \(path) too long; nothing was changed. Try again.")
    }

    /// `body` between BEGIN and COMMIT, rolled back whole when it throws. The
    /// statements are prepared once per connection: a request costs its own
    /// queries, not the re-parsing of its transaction's frame.
    func transaction<T>(on queue: DatabaseQueue, begin: String, busyTimeoutMilliseconds: UInt64? = nil,
                                _ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.inDatabase { db in
                if let ms = busyTimeoutMilliseconds { try db.execute(sql: "PRAGMA busy_timeout = \(ms)") }
                try db.cachedStatement(sql: begin).execute()
                do {
                    let result = try body(db)
                    try db.cachedStatement(sql: "COMMIT").execute()
                    return result
                } catch {
                    if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK").execute() }
                    throw error
                }
            }
        } catch let error as DatabaseError {
            let described = Self.describe(error, path: path)
            if error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
                lock.lock()
                damage = damage ?? described
                lock.unlock()
            }
            throw described
        }
    }
}

extension StateStore {
    /// For a long-running server: reads go through read-only connections of
    /// their own (they never wait for a writer, in this process or another;
    /// up to `readers` of them run at once), and a write waits at most
    /// `writeWait` seconds for another process's lock before answering
    /// `ServiceUnavailable` (503).
    public func serveConcurrently(writeWait: TimeInterval, readers count: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        var config = Self.configuration()
        config.readonly = true
        config.label = "rds-console state (reads)"
        config.prepareDatabase { db in try db.execute(sql: Self.serverCache) }
        let path = self.path
        let readers: ReadConnections
        do {
            readers = ReadConnections(first: try DatabaseQueue(path: path, configuration: config), limit: count) {
                do {
                    return try DatabaseQueue(path: path, configuration: config)
                } catch let error as DatabaseError {
                    throw Self.describe(error, path: path)
                }
            }
            try pool.writeWithoutTransaction { db in try db.execute(sql: Self.serverCache) }
        } catch let error as DatabaseError {
            throw Self.describe(error, path: path)
        }
        lock.lock()
        self.readers = readers
        self.writeWait = writeWait
        lock.unlock()
    }

    /// How long a served write may wait (nil when not serving).
    public var servedWriteWait: TimeInterval? {
        lock.lock()
        defer { lock.unlock() }
        return writeWait
    }

    /// What SQLite's own check finds wrong with the file, or nothing
    /// (`quick`: the faster `quick_check`, which skips index contents).
    public func integrityProblems(quick: Bool = false) throws -> [String] {
        let lines: [String]
        do {
            lines = try read { db in try String.fetchAll(db, sql: quick ? "PRAGMA quick_check(20)" : "PRAGMA integrity_check(20)") }
        } catch let e as EngineError where e.code == .stateFileUnusable {
            return [e.explanation]  // SQLite gave up: "database disk image is malformed"
        }
        return lines == ["ok"] ? [] : lines.flatMap { $0.split(separator: "\n").map(String.init) }
    }
}

extension StateStore {
    /// Folds the write-ahead log into the main file (so its size is the state's size), waiting
    /// for other processes' readers as long as the busy wait allows.
    public func checkpoint() throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// `checkpoint()` without waiting for anyone (a console quitting while `serve` answers on the
    /// same state): what no other process is reading is folded in, and the log is emptied when
    /// nobody reads it.
    public func checkpointWithoutWaiting() throws {
        try pool.writeWithoutTransaction { db in
            let wait = try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? 0
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(wait)") }
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}

extension StateStore {
    /// How often a console's second connection folds the log in (see `checkpointInBackground`).
    /// A checkpoint at the commit of a batch of 8,193 instances in a 100,000-instance state
    /// was about 60 ms of its apply.
    public static let consoleCheckpointInterval: TimeInterval = 0.5

    /// For a long-running process (a server, a console): this connection stops folding the
    /// write-ahead log into the file at commit time (a request, or a key, would wait for
    /// it), and a second connection does it every `interval` seconds in the
    /// background, without blocking readers or writers (PASSIVE). Other
    /// processes on the state keep checkpointing as usual; `checkpoint()` (or, not waiting for
    /// other processes, `checkpointWithoutWaiting()`) folds it in at the end.
    public func checkpointInBackground(every interval: TimeInterval = 0.05) throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        let checkpointer = try DatabaseQueue(path: path, configuration: Self.configuration())
        let thread = Thread {
            while true {
                Thread.sleep(forTimeInterval: interval)
                try? checkpointer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
            }
        }
        thread.name = "checkpoint"
        thread.start()
    }
}
