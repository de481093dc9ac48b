import CrossRegionEngine
import Foundation
import Testing

/// The real binary in a real terminal (tmux): what a user sees and types.
@Suite("End to end in tmux", .serialized)
struct TmuxEndToEndTests {
    static var binary: String { Binary.path }

    /// One tmux server of its own, with the console in a 120x40 window.
    final class Session {
        let socket = "rds-e2e-\(UUID().uuidString.prefix(8))"
        let dir: String

        /// With `shell`, the console is typed into an interactive shell (job control: Ctrl-Z, fg).
        init(env: String = "", arguments: String = "", shell: Bool = false) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-e2e-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let run = "\(env) RDS_CONSOLE_STATE=\(dir)/state.sqlite \(TmuxEndToEndTests.binary) \(arguments)"
            // The server outlives this call: give it no pipe to hold open.
            _ = try tmux(["new-session", "-d", "-x", "120", "-y", "40",
                          shell ? "PS1='$ ' bash --norc --noprofile -i" : run + "; echo EXIT:$?; sleep 20"], capture: false)
            if shell {
                wait(for: "$")
                try text(run)
                try keys("Enter")
            }
        }

        deinit {
            _ = try? tmux(["kill-server"], capture: false)
            try? FileManager.default.removeItem(atPath: dir)
        }

        /// Runs tmux with posix_spawn and waitpid: its server outlives the call,
        /// which Foundation's Process would wait on.
        @discardableResult
        func tmux(_ args: [String], capture: Bool = true) throws -> String {
            let outPath = dir + "/tmux.out"
            var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, capture ? outPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv = ["tmux", "-L", socket] + args
            var cargs = argv.map { strdup($0) } + [nil]
            defer { for a in cargs { free(a) } }
            // Start tmux with default signal handling and nothing blocked, whatever the test runner set:
            // its server and the console must die with kill-server.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var none = sigset_t(), all = sigset_t()
            sigemptyset(&none)
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var pid: pid_t = 0
            guard posix_spawnp(&pid, "tmux", &actions, &attributes, &cargs, environ) == 0 else {
                throw CocoaError(.executableNotLoadable)
            }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            guard capture else { return "" }
            return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        }

        func keys(_ keys: String...) throws { try tmux(["send-keys"] + keys, capture: false) }
        func text(_ s: String) throws { try tmux(["send-keys", "-l", s], capture: false) }
        /// `:` then `line` and Enter, as a user runs a console command.
        func command(_ line: String) throws {
            try keys(":")
            wait(for: "Command")
            try text(line)
            try keys("Enter")
        }
        var screen: String { (try? tmux(["capture-pane", "-p"])) ?? "" }

        /// Waits (up to 20 s by default, for a loaded CI machine) until every one of `texts` is on
        /// screen; returns the screen. Wait for everything a check reads: tmux may show a frame
        /// half drawn (a new tab's title over the old tab's table).
        @discardableResult
        func wait(for texts: String..., seconds: Int = 20) -> String {
            wait(seconds: seconds) { screen in texts.allSatisfy(screen.contains) }
        }

        @discardableResult
        func wait(seconds: Int = 20, until done: (String) -> Bool) -> String {
            for _ in 0..<(seconds * 10) {
                let s = screen
                if done(s) { return s }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return screen
        }
    }

