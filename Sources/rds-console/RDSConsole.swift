import ArgumentParser
import CrossRegionEngine
import Foundation

@main
struct RDSConsole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rds-console",
        abstract: "A terminal console and state engine for ApsaraDB RDS for MySQL cross-region backup.",
        discussion: """
            The state lives in one SQLite file (default $XDG_DATA_HOME/rds-console/state.sqlite); \
            the first run creates it with a demo fleet. Use --state PATH or RDS_CONSOLE_STATE to pick another. \
            A team shares one state with rds-console serve on one machine and \
            rds-console --endpoint HOST:PORT (with an access key) everywhere else.
            """,
        subcommands: [ConsoleCommand.self, Status.self, API.self, Clock.self, Cost.self, Drill.self, Import.self, Regions.self, Demo.self,
                      Serve.self, AccessKey.self, Account.self, Pull.self, Plan.self, Apply.self],
        defaultSubcommand: ConsoleCommand.self)

    /// A first word that is no command but close to one (`statuss`) is a typo, said as one, not
    /// handed to the console as a stray argument.
    static func main() async {
        let args = Array(CommandLine.arguments.dropFirst())
        if let first = args.first, !first.hasPrefix("-") {
            let names = configuration.subcommands.compactMap { $0.configuration.commandName ?? $0._commandName } + ["help"]
            if !names.contains(first), let meant = Nearest.name(to: first, in: names) {
                printError("error: Unknown command '\(first.prefix(100))'. Did you mean '\(meant)'?\nSee 'rds-console --help' for the commands.")
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
        }
        do {
            var command = try parseAsRoot(args)
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// `--state PATH`, shared by every subcommand.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The state file (default: $RDS_CONSOLE_STATE, else $XDG_DATA_HOME/rds-console/state.sqlite).",
                                            valueName: "path"))
    var state: String?

    func openEngine() throws -> Engine {
        let (path, isDefault) = StatePath.resolve(explicit: state)
        return try Engine.open(path: path, createDirectory: isDefault)
    }

    /// A state that must exist already (`plan`, `apply`: a path mistyped must not become a new demo state).
    func openExistingEngine() throws -> Engine {
        let (path, _) = StatePath.resolve(explicit: state)
        guard FileManager.default.fileExists(atPath: path) else {
            throw EngineError(.stateFileNotFound, "There is no state at \(path); make one with rds-console pull --state \(path).")
        }
        return try Engine.open(path: path)
    }
}

/// Prints an engine error the way every command does, and exits 1.
func fail(_ error: Error) -> ExitCode {
    if let e = error as? EngineError {
        FileHandle.standardError.write(Data("error: \(e.message)\n".escapingControls.utf8))
    } else {
        FileHandle.standardError.write(Data("error: \(error)\n".escapingControls.utf8))
    }
    return ExitCode(1)
}

func printLine(_ s: String) {
    FileHandle.standardOutput.write(Data((s + "\n").utf8))
}

func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
