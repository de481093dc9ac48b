import ArgumentParser
import CrossRegionEngine
import Foundation
import OpenAPIAuth
import RDSClient

/// `rds-console apply --state S [--write]`: sends a pulled state's plan to its
/// account, one `ModifyInstanceCrossBackupPolicy` per instance, re-reading
/// each instance first. Without `--write` it only reads.
struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send a pulled state's plan to its account (reads only, unless --write).",
        discussion: """
            Before each instance its policy is read again: one that changed in the account since the pull is left \
            alone and listed as drifted. Each call is written to STATE.audit.jsonl before it is sent and with its \
            answer after; an interrupted apply, run again, sends only what is left. Exit status: 0 when every planned \
            change is in the account (without --write: when every one could be sent), 1 otherwise.
            """)

    @OptionGroup var options: StateOptions

    @OptionGroup var account: AccountOptions

    @Flag(help: "Send the changes. Without it, apply reads the account and says what it would send.")
    var write = false

    @Flag(help: "Do not ask to type the number of instances (for scripts).")
    var yes = false

    @Option(help: ArgumentHelp("Calls a second at most.", valueName: "n"))
    var rate = 10

    func validate() throws {
        guard (1...1000).contains(rate) else { throw ValidationError("--rate must be 1 to 1000 calls a second.") }
    }

    func run() throws {
        do {
            try apply()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }

    private func apply() throws {
        let engine = try options.openExistingEngine()
        let state = engine.store.path
        guard let origin = try engine.pullOrigin(), let plan = try engine.accountPlan() else {
            printError("error: \(state) was not pulled from an account, so it has nothing to apply. Create one with: rds-console pull --state NEW")
            throw ExitCode(1)
        }
        printLine(Plan.text(plan, origin, state: state, nextSteps: false))
        guard !plan.changes.isEmpty else { return }
        var account = self.account
        if account.profile == nil { account.profile = origin.profile }
        if account.endpoint == nil { account.endpoint = origin.endpointURL }
        let credential = try account.credential()
        guard PullOrigin.account(ofKey: credential.accessKeyID) == origin.account else {
            printError("error: this state was pulled with \(origin.account); the credential found is \(PullOrigin.account(ofKey: credential.accessKeyID)) (\(credential.source)). Nothing was sent. Use the profile that pulled it (--profile).".escapingControls)
            throw ExitCode(1)
        }
        let n = plan.changes.count
        if write && !yes { try confirm(n, origin) }
        let audit = write ? try AuditLog(path: state + ".audit.jsonl") : nil
        let options = account
        let showProgress = isatty(STDERR_FILENO) == 1
        let started = Date()
        let run = AccountApply(engine: engine, audit: audit, rate: rate, clientFor: { region throws(EngineError) in
            try OpenAPIClient(endpoint: options.address(for: region), credential: credential, caFile: options.caFile)
        }, progress: { done, total in
            guard showProgress else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K\(done) of \(total) instances".utf8))
        })
        let report = try run.run(plan.changes)
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        printLine("")
        printLine(Self.text(report, write: write, seconds: Date().timeIntervalSince(started), audit: audit?.path).escapingControls)
        let ok = write ? report.complete(of: n) : report.drifted.isEmpty && report.failed.isEmpty
        if !ok { throw ExitCode(1) }
    }

    /// Asks to type the number of instances; anything else sends nothing.
    private func confirm(_ n: Int, _ origin: PullOrigin) throws {
        guard isatty(STDIN_FILENO) == 1 else {
            printError("error: apply --write asks to type the number of instances, and there is no terminal to ask. Add --yes to send without asking. Nothing was sent.")
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data("\nType \(n) to change \(n) instance\(n == 1 ? "" : "s") of account \(origin.account): ".utf8))
        guard let typed = readLine(), typed.trimmingSpaces() == String(n) else {
            printError("Not confirmed. Nothing was sent.")
            throw ExitCode(1)
        }
    }

    static func text(_ r: AccountApply.Report, write: Bool, seconds: Double, audit: String?) -> String {
        var out: [String] = []
        if write {
            out.append("Applied \(r.applied.count); already in the account \(r.alreadyApplied.count); drifted \(r.drifted.count); failed \(r.failed.count). \(r.calls) calls in \(String(format: "%.1f", seconds)) s.")
        } else {
            out.append("Read only (add --write to send): \(r.wouldSend.count) change(s) would be sent; already in the account \(r.alreadyApplied.count); drifted \(r.drifted.count); failed \(r.failed.count). Nothing was sent.")
        }
        for d in r.drifted {
            out.append("  drifted \(d.instanceID): " + d.differences.map { "\($0.field) was \($0.from) at the pull, is \($0.to) now" }.joined(separator: "; ")
                       + ". Left alone: pull again to plan from what the account holds.")
        }
        for f in r.failed { out.append("  failed \(f.instanceID): \(f.error.code.code): \(f.error.message)") }
        if let audit { out.append("Audit log: \(audit)") }
        if write && !r.failed.isEmpty { out.append("Run apply again to send what is left; nothing is sent twice.") }
        return out.joined(separator: "\n")
    }
}