    @Test("Fresh state: batch-enable three pending instances, see them backed up, advance the clock, browse a released instance's files, quit cleanly")
    func userJourney() throws {
        let s = try Session()
        #expect(s.wait(for: "Instances · China (Hangzhou)", "RDS Console").contains("RDS Console"))
        try s.keys("2")
        s.wait(for: "[ Backup Instances ]")
        try s.keys("Tab")
        s.wait(for: "[ Pending Instances ]")
        try s.keys("Space", "Space", "Space")
        #expect(s.wait(for: "3 marked").contains("3 marked"))
        try s.keys("b")
        #expect(s.wait(for: "Backup Settings · 3 instances", "< Enable >").contains("< Enable >"))
        try s.keys("Enter", "Enter", "Enter", "Enter", "Enter")
        s.wait(for: "Apply this change?", "3 instances will change:")
        try s.keys("Enter")
        #expect(s.wait(for: "Cross-region backup to China (Shanghai) on for 3 instances.")
            .contains("Cross-region backup to China (Shanghai) on for 3 instances."))
        let engine = try Engine.open(path: s.dir + "/state.sqlite")
        let enabled = try engine.instances(InstanceFilter(set: .backup, regionID: "cn-hangzhou"), limit: 100).items
        #expect(enabled.count == 4)
        try s.keys("Tab")
        let backup = s.wait(seconds: 20) { screen in
            screen.contains("[ Backup Instances ]") && screen.contains("Backup region") && enabled.allSatisfy { screen.contains($0.id) }
        }
        for inst in enabled { #expect(backup.contains(inst.id)) }

        // A batch on Backup Instances: mark three, retention 30, read the impact, apply.
        try s.keys("Space", "Space", "Space")
        s.wait(for: "3 marked in China (Hangzhou)")
        try s.keys("b")
        s.wait(for: "Backup Settings · 3 instances")
        try s.keys("Tab", "Tab")
        try s.text("30")
        s.wait(for: "[30_")
        try s.keys("Enter", "Enter", "Enter")
        #expect(s.wait(for: "Apply this change?", "3 instances will change:").contains("Storage, next 30 days:"))
        try s.keys("Enter")
        #expect(s.wait(for: "Retention 30 days for 3 instances.").contains("Retention 30 days for 3 instances."),
                "only the retention changed: each keeps its own destination and log backup")
        let first3 = enabled.map(\.id).sorted().prefix(3)
        for id in first3 { #expect(try engine.instance(id: id).retentionDays == 30) }

        try s.keys("t")
        s.wait(for: "Advance the clock")
        try s.text("1d")
        s.wait(for: "1d_")
        try s.keys("Enter")
        let done = ["Clock: 2026-10-02T00:00:00Z", "Clock advanced to 2026-10-02T00:00:00Z: copied "]
        var advanced = s.wait(seconds: 8) { screen in done.allSatisfy(screen.contains) }
        if !advanced.contains("Clock: 2026-10-02") && advanced.contains("1d_") {
            // Once, on a loaded CI machine, the Enter never reached the prompt: send it again, only then.
            try s.keys("Enter")
            advanced = s.wait { screen in done.allSatisfy(screen.contains) }
        }
        #expect(advanced.contains("Clock advanced to 2026-10-02T00:00:00Z: copied "))

        let released = try engine.instances(InstanceFilter(set: .all), limit: 1000).items.first { $0.isReleased }!
        try s.keys("r")
        s.wait(for: "Region")
        for _ in 0..<Region.all.firstIndex(where: { $0.id == released.regionID })! { try s.keys("j") }
        try s.keys("Enter")
        s.wait(for: Region.named(released.regionID)!.displayName)
        try s.keys("/")
        try s.text(released.id)
        try s.keys("Enter", "Enter")
        let files = s.wait(for: "(Released)", "Retained cross-region backups · \(released.id)", "Completed")
        #expect(files.contains("Retained cross-region backups · \(released.id)"))
        #expect(files.contains("Completed"))
        try s.keys("q", "q", "q")
        let end = s.wait { $0.contains("EXIT:") && !$0.contains("RDS Console") }
        #expect(end.contains("EXIT:0"))
        #expect(!end.contains("RDS Console"))
    }

