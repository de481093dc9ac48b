import ArgumentParser
import CrossRegionEngine
import Foundation

/// `rds-console import FILE... --state NEW`: a new state whose fleet mirrors
/// the JSON answers a user saved from the aliyun CLI or an SDK (see `FleetAnswers`).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new state from saved DescribeDBInstances pages (and optionally DescribeDBInstanceAttribute, DescribeInstanceCrossBackupPolicy and DescribeDBInstanceTDE answers).",
        discussion: """
            Each FILE holds one JSON answer or an array of them; a DescribeDBInstances answer may be the whole \
            response or its Items.DBInstance array. A DescribeDBInstanceTDE answer names no instance: add a \
            DBInstanceId field to it or put the instance ID in the file's name. The new state's clock is --at \
            (default now) with no history before it: enabled policies start their first copy then. \
            An existing file is never replaced; a file that cannot be read is refused with its JSON path, \
            and nothing is created.
            """)

    @Argument(help: ArgumentHelp("The saved answers (JSON).", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("The new state file; must not exist.", valueName: "path"))
    var state: String

    @Option(help: ArgumentHelp("The new state's clock (default: now).", valueName: "time"))
    var at: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one FILE to import.") }
        if let at, UTCTime.parse(at) == nil {
            throw ValidationError("--at: \"\(at)\" is not a time; write it as 2026-10-04T00:00:00Z.")
        }
    }

    func run() throws {
        let time = at.flatMap(UTCTime.parse) ?? Seconds(Date().timeIntervalSince1970)
        let report: ImportReport
        do {
            let answers = try FleetAnswers.read(files: files)
            report = try Engine.importFleet(answers, into: state, at: time)
        } catch let e as ImportError {
            FileHandle.standardError.write(Data("error: \(e) Nothing was created.\n".escapingControls.utf8))
            throw ExitCode(1)
        } catch {
            throw fail(error)
        }
        printLine(json ? Self.json(report).pretty() : Self.text(report).escapingControls)
    }

    static func text(_ r: ImportReport) -> String {
        var out = "Created \(r.path) at \(UTCTime.format(r.at)): \(r.imported.count) instances imported, "
            + "\(r.enabled.count) with cross-region backup on, \(r.skipped.count) skipped."
        if !r.skipped.isEmpty {
            out += "\n\nSkipped:\n" + Table.render(header: ["INSTANCE", "FROM", "REASON"],
                                                    rows: r.skipped.map { [$0.id, $0.origin.description, $0.reason] })
        }
        if !r.notes.isEmpty { out += "\n\nNotes:\n" + r.notes.map { "- " + $0 }.joined(separator: "\n") }
        if !r.withHistory.isEmpty {
            out += "\n\nThe cross-region files of \(r.withHistory.count) instance(s) were listed: their history is rebuilt from them."
        }
        let fresh = Set(r.enabled).subtracting(r.withHistory).count
        if fresh > 0 {
            out += "\n\n\(fresh) instance(s) with backup on have no listed files, so no history before \(UTCTime.format(r.at)): "
                + "their first copy starts now. Advance the clock (rds-console clock advance 1d --state \(r.path)) before a drill."
        }
        return out
    }

    static func json(_ r: ImportReport) -> JSON {
        .object([.init("State", .string(r.path)), .init("At", .string(UTCTime.format(r.at))),
                 .init("Imported", .array(r.imported.map { .string($0) })), .init("Enabled", .array(r.enabled.map { .string($0) })),
                 .init("Skipped", .array(r.skipped.map { s in
                     .object([.init("DBInstanceId", .string(s.id)), .init("File", .string(s.origin.file)),
                              .init("Path", .string(s.origin.path)), .init("Reason", .string(s.reason))])
                 })),
                 .init("Notes", .array(r.notes.map { .string($0) }))])
    }
}
