import CrossRegionEngine
import Foundation

/// `x` on a list: its rows written to a new file a thousand at a time,
/// read in one question per step (`ExportRowsQuery`: the rows' values, costs included). The rows go
/// to a hidden file beside the target, which becomes the target only when
/// whole (a hard link, refused if a file of that name appeared meanwhile);
/// stopped or failed, the hidden file is removed: never a partial export.
final class ExportJob: Job {
    let ids: ShownIDs
    let target: URL
    private let state: any StateAccess
    private let json: Bool
    private let now: Seconds
    private var fd: Int32
    private let hidden: String
    /// IDs asked so far, and rows written (an ID that no longer answers writes none).
    private var done = 0
    private var written = 0
    /// Bytes written since the file was last given to the disk: given as they pass `flushEvery`, on
    /// a thread of its own (`BackgroundFlush`), so that the last step's flush is a few megabytes, not
    /// the whole file (110 MB at a million rows, 60 ms), and no step waits for a busy disk.
    private var unflushed = 0
    private let flushEvery: Int
    private var flusher: BackgroundFlush?

    /// Rows a step reads and writes (100 to 5,000, from 250: the first step is part of the
    /// key's frame, which then draws in 4 ms at 1,000,000 instances, not 10).
    private var stepSize: StepSize

    /// `stepRows` given: every step takes that many (tests); else the size follows the time steps take.
    /// `flushEvery`: the bytes between two flushes to the disk.
    init(ids: ShownIDs, to target: URL, _ ctx: ConsoleContext, stepRows: Int? = nil, flushEvery: Int = 4 << 20) throws {
        stepSize = StepSize(fixed: stepRows, start: 250, bounds: 100...5_000)
        self.flushEvery = max(1, flushEvery)
        guard !FileManager.default.fileExists(atPath: target.path) else { throw Export.exists(target) }
        self.ids = ids
        self.target = target
        state = ctx.state
        json = target.pathExtension.lowercased() == "json"
        now = try ctx.state.now()
        var template = Array((target.deletingLastPathComponent().path + "/." + target.lastPathComponent + ".XXXXXX").utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw PromptRefusal("cannot create \(target.path): \(String(cString: strerror(errno))).") }
        hidden = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        flusher = BackgroundFlush(fd)
        try write(json ? "[\n" : CSV.line(ExportRows.columns) + "\n")
    }

    var progress: String {
        "Exporting \(Format.count(done)) of \(Format.count(ids.count)) rows to \(target.lastPathComponent)…"
    }

    func step() throws -> Outcome? {
        if done < ids.count {
            let began = Date()
            let chunk = Array(ids[done..<min(ids.count, done + stepSize.count)])
            var bytes: [UInt8] = []
            let rows = try state.ask(ExportRowsQuery(ids: chunk, at: now))
            for i in 0..<rows.count {
                if json {
                    bytes += ((written == 0 ? "  " : ",\n  ") + Export.jsonLine(Array(rows.row(i)))).utf8
                } else {
                    CSV.append(line: rows.row(i), to: &bytes)
                }
                written += 1
            }
            try write(bytes)
            done += chunk.count
            stepSize.took(Date().timeIntervalSince(began))
            if done < ids.count { return nil }
        }
        try write(json ? (written == 0 ? "]\n" : "\n]\n") : "")
        try finish()
        return .all([.close, .say("Exported \(Format.count(written)) rows to \(target.path).", error: false)])
    }

    func cancel() -> Outcome {
        discard()
        return .all([.close, .say("Export stopped at \(Format.count(done)) of \(Format.count(ids.count)) rows: nothing was written.",
                                  error: false)])
    }

    private func write(_ text: String) throws { try write(Array(text.utf8)) }

    private func write(_ bytes: [UInt8]) throws {
        if let failure = Export.writeAll(fd, bytes) { throw fail(failure) }
        if let failure = flusher?.failure { throw fail(failure) }
        unflushed += bytes.count
        if unflushed >= flushEvery, flusher?.start() != false {
            unflushed = 0
        }
    }

    /// Flushed, closed, and linked to its name: refused if that name was taken meanwhile.
    private func finish() throws {
        // The last flush waits for the one under way, if any: both are the file's whole.
        if let failure = flusher?.finish() { throw fail(failure) }
        flusher = nil
        if fsync(fd) != 0 { throw fail(errno) }
        let closed = close(fd)
        fd = -1
        if closed != 0 { throw fail(errno) }
        guard link(hidden, target.path) == 0 else {
            let e = errno
            discard()
            throw e == EEXIST ? Export.exists(target) : PromptRefusal("cannot create \(target.path): \(String(cString: strerror(e))).")
        }
        unlink(hidden)
    }

    private func fail(_ failure: Int32) -> PromptRefusal {
        discard()
        return Export.failed(target, failure)
    }

    private func discard() {
        flusher?.abandon()  // its own descriptor closes when its flush ends: nothing waits here
        flusher = nil
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(hidden)
    }

    deinit { if fd >= 0 { discard() } }
}
