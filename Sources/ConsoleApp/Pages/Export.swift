import CrossRegionEngine
import Foundation

/// `x`: every row a list shows (its filter and order applied, not only the
/// screen), written to a new CSV or JSON file. An existing file is never
/// overwritten.
enum Export {
    /// The prompt for exporting `ids` (a list's rows, in order), named after the list.
    static func prompt(ids: ShownIDs, name: String, _ ctx: ConsoleContext) -> PromptSpec {
        filePrompt(title: "Export \(Format.count(ids.count)) rows", what: "Every row the filter shows",
                   initial: freeName("\(name)-\(ctx.region ?? "all-regions")", ext: "csv")) { url, ctx in
            .start(try ExportJob(ids: ids, to: url, ctx))
        }
    }

    /// `base.ext` in the working directory, or the first of `base-2.ext`, `base-3.ext`, … that does not exist.
    static func freeName(_ base: String, ext: String) -> String {
        let fm = FileManager.default
        var n = 1
        while true {
            let name = n == 1 ? "\(base).\(ext)" : "\(base)-\(n).\(ext)"
            if !fm.fileExists(atPath: name) || n >= 10_000 { return name }
            n += 1
        }
    }

    /// The prompt for exporting a drill's report: its CSV, or its JSON when the name ends in .json.
    static func prompt(report: DrillReport) -> PromptSpec {
        filePrompt(title: "Export the drill of \(report.region)", what: "Every instance of the report",
                   initial: freeName("drill-\(report.region)-\(UTCTime.format(report.at).replacingOccurrences(of: ":", with: ""))", ext: "csv")) { url, _ in
            guard !FileManager.default.fileExists(atPath: url.path) else { throw exists(url) }
            try writeNew(url.pathExtension.lowercased() == "json" ? report.json.pretty() + "\n" : report.csv, to: url)
            return .all([.close, .say("Exported \(Format.count(report.rows.count)) rows to \(url.path).", error: false)])
        }
    }

    /// A prompt for a new file's name; `write` writes it (or starts the job that does) and answers what follows.
    private static func filePrompt(title: String, what: String, initial: String,
                                   write: @escaping @Sendable (URL, ConsoleContext) throws -> Outcome) -> PromptSpec {
        PromptSpec(
            title: title, width: 70,
            lines: ["\(what), as CSV, or JSON when the name ends in .json. An existing file is not overwritten."],
            label: "File:", fieldWidth: 60, maxLength: 400,
            submit: { path, ctx in
                return try write(URL(fileURLWithPath: (path as NSString).expandingTildeInPath), ctx)
            },
            done: { _ in "" },
            initial: initial, changesState: false)
    }

    static func exists(_ url: URL) -> PromptRefusal {
        PromptRefusal("\(url.path) exists already: choose a new name (nothing is overwritten).")
    }

    /// Creates `url` with `text`; refuses when anything is there. A write that
    /// fails part-way (a full disk, a quota) removes what it wrote and says why:
    /// a truncated export is never left to be read as a whole one.
    static func writeNew(_ text: String, to url: URL) throws {
        // O_EXCL: a file made meanwhile by someone else is not ours to write.
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PromptRefusal("cannot create \(url.path): \(String(cString: strerror(errno))).")
        }
        var failure = writeAll(fd, Array(text.utf8))
        if failure == nil && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == nil { failure = errno }
        guard let failure else { return }
        unlink(url.path)
        throw failed(url, failure)
    }

    /// Writes all of `bytes` to `fd`; the errno of a failure (ENOSPC for a write of nothing).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { bytes -> Int32? in
            var done = 0
            while done < bytes.count {
                let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 && errno == EINTR { continue }
                // A short write sets no errno: the next one says why; a write of nothing means no room.
                if n <= 0 { return n < 0 ? errno : ENOSPC }
                done += n
            }
            return nil
        }
    }

    /// Why writing `url` failed; the partial file is gone by then.
    static func failed(_ url: URL, _ failure: Int32) -> PromptRefusal {
        PromptRefusal(failure == ENOSPC || failure == EDQUOT
            ? "the disk is full: \(url.path) was not written (the partial file was removed)."
            : "writing \(url.path) failed: \(String(cString: strerror(failure))) (the partial file was removed).")
    }

    /// One record as a line of the JSON array, through the engine's JSON writer; numbers and switches typed.
    static func jsonLine(_ r: [String]) -> String {
        JSON.object(zip(ExportRows.columns, r).map { key, v in
            let value: JSON
            switch key {
            case "BackupEnabled", "LogBackupEnabled": value = .bool(v == "true")
            case "RetentionDays", "RetainedBytes", "AccruedUSD", "Next30dUSD": value = Int64(v).map(JSON.int) ?? Double(v).map(JSON.double) ?? .null
            default: value = .string(v)
            }
            return JSON.Field(key, value)
        }).compact()
    }
}
