import ArgumentParser
import CrossRegionEngine
import Foundation

/// `rds-console api ACTION --Name value ...`: one OpenAPI action.
struct API: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Run one RDS OpenAPI action against the state and print its JSON response.",
        discussion: """
            Parameters are written --Name value or --Name=value, with the OpenAPI's own names \
            (rds-console api DescribeInstanceCrossBackupPolicy --RegionId \(Region.defaultID) --DBInstanceId rm-...). \
            A value written @FILE is read from FILE. A refused request prints the error body on stderr and exits 1. \
            ModifyInstanceCrossBackupPolicy --DryRun true changes nothing and prints what the change would do \
            (the answer of LocalDescribePolicyImpact); DryRun is this command's own, like aliyun's --dryrun: \
            the cloud ignores it on that action and would apply the change.
            Actions: \(OpenAPI.actionNames.joined(separator: ", ")).
            """)

    @OptionGroup var options: StateOptions

    @Argument(help: "The action, e.g. ModifyInstanceCrossBackupPolicy.")
    var action: String

    @Argument(parsing: .captureForPassthrough, help: "--Name value pairs.")
    var parameters: [String] = []

    func run() throws {
        var statePath = options.state
        var params: [String: String]
        var action = self.action
        var dryRun = false
        do {
            params = try Self.parse(parameters, statePath: &statePath)
            dryRun = try Self.takeDryRun(of: action, from: &params)
            if dryRun { action = LocalRequest.Action.describePolicyImpact.rawValue }
        } catch let e as EngineError {
            let body = OpenAPI.errorBody(e, requestID: RequestID.make())
            FileHandle.standardError.write(Data((body.pretty() + "\n").utf8))
            throw ExitCode(1)
        }
        let engine: Engine
        do {
            engine = try StateOptions(state: statePath).openEngine()
        } catch let e as EngineError {
            // A script reads one shape of refusal: the error body, whatever refused.
            FileHandle.standardError.write(Data((OpenAPI.errorBody(e, requestID: RequestID.make()).pretty() + "\n").utf8))
            throw ExitCode(1)
        } catch {
            throw fail(error)
        }
        if let warning = OpenAPI.unknownParametersWarning(of: action, in: params.keys) {
            printError("warning: " + warning + ".")
        }
        switch OpenAPI(engine: engine).call(action, params) {
        case .success(let body):
            if dryRun {
                printError("DryRun: nothing was changed. The cloud ignores DryRun on ModifyInstanceCrossBackupPolicy and would apply this change.")
            }
            printLine(body.pretty())
        case .failure(_, let body):
            FileHandle.standardError.write(Data((body.pretty() + "\n").utf8))
            throw ExitCode(1)
        }
    }

    /// The command's own dry run of a policy change: `DryRun` is taken out of
    /// `params`; true asks for the plan instead of the change.
    static func takeDryRun(of action: String, from params: inout [String: String]) throws -> Bool {
        guard action == "ModifyInstanceCrossBackupPolicy", let value = params.removeValue(forKey: "DryRun") else { return false }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw EngineError(.invalidArgument, "DryRun is true or false, not \"\(value.prefix(100))\".")
        }
    }

    /// `--Name value` / `--Name=value` pairs; `--state PATH` may also stand here.
    static func parse(_ args: [String], statePath: inout String?) throws -> [String: String] {
        var out: [String: String] = [:]
        var i = 0
        while i < args.count {
            let arg = args[i]
            guard arg.hasPrefix("--"), arg.count > 2 else {
                throw EngineError(.invalidArgument, "Expected --Name value, found \"\(arg)\".")
            }
            var name = String(arg.dropFirst(2))
            var value: String
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            } else {
                guard i + 1 < args.count else {
                    throw EngineError(.invalidArgument, "The parameter \(name) has no value.")
                }
                i += 1
                value = args[i]
            }
            if name == "state" {
                statePath = value
                i += 1
                continue
            }
            if value.hasPrefix("@"), value.count > 1 {
                let file = String(value.dropFirst())
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    throw EngineError(.invalidArgument, "Cannot read the value of \(name) from \(file).")
                }
                value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard out[name] == nil else {
                throw EngineError(.invalidArgument, "The parameter \(name) is given twice.")
            }
            out[name] = value
            i += 1
        }
        return out
    }
}

extension StateOptions {
    init(state: String?) {
        self.init()
        self.state = state
    }
}
