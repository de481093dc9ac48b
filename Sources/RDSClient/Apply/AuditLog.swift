import CrossRegionEngine
import Foundation

/// The append-only record of what `apply` did to an account, beside the state
/// (`STATE.audit.jsonl`): one JSON object a line — time, action, instance,
/// parameters, RequestId, result — each written and flushed to the disk
/// before the next step, so a kill leaves every line that happened.
public final class AuditLog: @unchecked Sendable {
    /// What became of one step.
    public enum Result: String, Sendable {
        /// About to be sent (written before the call leaves).
        case sending
        /// The account took the change.
        case applied
        /// The account already held the planned values (an earlier, interrupted apply sent it).
        case alreadyApplied = "already-applied"
        /// The account's policy changed since the pull; left alone.
        case drifted
        /// The account's flow control refused the call before acting on it: read again and sent again.
        case throttled
        /// The account refused the change.
        case refused
        /// No answer came (the network, a timeout): the next apply reads the instance again.
        case unanswered
        /// A call sent before an interruption (its `sending` line has no answer) did not reach the
        /// account: the instance still holds what was pulled, so it is sent again.
        case notReceived = "not-received"
    }

    public struct Entry: Sendable {
        public var action: String
        public var instanceID: String
        public var parameters: [String: String]
        public var requestID: String?
        public var result: Result
        public var detail: String?

        public init(action: String, instanceID: String, parameters: [String: String] = [:], requestID: String? = nil,
                    result: Result, detail: String? = nil) {
            self.action = action
            self.instanceID = instanceID
            self.parameters = parameters
            self.requestID = requestID
            self.result = result
            self.detail = detail
        }
    }

    public let path: String
    private let fd: Int32
    private let lock = NSLock()

    /// Opens (or creates, owner-only) the log to append to. A file that is not
    /// such a log is refused, never written.
    public init(path: String) throws(EngineError) {
        self.path = path
        if let existing = FileManager.default.contents(atPath: path), !existing.isEmpty {
            let firstLine = existing.prefix { $0 != UInt8(ascii: "\n") }
            guard let object = try? JSONSerialization.jsonObject(with: firstLine) as? [String: Any],
                  object[Key.action] is String, object[Key.result] is String else {
                throw EngineError(.invalidAuditLog,
                                  "\(path) exists and is not an apply audit log (JSON lines with Action and Result); it was not written. Move it away.")
            }
        }
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw EngineError(.invalidAuditLog, "Cannot open \(path): \(String(cString: strerror(errno))).")
        }
        // One apply at a time per state: two would read the same plan and send it twice.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw EngineError(.applyRunning, "Another apply of this state is running (it holds \(path)); wait for it to finish.")
        }
    }

    deinit { close(fd) }

    enum Key {
        static let time = "Time", action = "Action", instance = "DBInstanceId", parameters = "Parameters"
        static let requestID = "RequestId", result = "Result", detail = "Detail"
    }

    /// Appends one line and flushes it to the disk.
    public func append(_ entry: Entry) throws(EngineError) {
        var fields: [JSON.Field] = [
            .init(Key.time, .string(UTCTime.format(Seconds(Date().timeIntervalSince1970)))),
            .init(Key.action, .string(entry.action)), .init(Key.instance, .string(entry.instanceID)),
            .init(Key.parameters, .object(entry.parameters.sorted { $0.key < $1.key }.map { .init($0.key, .string($0.value)) })),
        ]
        if let id = entry.requestID { fields.append(.init(Key.requestID, .string(id))) }
        fields.append(.init(Key.result, .string(entry.result.rawValue)))
        if let detail = entry.detail { fields.append(.init(Key.detail, .string(detail))) }
        let line = Array((JSON.object(fields).compact() + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(fd) == 0 else {
            throw EngineError(.auditLogUnwritable, "Cannot append to \(path): \(String(cString: strerror(errno))). Nothing more is sent.")
        }
    }

    /// The instances whose last line is a `sending` with no answer: an apply was interrupted mid-call.
    public static func interrupted(at path: String) -> Set<String> {
        var last: [String: String] = [:]
        for line in entries(at: path) {
            if let id = line[Key.instance] as? String, let result = line[Key.result] as? String { last[id] = result }
        }
        return Set(last.filter { $0.value == Result.sending.rawValue }.keys)
    }

    /// The lines of a log, as objects (for reading it back).
    public static func entries(at path: String) -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }
}
