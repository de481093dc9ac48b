import ArgumentParser
import ConsoleApp
import CrossRegionEngine
import Foundation
import TerminalKit

/// `rds-console` with no arguments: the terminal console.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Open the terminal console (the default command).")

    @OptionGroup var options: StateOptions

    @OptionGroup var remote: EndpointOptions

    @Flag(help: "Look without changing anything: the keys that would change the state are off, and a READ-ONLY badge shows.")
    var readOnly = false

    @Flag(help: "Clicks (rows, tabs, navigation, menu items, buttons) and the wheel. Off by default, so the terminal's own text selection works; with it on, hold Shift to select text.")
    var mouse = false

    @OptionGroup var clock: ClockOptions

    @Option(help: "The region to open on.")
    var region: String = Region.defaultID

    @Option(help: "aliyun (default), dark, high-contrast, mono, or one of yours in $XDG_CONFIG_HOME/rds-console/themes or $RDS_CONSOLE_THEMES; also RDS_CONSOLE_THEME. NO_COLOR forces mono.")
    var theme: String?

    func validate() throws {
        guard Region.named(region) != nil else {
            throw ValidationError("Unknown region \"\(region)\"; known: \(Region.all.map(\.id).joined(separator: ", ")).")
        }
        let endpoint = remote.endpoint ?? ProcessInfo.processInfo.environment["RDS_CONSOLE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
        guard options.state == nil || endpoint == nil else {
            throw ValidationError("Give either --state or --endpoint, not both.")
        }
        guard endpoint == nil || clock.mode == .manual else {
            throw ValidationError("--clock wall moves a local state's clock; for an endpoint, start serve with --clock wall.")
        }
        if let name = theme ?? ProcessInfo.processInfo.environment["RDS_CONSOLE_THEME"] {
            do {
                _ = try BuiltinThemes.load(name)
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    func run() throws {
        LargeBlocks.mapEach()
        let env = ProcessInfo.processInfo.environment
        let noColor = env["NO_COLOR"].map { !$0.isEmpty } ?? false
        let explicit = theme ?? env["RDS_CONSOLE_THEME"]
        let chosen: Theme
        do {
            chosen = noColor ? BuiltinThemes.mono : try BuiltinThemes.load(explicit ?? BuiltinThemes.defaultName)
        } catch {
            // validate() checked a theme given by name; here the user's own copy of the default theme is broken: say so, and use the shipped one.
            printError("warning: \(error); using the built-in \(BuiltinThemes.defaultName) theme.")
            chosen = (try? Theme.parse(BuiltinThemes.texts[BuiltinThemes.defaultName]!, name: BuiltinThemes.defaultName))
                ?? BuiltinThemes.mono
        }
        let engine: any StateAccess
        var wall: WallClock?
        var local: Engine?
        do {
            if let remote = try remote.remoteState() {
                engine = remote
            } else {
                let opened = try options.openEngine()
                // A batch's apply does not wait for the log to be folded in at its commit.
                try opened.store.checkpointInBackground(every: StateStore.consoleCheckpointInterval)
                engine = opened
                local = opened
                wall = clock.start(on: opened)
            }
            // A region of the other edition of the rules is no region of this state's: said, never swapped.
            let rules = try engine.rulesEdition()
            if rules.region(region) == nil {
                throw EngineError(.invalidRegionFormat, "\(region) is not a region of this state's rules (\(rules.rawValue)); its regions: \(rules.regions.map(\.id).joined(separator: ", ")).")
            }
        } catch {
            throw fail(error)
        }
        defer {
            wall?.stop()
            try? local?.store.checkpointWithoutWaiting()  // leave the log folded in; quitting never waits
        }
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw fail(EngineError(.notATerminal, "The console needs a terminal; for scripts use rds-console api … (see --help)."))
        }
        if let problem = CursesBackend.terminalProblem() {
            throw fail(EngineError(.notATerminal, "The console cannot start: \(problem) For scripts use rds-console api … (see --help)."))
        }
        TerminalSession.run(engine: engine, region: region, theme: chosen, colors: !noColor, readOnly: readOnly, mouse: mouse)
    }
}

/// The curses loop: draw, wait for a key (half a second at most, to pick up other
/// processes' changes), handle it; between keys, the work frames left for later a step at a
/// time, drawn as `FramePacing` says. The terminal is restored on every exit.
enum TerminalSession {
    static func run(engine: any StateAccess, region: String, theme: Theme, colors: Bool, readOnly: Bool, mouse: Bool) {
        let backend = CursesBackend(colorsAllowed: colors)
        if mouse { backend.enableMouse() }
        CursesBackend.restoreOnSignals()
        defer { backend.end() }
        let console = Console(engine: engine, region: region, palette: Palette(theme: theme, colors: backend.colors),
                              unicode: backend.unicode, readOnly: readOnly)
        console.defersSlowWork = true
        var fastFailures = 0
        var pacing = FramePacing()
        backend.watchSuspend()
        while !console.quit {
            if backend.takeSuspendRequest() {
                backend.suspend()
                pacing.owe()
            }
            if pacing.shouldDraw(console, now: ProcessInfo.processInfo.systemUptime) {
                let size = backend.size
                backend.draw(console.render(width: size.width, height: size.height))
            }
            let key: Key
            if console.hasSlowWork {
                // The frame is out; what it left for later is done unless a key is already waiting.
                guard let waiting = backend.readKey(timeoutMs: 0) else {
                    pacing.settle(console)
                    continue
                }
                key = waiting
            } else {
                let asked = Date()
                guard let read = backend.readKey(timeoutMs: 500) else {
                    // No key well before the timeout, again and again: the terminal is gone. Leave.
                    fastFailures = Date().timeIntervalSince(asked) < 0.25 ? fastFailures + 1 : 0
                    if fastFailures > 20 { break }
                    continue
                }
                key = read
            }
            fastFailures = 0
            if key == .resize { backend.invalidate() }
            if key == .char("\u{3}") { break }
            if key == .char("\u{1A}") {
                backend.suspend()
                pacing.owe()
                continue
            }
            console.handle(key)
            pacing.owe()
            if let copied = console.takeClipboard() { backend.copyToClipboard(copied) }
        }
    }
}