    @Test("Quitting never waits for another process reading the state; the change made before is in it")
    func quitWhileAnotherProcessReads() throws {
        let s = try Session()
        s.wait(for: "Instances · China (Hangzhou)", "RDS Console")
        try s.keys("t")
        s.wait(for: "Advance the clock")
        try s.text("1d")
        s.wait(for: "1d_")
        try s.keys("Enter")
        #expect(s.wait(for: "Clock: 2026-10-02T00:00:00Z").contains("Clock: 2026-10-02T00:00:00Z"))
        // Another process holds a read transaction open, as `serve` answering requests would.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        reader.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN'); c.execute('SELECT count(*) FROM instance').fetchone()
            print('reading', flush=True); time.sleep(60)
            """, s.dir + "/state.sqlite"]
        let out = Pipe()
        reader.standardOutput = out
        try reader.run()
        // SIGKILL: the test runner's blocked signals are the child's too.
        func stopReader() { kill(reader.processIdentifier, SIGKILL); reader.waitUntilExit() }
        defer { if reader.isRunning { stopReader() } }
        _ = out.fileHandleForReading.availableData  // "reading": its transaction is open
        let quit = Date()
        try s.keys("q")
        let end = s.wait(seconds: 20) { $0.contains("EXIT:") }
        #expect(end.contains("EXIT:0"))
        #expect(Date().timeIntervalSince(quit) < 10, "the console quit while the other process still read")
        stopReader()
        #expect(try Engine.open(path: s.dir + "/state.sqlite").now() == UTCTime.parse("2026-10-02T00:00:00Z"))
    }

    @Test("Resizing below 80x24 shows the notice and the page comes back; a C locale draws ASCII frames")
    func resizeAndAscii() throws {
        let s = try Session(env: "LANG=C LC_ALL=C")
        s.wait(for: "RDS Console")
        try s.keys("m")
        let menu = s.wait(for: "Release instance", "+- More")
        #expect(menu.contains("+- More"))
        try s.keys("Escape")
        try s.tmux(["resize-window", "-x", "60", "-y", "20"], capture: false)
        #expect(s.wait(for: "terminal too small (need 80x24, have 60x20)")
            .contains("terminal too small (need 80x24, have 60x20)"))
        try s.tmux(["resize-window", "-x", "120", "-y", "40"], capture: false)
        let back = s.wait { $0.contains("Instances") && $0.contains("RDS Console") && !$0.contains("terminal too small") }
        #expect(back.contains("RDS Console"))
        #expect(!back.contains("terminal too small"))
        try s.keys("q")
        #expect(s.wait(for: "EXIT:0").contains("EXIT:0"))
    }

    @Test("Ctrl-Z gives the shell back and fg redraws the whole screen, keys raw again; a kill -TSTP from outside too")
    func suspendAndResume() throws {
        let s = try Session(shell: true)
        s.wait(for: "RDS Console", "1 of")
        try s.keys("C-z")
        let shell = s.wait(for: "Stopped")
        #expect(shell.contains("Stopped") && !shell.contains("RDS Console  Region"), "the shell has the terminal")
        try s.text("fg")
        try s.keys("Enter")
        #expect(s.wait(for: "RDS Console", "1 of").contains("Instances · China (Hangzhou)"), "the whole screen drawn again")
        try s.keys("j")
        #expect(s.wait(for: "2 of").contains("2 of"), "keys are raw: j moves the cursor, nothing is echoed")
        // From outside, as a user's kill would: the shell's child, this session's console alone.
        let shellPID = try s.tmux(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let pkill = Process()
        pkill.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        pkill.arguments = ["-TSTP", "-P", shellPID]
        try pkill.run()
        pkill.waitUntilExit()
        #expect(pkill.terminationStatus == 0, "the console was found")
        #expect(s.wait(for: "Stopped").contains("Stopped"))
        try s.text("fg")
        try s.keys("Enter")
        s.wait(for: "RDS Console", "2 of")
        try s.keys("j")
        let after = s.wait(for: "3 of")
        #expect(after.contains("3 of") && !after.contains("fg"), "raw, no echo, the screen redrawn")
        try s.keys("q")
        s.wait { !$0.contains("RDS Console") }
        try s.text("echo EXIT:$?")
        try s.keys("Enter")
        #expect(s.wait(for: "EXIT:0").contains("EXIT:0"))
    }

    @Test("Escape sequences curses does not know are read whole: Home in another encoding, an unknown one; never keys")
    func escapeSequences() throws {
        let s = try Session()
        s.wait(for: "RDS Console")
        try s.keys("2")
        s.wait(for: "[ Backup Instances ]")
        // ESC [ 1 ~ is Home under tmux, ESC [ 99 ; 5 u a key report; read as letters they would be "1" and "9".
        try s.text("\u{1B}[1~")
        try s.text("\u{1B}[99;5u")
        try s.keys("Tab")
        let screen = s.wait(for: "[ Pending Instances ]")
        #expect(screen.contains("> 2 Cross-region Backup"), "still on page 2: no stray 1")
        try s.keys("q", "q")
        #expect(s.wait(for: "EXIT:0").contains("EXIT:0"))
    }

    @Test("--mouse: clicks on the navigation, a tab and a row, and the wheel; without it a click's bytes are no keys")
    func mouse() throws {
        /// A left press and release at a cell, as an xterm reports them (X10 encoding).
        func click(_ x: Int, _ y: Int) -> String {
            "\u{1B}[M" + String(UnicodeScalar(32 + 0)!) + String(UnicodeScalar(33 + x)!) + String(UnicodeScalar(33 + y)!)
                + "\u{1B}[M" + String(UnicodeScalar(32 + 3)!) + String(UnicodeScalar(33 + x)!) + String(UnicodeScalar(33 + y)!)
        }
        let wheelDown = "\u{1B}[M" + String(UnicodeScalar(32 + 65)!) + "AA"
        let s = try Session(arguments: "--mouse")
        s.wait(for: "RDS Console", "1 of")
        try s.text(click(5, 3))  // the navigation's second entry
        s.wait(for: "[ Backup Instances ]")
        try s.text(click(50, 2))  // the Pending Instances tab
        s.wait(for: "[ Pending Instances ]")
        try s.text(click(40, 7))  // the third row (the header is on row 4)
        #expect(s.wait(for: "3 of").contains("3 of"))
        try s.text(wheelDown)
        #expect(s.wait(for: "6 of").contains("6 of"))
        try s.keys("q", "q")
        #expect(s.wait(for: "EXIT:0").contains("EXIT:0"))

        let plain = try Session()
        plain.wait(for: "RDS Console", "1 of")
        try plain.text(click(5, 3))
        try plain.keys("j")
        let screen = plain.wait(for: "2 of")
        #expect(screen.contains("> 1 Instances") && screen.contains("2 of"), "no click, and no stray key from its bytes")
        try plain.keys("q")
        #expect(plain.wait(for: "EXIT:0").contains("EXIT:0"))
    }

    @Test("y puts the cursor row's instance ID on the terminal's clipboard (OSC 52)")
    func copyToClipboard() throws {
        let s = try Session()
        try s.tmux(["set-option", "-g", "set-clipboard", "on"], capture: false)
        s.wait(for: "RDS Console")
        let engine = try Engine.open(path: s.dir + "/state.sqlite")
        let first = try engine.instanceIndex(InstanceFilter(set: .live, regionID: "cn-hangzhou"))[0].id
        try s.keys("y")
        s.wait(for: "Copied \(first) to the clipboard.")
        var buffer = ""
        for _ in 0..<50 where !buffer.contains(first) {
            buffer = (try? s.tmux(["show-buffer"], capture: true)) ?? ""
            usleep(100_000)
        }
        #expect(buffer == first)
        try s.keys("q")
        #expect(s.wait(for: "EXIT:0").contains("EXIT:0"))
    }

    @Test(":goto lands on an instance in another region; x exports the list and the file reads back")
    func gotoAndExport() throws {
        let s = try Session()
        s.wait(for: "RDS Console")
        let engine = try Engine.open(path: s.dir + "/state.sqlite")
        let far = try engine.instanceIndex(InstanceFilter(set: .live, regionID: "ap-southeast-1")).last!.id
        try s.command("goto \(far)")
        s.wait(for: "Instances · Singapore")
        try s.keys("x")
        s.wait(for: "instances-ap-southeast-1.csv")
        let path = s.dir + "/export.csv"
        try s.text(path)
        try s.keys("Enter")
        s.wait(for: "Exported")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let ids = try engine.instanceIndex(InstanceFilter(set: .live, regionID: "ap-southeast-1")).map(\.id)
        #expect(lines.dropFirst().map { String($0.prefix(17)) } == ids)
        try s.keys("q")
        #expect(s.wait(for: "EXIT:0").contains("EXIT:0"))
    }

    @Test("3 DR Readiness in a real terminal: the regions fill in after the frame; :rpo 1h marks them; Enter and D")
    func drReadiness() throws {
        let s = try Session()
        s.wait(for: "RDS Console")
        let engine = try Engine.open(path: s.dir + "/state.sqlite")
        let hangzhou = try engine.drill(region: "cn-hangzhou", rpoTarget: 3600)
        try s.keys("3")
        // Every source region's row, counted after the frame went out, one region at a time.
        let page = s.wait { $0.contains("cn-hongkong") && !$0.contains("counting...") }
        #expect(page.contains("DR Readiness · each source region as if lost at \(UTCTime.format(hangzhou.at))"))
        try s.command("rpo 1h")
        s.wait(for: "FAIL: \(hangzhou.summary.failed)")
        try s.keys("Enter")
        let region = s.wait(for: "cn-hangzhou lost at")
        #expect(region.contains(hangzhou.rows[0].instanceID))
        try s.keys("D")
        s.wait(for: "Drill · China (Hangzhou) lost at \(UTCTime.format(hangzhou.at))")
        try s.keys("q", "q", "q", "q")
        #expect(s.wait(for: "EXIT:0").contains("EXIT:0"))
    }

    @Test("A terminal that cannot draw (TERM=dumb) is refused with a sentence before curses starts")
    func dumbTerminal() throws {
        let s = try Session(env: "TERM=dumb")
        let screen = s.wait(for: "EXIT:1")
        #expect(screen.contains("TERM=dumb cannot move the cursor"))
        #expect(!screen.contains("RDS Console"))
    }
}
