import ConsoleApp
import CrossRegionEngine
import Foundation
import RDSClient
import TerminalKit

/// `rds-bench --console`: the console on a big fleet, through real ncurses
/// writing to a file instead of a terminal, so the bytes a terminal would
/// receive can be counted. With `endpoint`, the same console on the same
/// state through `rds-console serve` (signed HTTP on loopback).
enum ConsoleBench {
    /// The filter the batch across regions marks with: about 10,000 pending rows of a 100,000-instance fleet.
    static let batchFilter = "e"

    /// The lines of a file, read a megabyte at a time: the bench holding a million-row export
    /// would count as the console's memory.
    static func lines(in path: String) -> Int {
        guard let file = FileHandle(forReadingAtPath: path) else { return 0 }
        defer { try? file.close() }
        var count = 0
        while let chunk = try? file.read(upToCount: 1 << 20), !chunk.isEmpty {
            count += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        return count
    }

    static func run(instances n: Int, endpoint: Bool) throws {
        LargeBlocks.mapEach()  // as `rds-console` does first
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-bench-ui-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/state.sqlite"
        var t = Date()
        // Built by `rds-console demo` in a process of its own when it is beside this one (what the
        // build held is not the console's memory), then at rest as a user finds it.
        try Bench.buildDemo(path: path, instances: n, seed: 11)
        print(String(format: "rds-bench --console%@: %d-instance demo fleet built in %.1f s; terminal 120x40, xterm-256color",
                     endpoint ? " --endpoint" : "", n, Date().timeIntervalSince(t)))
        let server = endpoint ? try BenchServer(engine: try Engine.open(path: path), dir: dir) : nil
        defer { withExtendedLifetime(server) {} }  // the server runs until the end

        // From start (opening the state, or reaching the server) to the first full frame written.
        t = Date()
        let engine = try Engine.open(path: path)
        if server == nil { try engine.store.checkpointInBackground(every: StateStore.consoleCheckpointInterval) }  // as `rds-console` does
        let state: any StateAccess = try server.map {
            RemoteState(client: try OpenAPIClient(endpoint: "127.0.0.1:\($0.port)", accessKeyID: $0.keyID, secret: $0.secret))
        } ?? engine
        let output = fopen(dir + "/terminal.out", "w")!
        let input = fopen("/dev/null", "r")!
        let backend = CursesBackend(terminalType: "xterm-256color", output: output, input: input, width: 120, height: 40)
        defer { backend.end() }
        let theme = (try? BuiltinThemes.load(BuiltinThemes.defaultName))
            ?? BuiltinThemes.mono
        let console = Console(engine: state, region: Region.defaultID, palette: Palette(theme: theme, colors: backend.colors))
        console.defersSlowWork = true  // as in a terminal: slow values follow the frame
        backend.draw(console.render(width: 120, height: 40))
        fflush(output)
        let first = Date().timeIntervalSince(t)
        let full = ftell(output)
        let rows = try engine.instances(InstanceFilter(set: .live, regionID: Region.defaultID), limit: 0).total
        print(String(format: "start to first full frame: %.1f ms (Instances page of \(Region.defaultID), %d rows); %ld bytes (goal < 100 ms)",
                     first * 1000, rows, full))

        var slowest: [(Double, String)] = []
        // What a frame left for later (the totals row, the plan of the marked rows),
        // done and drawn as the terminal loop does when no key waits: how long after the key.
        var settled: [(Double, String)] = []
        // Each piece of that work alone: the longest a key pressed meanwhile waits.
        var settleSteps: [(Double, String)] = []
        // What the console read ahead once a key's answer was on screen (another tab's list, another page's).
        var aheadSteps: [(Double, String)] = []
        // Drawn as the terminal loop draws: the key's frame, then as `FramePacing` says between steps.
        var pacing = FramePacing()
        func draw() {
            guard pacing.shouldDraw(console, now: ProcessInfo.processInfo.systemUptime) else { return }
            backend.draw(console.render(width: 120, height: 40))
            fflush(output)
        }
        func press(_ key: Key) -> Double {
            let s = Date()
            console.handle(key)
            pacing.owe()
            draw()
            let ms = Date().timeIntervalSince(s) * 1000
            slowest.append((ms, key.label))
            func settleStep(into steps: inout [(Double, String)]) {
                let step = Date()
                pacing.settle(console)
                steps.append((Date().timeIntervalSince(step) * 1000, key.label))
                draw()
            }
            if console.hasFrameWork {
                while console.hasFrameWork { settleStep(into: &settleSteps) }
                settled.append((Date().timeIntervalSince(s) * 1000, key.label))
            }
            // Then what is read ahead for the next keys: each step is one a key pressed meanwhile
            // would wait for, but none is part of this key's answer.
            while console.hasSlowWork { settleStep(into: &aheadSteps) }
            return ms
        }
        let before = ftell(output)
        _ = press(.down)
        let move = ftell(output) - before
        print("one-row cursor move: \(move) bytes written, against \(full) for a full repaint")

        var scroll: [Double] = []
        for _ in 0..<300 { scroll.append(press(.down)) }
        for _ in 0..<40 { scroll.append(press(.pageDown)) }
        for _ in 0..<40 { scroll.append(press(.pageUp)) }
        scroll.append(press(.char("G")))
        scroll.append(press(.char("g")))
        var filter: [Double] = [press(.char("/"))]
        for c in "orders-1" { filter.append(press(.char(c))) }
        for _ in 0..<4 { filter.append(press(.backspace)) }
        filter.append(press(.enter))
        filter.append(press(.char("2")))
        filter.append(press(.tab))
        for _ in 0..<100 { filter.append(press(.down)) }
        filter.append(press(.char(" ")))
        filter.append(press(.char("a")))
        let marked = console.context.marks.count
        let openBatch = press(.char("b"))
        _ = press(.escape)
        _ = press(.tab)
        var sort: [Double] = []
        for _ in 0..<6 { sort.append(press(.char(">"))) }
        sort.append(press(.char("I")))
        let rowsBackup = try engine.instances(InstanceFilter(set: .backup, regionID: Region.defaultID), limit: 0).total
        let browsingMemory = Bench.peakMemoryMB()
        // Back to the marked pending rows: the batch dialog, OK (the impact preview), Enter (applied).
        _ = press(.tab)
        let pendingBefore = try engine.instances(InstanceFilter(set: .pending, regionID: Region.defaultID), limit: 0).total
        _ = press(.char("b"))
        for _ in 0..<4 { _ = press(.tab) }
        // The preview is a job: from Enter to the confirmation on screen, its steps between frames.
        settled.removeAll()
        let previewKey = press(.enter)
        let preview = settled.last?.0 ?? previewKey
        let apply = press(.enter)
        let enabled = try engine.instances(InstanceFilter(set: .pending, regionID: Region.defaultID), limit: 0).total
        // A step that did not happen fails the run: it never prints a time.
        guard pendingBefore - enabled == marked else {
            print("the console's apply did not enable the \(marked) marked rows (\(pendingBefore) pending before, \(enabled) after)")
            exit(1)
        }
        let batchMemory = Bench.peakMemoryMB()
        // DR Readiness: a drill of every source region, each after the frame on its own.
        settleSteps.removeAll()
        let drFrame = press(.char("3"))
        let drAll = settled.last?.0 ?? drFrame
        let drStep = settleSteps.map(\.0).max() ?? 0
        let drRegions = settleSteps.count
        // Every source region's figures on screen, none still counting and none unread, else no time is printed.
        let drPage = Console.text(of: .page, in: console.render(width: 120, height: 40))
        let sources = try engine.rulesEdition().sources.count
        guard drRegions == sources, !drPage.contains("counting"), !drPage.contains("Cannot read") else {
            print("DR Readiness did not show every source region's drill (\(drRegions) of \(sources) computed)")
            exit(1)
        }
        let drillSize = try engine.instances(InstanceFilter(set: .live, regionID: Region.defaultID), limit: 0).total
        let openRegion = press(.enter)
        var drScroll: [Double] = []
        for _ in 0..<100 { drScroll.append(press(.down)) }
        drScroll.append(press(.char("G")))
        // Every region: the export of every live row, a job a step at a time between frames.
        func type(_ text: String) { for c in text { _ = press(.char(c)) } }
        _ = press(.char(":"))
        type("region all")
        _ = press(.enter)
        _ = press(.char("1"))
        let liveAll = try engine.instances(InstanceFilter(set: .live), limit: 0).total
        let exportPath = dir + "/export.csv"
        _ = press(.char("x"))
        _ = press(Key.ctrlU)
        type(exportPath)
        settleSteps.removeAll()
        settled.removeAll()
        let exportKey = press(.enter)
        let exportAll = settled.last?.0 ?? exportKey
        let exportStep = settleSteps.map(\.0).max() ?? 0
        let exportedLines = Self.lines(in: exportPath)
        guard exportedLines == liveAll + 1 else {
            print("the console's export did not write the \(liveAll) rows (\(exportedLines) lines in \(exportPath))")
            exit(1)
        }
        // A batch across regions: the pending rows a filter shows, marked with a, previewed and applied.
        _ = press(.char("2"))
        _ = press(.char("/"))
        type(Self.batchFilter)
        _ = press(.enter)
        settleSteps.removeAll()
        settled.removeAll()
        _ = press(.char("a"))
        let acrossMarked = console.context.marks.count
        // What `a` left for after its frame (the plan of the marked rows, a part at a time): a key waits for one step.
        let planAfter = settled.last?.0 ?? 0
        let planSteps = settleSteps.map(\.0)
        guard acrossMarked > 0, !planSteps.isEmpty else {
            print("a across regions marked \(acrossMarked) rows and left no plan to gather after its frame")
            exit(1)
        }
        // Counted, not read: what the bench reads is not the console's memory.
        let markedIDs = Array(console.context.marks)
        let acrossRegions = try engine.rulesEdition().sources.filter {
            try engine.instances(InstanceFilter(set: .pending, regionID: $0.id, ids: markedIDs), limit: 0).total > 0
        }.count
        let joiningBefore = try engine.instances(InstanceFilter(set: .pending).joiningBatch, limit: 0).total
        _ = press(.char("b"))
        for _ in 0..<4 { _ = press(.tab) }
        settleSteps.removeAll()
        settled.removeAll()
        let acrossPreviewKey = press(.enter)
        let acrossPreview = settled.last?.0 ?? acrossPreviewKey
        let acrossPreviewStep = settleSteps.map(\.0).max() ?? 0
        let acrossApply = press(.enter)
        let joiningAfter = try engine.instances(InstanceFilter(set: .pending).joiningBatch, limit: 0).total
        guard acrossMarked > 0, joiningBefore - joiningAfter == acrossMarked else {
            print("the console's batch across regions did not enable the \(acrossMarked) marked rows "
                  + "(\(joiningBefore) could join before, \(joiningAfter) after)")
            exit(1)
        }

        func report(_ name: String, _ samples: [Double], goal: String = "goal p99 < 5 ms") {
            let s = samples.sorted()
            print(String(format: "%@: %d keys, p50 %.2f ms, p99 %.2f ms, max %.2f ms (%@)", name, s.count, s[s.count / 2],
                         s[min(s.count - 1, s.count * 99 / 100)], s.last!, goal))
        }
        report("keypress to finished frame, scrolling (j, PgDn, PgUp, G, g)", scroll)
        report("keypress to finished frame, filtering, tabs, marks (/orders-1, Tab, Space, a)", filter)
        print(String(format: "open the batch dialog for %d marked rows (b): %.1f ms", marked, openBatch))
        report("sorting Backup Instances (\(rowsBackup) rows) column by column to Next 30d, then I", sort, goal: "goal max < 16.7 ms")
        print(String(format: "enable the %d marked rows from the console: impact preview %.1f ms, apply %.1f ms (%d pending left; goal at 10,000: < 100 / < 150 ms)",
                     marked, preview, apply, enabled))
        print(String(format: "DR Readiness (3): frame %.1f ms; all %d source regions' drills on screen %.1f ms after the key; "
                     + "longest single region %.1f ms (what a key pressed meanwhile waits at most) (goal all < \(endpoint ? 300 : n >= 1_000_000 ? 1_000 : 150) ms)",
                     drFrame, drRegions, drAll, drStep))
        print(String(format: "a region's instances, worst RPO first (Enter, \(Region.defaultID), %d rows): %.1f ms", drillSize, openRegion))
        report("scrolling the region's instances (j, G)", drScroll)
        print(String(format: "export of every live row (x, all regions, %d rows): %.1f ms from Enter to the file written; "
                     + "the longest step %.1f ms (what a key pressed meanwhile waits at most); the first frame %.1f ms (goal < 1 s; steps < 16.7 ms)",
                     liveAll, exportAll, exportStep, exportKey))
        print(String(format: "a on \"/%@\" across regions: %d marked; the work after its frame (the plan of the marked rows) %.1f ms in %d steps, the longest %.1f ms (what a key pressed meanwhile waits at most)",
                     Self.batchFilter, acrossMarked, planAfter, planSteps.count, planSteps.max() ?? 0))
        print(String(format: "a batch across %d regions, %d marked (a on \"/%@\"): preview %.1f ms (longest step %.1f ms), apply %.1f ms (goal at 10,000: < 100 / < 150 ms)",
                     acrossRegions, acrossMarked, Self.batchFilter, acrossPreview, acrossPreviewStep, acrossApply))
        let worst = slowest.sorted { $0.0 > $1.0 }.prefix(3).map { String(format: "%@ %.1f ms", $0.1, $0.0) }
        print("slowest keys: \(worst.joined(separator: ", "))")
        let late = settled.sorted { $0.0 > $1.0 }.prefix(3).map { String(format: "%@ %.1f ms", $0.1, $0.0) }
        print("work left for after the frame (the totals row, the plan of the marked rows), done \(settled.count) times; "
              + "key to its frame on screen, slowest: "
              + (late.isEmpty ? "none" : late.joined(separator: ", ")))
        let longestAhead = aheadSteps.max { $0.0 < $1.0 }
        print("read ahead once a key's answer was on screen (the other tab's list, the other pages'): \(aheadSteps.count) steps"
              + (longestAhead.map { String(format: ", the longest %.1f ms after %@ (what a key pressed meanwhile waits at most)", $0.0, $0.1) } ?? ""))
        print(String(format: "resident memory (peak): %.1f MB while browsing (up to the sorts), %.1f MB after applying the batch, "
                     + "%.1f MB at the end (DR Readiness, every region's list, the export, the batch across regions) (goal <= 64 MB)", browsingMemory, batchMemory, Bench.peakMemoryMB()))
    }
}
