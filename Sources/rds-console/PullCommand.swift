import ArgumentParser
import CrossRegionEngine
import Foundation
import OpenAPIAuth
import RDSClient

/// `rds-console pull --state NEW`: a new state that mirrors your account,
/// read through the OpenAPI only and built by `import`'s own path.
struct Pull: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new state from your account, read through the OpenAPI only (nothing is written to the account).",
        discussion: """
            The credential is found as `rds-console account` says. Each answer is saved beside NEW (NEW.pull/) as it \
            comes: an interrupted pull (Ctrl-C, a lost network, kill -9) continues with --resume and makes no call twice. \
            The new state's clock is when the pull began; each instance's cross-region files rebuild its history.
            """)

    @Option(help: ArgumentHelp("The new state file; must not exist.", valueName: "path"))
    var state: String

    @OptionGroup var account: AccountOptions

    @Option(help: ArgumentHelp("The regions to read, comma-separated (default: every region rds-console models).", valueName: "ids"))
    var regions: String?

    @Option(help: ArgumentHelp("Calls a second at most (the account's flow control counts every key of it).", valueName: "n"))
    var rate = 10

    @Flag(help: "Continue an interrupted pull from the answers it saved.")
    var resume = false

    @Flag(help: "Print a summary as JSON.")
    var json = false

    var regionList: [String] { regions.map { $0.split(separator: ",").map { $0.trimmingSpaces() } } ?? Region.all.map(\.id) }
    var folder: String { state + ".pull" }

    func validate() throws {
        for r in regionList where Region.named(r) == nil {
            throw ValidationError("--regions: \"\(r.prefix(100))\" is not a region rds-console knows (\(Region.all.map(\.id).joined(separator: ", "))).")
        }
        guard (1...1000).contains(rate) else { throw ValidationError("--rate must be 1 to 1000 calls a second.") }
    }

    func run() throws {
        guard !FileManager.default.fileExists(atPath: state) else {
            printError("error: \(state) already exists; pull creates a new state. Choose another --state.")
            throw ExitCode(1)
        }
        if FileManager.default.fileExists(atPath: folder) && !resume {
            printError("error: \(folder) holds the answers of an interrupted pull: add --resume to continue from them, or remove it to start again.")
            throw ExitCode(1)
        }
        let credential = try account.credential()
        let account = self.account, caFile = account.caFile
        let showProgress = isatty(STDERR_FILENO) == 1 && !json
        let pull = AccountPull(folder: folder, rate: rate, clientFor: { region throws(EngineError) in
            try OpenAPIClient(endpoint: account.address(for: region), credential: credential, caFile: caFile)
        }, report: { p in
            guard showProgress else { return }
            let rate = p.seconds > 0 ? Double(p.calls) / p.seconds : 0
            let left = max(0, p.known - p.calls)
            let eta = rate > 0 ? String(format: ", about %.0f s left", Double(left) / rate) : ""
            FileHandle.standardError.write(Data(String(format: "\r\u{1B}[K%@: %d of %d calls known so far, %.1f a second%@",
                                                       p.region, p.calls, p.known, rate, eta).utf8))
        })
        let started = Date()
        let report: ImportReport
        do {
            let files = try pull.run(regions: regionList)
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            // The state is the account as the pull began to read it: every answer is of that moment or
            // later, and what a later answer shows (a copy that completed meanwhile) comes by itself as the
            // clock moves on. (An instance created during the pull is after the clock: skipped, and said.)
            report = try Engine.importFleet(try FleetAnswers.read(files: files), into: state, at: Seconds(started.timeIntervalSince1970))
            try Engine.open(path: state).recordPull(PullOrigin(account: PullOrigin.account(ofKey: credential.accessKeyID),
                                                               profile: account.profile, endpoint: account.endpoint ?? PullOrigin.regionalEndpoints,
                                                               at: Seconds(started.timeIntervalSince1970)))
            try? FileManager.default.removeItem(atPath: folder)
        } catch let e as ImportError {
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            printError("error: \(e) Nothing was created; the answers are kept in \(folder).".escapingControls)
            throw ExitCode(1)
        } catch {
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            printError("error: \((error as? EngineError)?.message ?? "\(error)") The answers so far are kept in \(folder): run the same command with --resume to continue.".escapingControls)
            throw ExitCode(1)
        }
        let seconds = Date().timeIntervalSince(started)
        if json {
            printLine(JSON.object([
                .init("State", .string(state)), .init("Account", .string(PullOrigin.account(ofKey: credential.accessKeyID))),
                .init("Calls", .int(Int64(pull.calls))), .init("Seconds", .double((seconds * 10).rounded() / 10)),
                .init("Imported", .int(Int64(report.imported.count))), .init("Enabled", .int(Int64(report.enabled.count))),
                .init("Skipped", .int(Int64(report.skipped.count))),
                .init("RegionsNotServed", .array(pull.unservedRegions.map { .string($0) })),
            ]).pretty())
            return
        }
        printLine("Pulled \(credential.kind) \(PullOrigin.account(ofKey: credential.accessKeyID))'s fleet in \(String(format: "%.1f", seconds)) s, \(pull.calls) calls.")
        if !pull.unservedRegions.isEmpty {
            printLine("The account answered that these are none of its regions: \(pull.unservedRegions.joined(separator: ", ")).")
        }
        printLine(Import.text(report).escapingControls)
    }
}
