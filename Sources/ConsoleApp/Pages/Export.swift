import CrossRegionEngine
import Foundation

/// `x`: every row a list shows (its filter and order applied, not only the
/// screen), written to a new CSV or JSON file. An existing file is never
/// overwritten.
enum Export {
    static let columns = ["InstanceId", "Description", "Region", "Status", "Engine", "EngineVersion", "Zone",
                          "BackupEnabled", "BackupRegion", "RetentionDays", "LogBackupEnabled", "RetainedBytes",
                          "AccruedUSD", "Next30dUSD"]

    /// The prompt for exporting `ids` (a list's rows, in order), named after the list.
    static func prompt(ids: [String], name: String, _ ctx: ConsoleContext) -> PromptSpec {
        filePrompt(title: "Export \(ids.count) rows", what: "Every row the filter shows",
                   initial: "\(name)-\(ctx.region ?? "all-regions").csv") { url, ctx in try write(ids: ids, to: url, ctx) }
    }

    /// The prompt for exporting a drill's report: its CSV, or its JSON when the name ends in .json.
    static func prompt(report: DrillReport) -> PromptSpec {
        filePrompt(title: "Export the drill of \(report.region)", what: "Every instance of the report",
                   initial: "drill-\(report.region)-\(UTCTime.format(report.at).replacingOccurrences(of: ":", with: "")).csv") { url, _ in
            guard !FileManager.default.fileExists(atPath: url.path) else { throw exists(url) }
            try writeNew(url.pathExtension.lowercased() == "json" ? report.json.pretty() + "\n" : report.csv, to: url)
            return report.rows.count
        }
    }

    /// A prompt for a new file's name; `write` writes it and answers how many rows it holds.
    private static func filePrompt(title: String, what: String, initial: String,
                                   write: @escaping @Sendable (URL, ConsoleContext) throws -> Int) -> PromptSpec {
        PromptSpec(
            title: title, width: 70,
            lines: ["\(what), as CSV, or JSON when the name ends in .json. An existing file is not overwritten."],
            label: "File:", fieldWidth: 60, maxLength: 400,
            submit: { path, ctx in
                let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
                let n = try write(url, ctx)
                return .all([.close, .say("Exported \(Format.count(n)) rows to \(url.path).", error: false)])
            },
            done: { _ in "" },
            initial: initial, changesState: false)
    }

    static func exists(_ url: URL) -> PromptRefusal {
        PromptRefusal("\(url.path) exists already: choose a new name (nothing is overwritten).")
    }

    /// Writes the rows; returns how many. Refuses a path that exists.
    static func write(ids: [String], to url: URL, _ ctx: ConsoleContext) throws -> Int {
        guard !FileManager.default.fileExists(atPath: url.path) else { throw exists(url) }
        let now = try ctx.state.now()
        var records: [[String: String]] = []
        records.reserveCapacity(ids.count)
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let chunk = Array(ids[start..<min(ids.count, start + 1000)])
            let found = Dictionary(try ctx.state.instances(ids: chunk).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let costs = try ctx.state.costs(instanceIDs: chunk)
            for id in chunk {
                guard let i = found[id] else { continue }
                let c = costs[id]
                records.append([
                    "InstanceId": i.id, "Description": i.description, "Region": i.regionID,
                    "Status": i.status(at: now).rawValue, "Engine": i.engine, "EngineVersion": i.engineVersion,
                    "Zone": i.zoneID, "BackupEnabled": i.backupEnabled ? "true" : "false",
                    "BackupRegion": i.backupRegion ?? "", "RetentionDays": String(i.retentionDays),
                    "LogBackupEnabled": i.logBackupEnabled ? "true" : "false",
                    "RetainedBytes": c.map { String($0.retainedBytes) } ?? "0",
                    "AccruedUSD": c.map { String(format: "%.2f", $0.accruedUSD) } ?? "0.00",
                    "Next30dUSD": c.map { String(format: "%.2f", $0.projected30dUSD) } ?? "0.00",
                ])
            }
        }
        try writeNew(url.pathExtension.lowercased() == "json" ? json(records) : csv(records), to: url)
        return records.count
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
        var failure = Array(text.utf8).withUnsafeBytes { bytes -> Int32? in
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
        if failure == nil && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == nil { failure = errno }
        guard let failure else { return }
        unlink(url.path)
        throw PromptRefusal(failure == ENOSPC || failure == EDQUOT
            ? "the disk is full: \(url.path) was not written (the partial file was removed)."
            : "writing \(url.path) failed: \(String(cString: strerror(failure))) (the partial file was removed).")
    }

    static func csv(_ records: [[String: String]]) -> String {
        ([CSV.line(columns)] + records.map { r in CSV.line(columns.map { r[$0] ?? "" }) }).joined(separator: "\n") + "\n"
    }

    /// One record a line, through the engine's JSON writer; numbers and switches typed.
    static func json(_ records: [[String: String]]) -> String {
        let numeric: Set<String> = ["RetentionDays", "RetainedBytes", "AccruedUSD", "Next30dUSD"]
        let boolean: Set<String> = ["BackupEnabled", "LogBackupEnabled"]
        func value(_ key: String, _ v: String) -> JSON {
            if boolean.contains(key) { return .bool(v == "true") }
            if numeric.contains(key) { return Int64(v).map(JSON.int) ?? Double(v).map(JSON.double) ?? .null }
            return .string(v)
        }
        let rows = records.map { r in "  " + JSON.object(columns.map { JSON.Field($0, value($0, r[$0] ?? "")) }).compact() }
        return "[\n" + rows.joined(separator: ",\n") + "\n]\n"
    }
}
