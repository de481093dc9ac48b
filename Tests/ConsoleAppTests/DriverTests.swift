@testable import ConsoleApp
import CrossRegionEngine
import Foundation
import Testing
import TerminalKit

/// The console driven by commands through its key map (as a user's habits,
/// not key codes), checked by the selected row and by named parts of the frame.
@Suite("Console driven by commands")
struct DriverTests {
    @Test("Moving by commands selects the rows the engine lists, in its order")
    func moving() throws {
        let f = try ConsoleFixture()
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .live, regionID: "cn-hangzhou")).map(\.id)
        #expect(f.console.selection == ids[0])
        #expect(f.console.press(.down) && f.console.press(.down))
        #expect(f.console.selection == ids[2])
        #expect(f.console.press(.last))
        #expect(f.console.selection == ids.last)
        _ = f.console.render(width: 120, height: 40)  // a page is as tall as the last frame drew it
        #expect(f.console.press(.pageUp))
        #expect(f.console.selection == ids[ids.count - 1 - (Console.layout(width: 120, height: 40)[.page]!.height - 5)])
        #expect(f.console.press(.first))
        #expect(f.console.selection == ids[0])
        let frame = f.console.render(width: 120, height: 40)
        #expect(Console.text(of: .page, in: frame).contains("1 of \(ids.count)"))
    }

    @Test("All regions: every region's rows with a Region column; the totals and marks of all of them")
    func allRegions() throws {
        let f = try ConsoleFixture()
        #expect(f.console.press(.pickRegion) && f.console.press(.first) && f.console.press(.confirm))
        #expect(f.console.context.region == nil)
        #expect(f.console.press(.showSection(1)))
        let all = try f.engine.instanceIndex(InstanceFilter(set: .backup)).map(\.id)
        #expect(f.console.press(.last) && f.console.selection == all.last)
        let page = Console.text(of: .page, in: f.console.render(width: 160, height: 40))
        #expect(page.hasPrefix("Cross-region Backup · All regions"))
        #expect(page.contains("Region") && page.contains("Total (\(Format.count(all.count)))"))
        #expect(f.console.press(.commandLine))
        f.console.type("region all")
        #expect(f.console.press(.confirm) && f.console.context.region == nil)
    }

    @Test("Leaving a page and coming back finds its tab, sort and cursor as they were")
    func pagesKeepTheirPlace() throws {
        let f = try ConsoleFixture()
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab) && f.console.press(.sortNext))
        #expect(f.console.press(.down) && f.console.press(.down))
        let here = f.console.selection
        #expect(f.console.press(.showSection(0)) && f.console.press(.showSection(1)))
        #expect(f.console.selection == here)
        #expect(Console.text(of: .page, in: f.console.render(width: 120, height: 40)).contains("[ Pending Instances ]"))
    }

    @Test("A dialog takes the keys: page commands are not bound, the footer and ? are the dialog's")
    func dialogFocus() throws {
        let f = try ConsoleFixture()
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab))
        let first = try #require(f.console.selection)
        #expect(f.console.press(.mark))
        #expect(f.console.context.marks == [first])
        #expect(Console.text(of: .topBar, in: f.console.render(width: 120, height: 40)).hasSuffix("1 marked in China (Hangzhou)"))
        #expect(f.console.press(.batchSettings))
        #expect(f.console.focused is SettingsDialog)
        #expect(!f.console.press(.mark) && !f.console.press(.showSection(0)), "the page's keys are off under a dialog")
        let dialog = f.console.render(width: 120, height: 40)
        #expect(Console.text(of: .footer, in: dialog) == "Tab/↓ next  →/Space change  Enter ok  Esc cancel  ? help")
        let dialogKeys = f.console.bindings
        #expect(dialogKeys.map(\.command) == [.nextField, .previousField, .previousChoice, .nextChoice, .confirm, .cancel, .help, .editText])
        #expect(f.console.press(.help))
        let help = f.console.render(width: 120, height: 40)
        for b in dialogKeys { #expect(help.text.contains(b.help), "\(b.help)") }
        // The page's own keys are not the dialog's: none of their lines is in its help.
        let pageHelp = try #require(f.console.pages.last?.bindings(f.console.context).map(\.help))
        #expect(pageHelp.contains("mark every Running row the filter shows"))
        for line in pageHelp where !dialogKeys.contains(where: { $0.help == line }) {
            #expect(!help.text.contains(line), "\(line)")
        }
        #expect(f.console.press(.cancel) && f.console.press(.cancel))
        #expect(f.console.overlays.isEmpty)
        #expect(Console.text(of: .footer, in: f.console.render(width: 120, height: 40)).hasPrefix("Tab tabs  Space mark"))
    }

    @Test("a marks from rows read ahead, and reads them again once the clock has moved: Creating rows join once Running")
    func markAllAhead() throws {
        let f = try SnapshotFixture()
        try f.creatingInstances(4)
        f.console.defersSlowWork = true
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab))
        _ = f.console.render(width: 120, height: 40)
        var steps = 0
        while steps < 50 && f.console.settle() { steps += 1; _ = f.console.render(width: 120, height: 40) }
        #expect(!f.console.hasSlowWork)
        #expect(f.console.press(.markAll))
        let running = f.console.context.marks.count
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40))
                == "\(running) rows marked; 4 not Running left out")
        try f.engine.advanceClock(by: UTCTime.day)
        #expect(f.console.press(.markAll))
        #expect(f.console.context.marks.count == running + 4)
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40)) == "\(running + 4) rows marked")
    }

    @Test("Marks are each region's: marked, toggled, unmarked and cleared in one region, the other's stay; a region left with none holds no entry")
    func marksByRegion() throws {
        let f = try SnapshotFixture()
        let ctx = f.console.context
        let version = ctx.marksVersion
        ctx.apply(.mark(["rm-a", "rm-b"]))
        ctx.apply(.mark(["rm-b", "rm-c"]))
        #expect(ctx.marks == ["rm-a", "rm-b", "rm-c"] && ctx.marksVersion == version + 2)
        ctx.apply(.setRegion("cn-shanghai"))
        #expect(ctx.marks.isEmpty && ctx.marksElsewhere == 3)
        ctx.apply(.toggleMark("rm-x"))
        ctx.apply(.toggleMark("rm-y"))
        ctx.apply(.toggleMark("rm-x"))
        #expect(ctx.marks == ["rm-y"])
        ctx.apply(.unmark(["rm-y", "rm-z"]))
        #expect(ctx.marks.isEmpty && ctx.marksByRegion["cn-shanghai"] == nil, "no empty set left behind")
        ctx.apply(.clearMarks)
        #expect(ctx.marksByRegion.keys.sorted() == ["cn-hangzhou"])
        ctx.apply(.setRegion("cn-hangzhou"))
        #expect(ctx.marks == ["rm-a", "rm-b", "rm-c"])
        ctx.apply(.clearMarks)
        #expect(ctx.marksByRegion.isEmpty && ctx.marksVersion == version + 8)
    }

    @Test("A refused batch: the list of refusals, u unmarks them, b retries with the rest after the impact")
    func refusedBatch() throws {
        let f = try SnapshotFixture()
        try f.creatingInstances(4)
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab) && f.console.press(.markAll))
        let running = f.console.context.marks.count
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40))
                == "\(running) rows marked; 4 not Running left out")
        try f.filter(to: "new-orders")
        for _ in 0..<4 { #expect(f.console.press(.mark)) }
        #expect(f.console.press(.filter) && f.console.press(.clearFilter))
        #expect(f.console.press(.batchSettings))
        for _ in 0..<4 { #expect(f.console.press(.nextField)) }
        #expect(f.console.press(.confirm))
        let refusals = try #require(f.console.focused as? RefusalsOverlay)
        #expect(refusals.failures.count == 4 && refusals.batch == running + 4)
        #expect(try f.engine.instances(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).total == 1, "nothing sent")
        #expect(f.console.press(.clearMarks))
        #expect(f.console.overlays.isEmpty && f.console.context.marks.count == running)
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40))
                == "4 refused instances unmarked; b sets up the other \(running).")
        #expect(f.console.press(.batchSettings))
        for _ in 0..<4 { #expect(f.console.press(.nextField)) }
        #expect(f.console.press(.confirm))
        #expect(f.console.focused is ImpactConfirmation)
        #expect(f.console.press(.confirm))
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40))
                == "Cross-region backup to China (Shanghai) on for \(running) instances.")
        #expect(try f.engine.instances(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).total == running + 1)
    }

    @Test("> and I sort Backup Instances by cost in the engine; the header marks the column")
    func sorting() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        #expect(f.console.press(.showSection(1)))
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).map(\.id)
        let costs = try f.engine.costs(instanceIDs: ids)
        let dearest = ids.max { (costs[$0]!.projected30dUSD, $1) < (costs[$1]!.projected30dUSD, $0) }!
        for _ in 0..<7 { #expect(f.console.press(.sortNext)) }  // Instance → … → Log → … → Next 30d
        #expect(f.console.press(.sortInvert))
        #expect(f.console.selection == dearest)
        var query = InstanceFilter(set: .backup, regionID: "cn-hangzhou")
        query.order = InstanceOrder(.next30d, descending: true)
        let sorted = try f.engine.instanceIndex(query).map(\.id)
        let shown = Console.text(of: .page, in: f.console.render(width: 160, height: 40)).split(separator: "\n")
            .compactMap { line in line.split(separator: " ").first { $0.hasPrefix("rm-") }.map(String.init) }
        #expect(shown == Array(sorted.prefix(shown.count)) && shown.count > 10, "the rows on screen in the sort's order")
        let header = Console.text(of: .page, in: f.console.render(width: 160, height: 40)).split(separator: "\n")[3]
        #expect(header.hasSuffix("Next 30d ▼"), "\(header)")
        let sum = try f.engine.costTotals(InstanceFilter(set: .backup, regionID: "cn-hangzhou"))
        let page = Console.text(of: .page, in: f.console.render(width: 160, height: 40)).split(separator: "\n")
        let totals = String(page[page.count - 2])
        #expect(totals.hasPrefix("Total (\(ids.count))") && totals.hasSuffix(Format.usd(sum.projected30dUSD)),
                "\(totals)")
        #expect(f.console.press(.sortPrevious))
        #expect(Console.text(of: .page, in: f.console.render(width: 160, height: 40)).contains("Accrued ▲"))
    }

    @Test("Every column shown sorts; the sorted one is never the one a narrow table drops, and its header shows its mark whole")
    func sortedColumnStays() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        func header(_ width: Int, _ height: Int) -> String {
            // The table's header: the line that names the status column.
            Console.text(of: .page, in: f.console.render(width: width, height: height)).split(separator: "\n")
                .first { $0.contains("Status") }.map(String.init) ?? ""
        }
        // Instances: Instance, Status, Version, Cross-region, Edition, Storage, TDE, Zone: each in turn, each marked.
        for title in ["Status", "Version", "Cross-region", "Edition", "Storage", "TDE", "Zone"] {
            #expect(f.console.press(.sortNext))
            for (w, h) in [(120, 40), (80, 24)] {
                #expect(header(w, h).contains("\(title) ▲"), "\(title) at \(w): \(header(w, h))")
            }
        }
        var zone = InstanceFilter(set: .live, regionID: "cn-hangzhou")
        zone.order = InstanceOrder(.zone)
        #expect(f.console.selection == (try f.engine.instanceIndex(zone).first?.id))
        // Backup Instances at 80 columns: Retention sorted, shown whole with its mark; the Log, Retained, Accrued too.
        #expect(f.console.press(.showSection(1)))
        for (title, presses) in [("Retention", 3), ("Log", 1), ("Retained", 1), ("Accrued", 1)] {
            for _ in 0..<presses { #expect(f.console.press(.sortNext)) }
            for (w, h) in [(120, 40), (80, 24)] {
                #expect(header(w, h).contains("\(title) ▲"), "\(title) at \(w): \(header(w, h))")
            }
        }
    }

    @Test("In a terminal the totals row follows the frame: counting first, the figures once no key waits")
    func totalsAfterTheFrame() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        f.console.defersSlowWork = true
        #expect(f.console.press(.showSection(1)))
        func totalsLine() -> String {
            let page = Console.text(of: .page, in: f.console.render(width: 160, height: 40)).split(separator: "\n")
            return String(page[page.count - 2])
        }
        #expect(totalsLine().hasPrefix("Totals: counting..."))
        #expect(f.console.hasSlowWork)
        #expect(f.console.settle(), "what the frame shows comes before what is read ahead")
        let sum = try f.engine.costTotals(InstanceFilter(set: .backup, regionID: "cn-hangzhou"))
        let line = totalsLine()
        #expect(line.hasPrefix("Total (\(sum.instances))") && line.hasSuffix(Format.usd(sum.projected30dUSD)), "\(line)")
        // What is left reads ahead (the other tab, the other pages): it ends.
        var steps = 0
        while f.console.settle() && steps < 20 { steps += 1 }
        #expect(!f.console.hasSlowWork)
        #expect(totalsLine() == line, "kept until the state, the region or the filter changes")
        #expect(f.console.press(.sortNext))
        #expect(totalsLine().hasPrefix("Total ("), "a new order is the same rows: the totals stay")
    }

    @Test("Between keys a terminal draws the key's frame and the one that completes its answer at once, what is read ahead at most sixty times a second, and the last")
    func framePacing() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        f.console.defersSlowWork = true
        var pacing = FramePacing()
        // As the terminal loop does: a frame drawn when the pacing says (a frame leaves the work for later).
        func draws(at now: TimeInterval) -> Bool {
            guard pacing.shouldDraw(f.console, now: now) else { return false }
            _ = f.console.render(width: 120, height: 40)
            return true
        }
        #expect(f.console.press(.showSection(1)))
        pacing.owe()
        #expect(draws(at: 100), "the key's frame")
        #expect(!draws(at: 100.001), "drawn once")
        #expect(f.console.hasFrameWork)
        pacing.settle(f.console)
        #expect(!f.console.hasFrameWork && f.console.hasSlowWork, "the totals row is there; the rest is read ahead")
        #expect(draws(at: 100.002), "the frame that completes the answer, however soon")
        pacing.settle(f.console)
        #expect(f.console.hasSlowWork)
        #expect(!draws(at: 100.003), "reading ahead, within a sixtieth of a second")
        #expect(draws(at: 100.003 + FramePacing.interval), "a sixtieth of a second on")
        var steps = 0
        while f.console.hasSlowWork && steps < 20 {
            pacing.settle(f.console)
            steps += 1
        }
        #expect(!f.console.hasSlowWork)
        #expect(draws(at: 100.004 + FramePacing.interval), "nothing left: drawn")
        #expect(draws(at: 100.005 + FramePacing.interval), "idle, every wake draws (others' changes)")
    }

    @Test("A long totals row is summed a part at a time after the frame: keys between the parts are answered at once, and a change of the state starts it over")
    func totalsInParts() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        f.console.defersSlowWork = true
        f.console.context.partInstances = 3
        #expect(f.console.press(.showSection(1)))
        func totalsLine() -> String {
            let page = Console.text(of: .page, in: f.console.render(width: 160, height: 40)).split(separator: "\n")
            return String(page[page.count - 2])
        }
        let filter = InstanceFilter(set: .backup, regionID: "cn-hangzhou")
        // Summed by an engine of its own: the console's would keep the figures, and the first part would be the whole.
        func fresh() throws -> CostTotals { try Engine.open(path: f.engine.store.path).costTotals(filter) }
        let sum = try fresh()
        let billed = try f.engine.instances(filter, limit: 1_000).items.count
        #expect(billed > 9, "enough rows for several parts of 3")
        #expect(totalsLine().hasPrefix("Totals: counting..."))
        // Two parts, then a key: it moves the cursor at once, and the sum goes on where it was.
        #expect(f.console.settle() && f.console.settle())
        #expect(totalsLine().hasPrefix("Totals: counting..."), "two parts of 3 are not the whole")
        let before = f.console.selection
        #expect(f.console.press(.down))
        #expect(f.console.selection != before)
        var parts = 2
        while totalsLine().hasPrefix("Totals: counting...") && parts < 1_000 {
            #expect(f.console.settle())
            parts += 1
        }
        #expect(parts >= billed / 3, "one part of 3 a step: \(parts) steps for \(billed) rows")
        let line = totalsLine()
        #expect(line.hasPrefix("Total (\(sum.instances))") && line.hasSuffix(Format.usd(sum.projected30dUSD)), "\(line)")
        // The clock moves mid-way: the parts of the old state are dropped, and the new sum is the new state's.
        while f.console.settle() {}
        try f.engine.advanceClock(by: 30 * UTCTime.day)
        #expect(totalsLine().hasPrefix("Totals: counting..."))
        #expect(f.console.settle())
        try f.engine.advanceClock(by: 30 * UTCTime.day)
        var more = 0
        while totalsLine().hasPrefix("Totals: counting...") && more < 1_000 {
            #expect(f.console.settle())
            more += 1
        }
        let moved = try fresh()
        #expect(moved.projected30dUSD != sum.projected30dUSD)
        #expect(totalsLine().hasSuffix(Format.usd(moved.projected30dUSD)), "\(totalsLine())")
    }

    @Test("In a terminal the lists a key would show next are read once no key waits: the other tab, the other pages; not in All regions")
    func readAhead() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        f.console.defersSlowWork = true
        let ctx = f.console.context
        let crossRegion = try #require(f.console.root(of: 1) as? CrossRegionPage)
        let instances = try #require(f.console.root(of: 0) as? InstancesPage)
        func drain() -> Int {
            var steps = 0
            while steps < 50 && f.console.settle() {
                steps += 1
                _ = f.console.render(width: 120, height: 40)
            }
            return steps
        }
        _ = f.console.render(width: 120, height: 40)
        #expect(!crossRegion.backup.isRead(ctx) && !crossRegion.pending.isRead(ctx), "nothing read before the frame is out")
        #expect(drain() > 0 && !f.console.hasSlowWork, "read ahead, then nothing left")
        #expect(crossRegion.backup.isRead(ctx) && crossRegion.pending.isRead(ctx))
        // The state moves on its own (another process, the clock following the wall): nothing is read
        // for keys not pressed; after the next key, the lists are read again, once.
        let pending = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou"))
        _ = try f.engine.modifyPolicy(ids: [pending[0].id], change: PolicyChange(backupEnabled: true, destination: "cn-shanghai"))
        _ = f.console.render(width: 120, height: 40)
        _ = drain()  // what the frame on screen prepares (its own list's filter)
        #expect(!crossRegion.pending.isRead(ctx) && !crossRegion.backup.isRead(ctx) && !f.console.hasSlowWork)
        #expect(f.console.press(.down))
        _ = f.console.render(width: 120, height: 40)
        #expect(!crossRegion.pending.isRead(ctx))
        #expect(drain() > 0 && crossRegion.pending.isRead(ctx) && crossRegion.backup.isRead(ctx))
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab))
        let stillPending = Set(try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).map(\.id))
        #expect(f.console.selection.map(stillPending.contains) == true && !stillPending.contains(pending[0].id),
                "the tab shows the rows read ahead after the change")
        // Another region: its lists, read ahead as well.
        #expect(f.console.press(.commandLine))
        f.console.type("region cn-shanghai")
        #expect(f.console.press(.confirm))
        _ = f.console.render(width: 120, height: 40)
        _ = drain()
        #expect(ctx.region == "cn-shanghai" && instances.list.isRead(ctx) && crossRegion.backup.isRead(ctx))
        // All regions: only the list on screen is read (the others are the whole fleet).
        #expect(f.console.press(.commandLine))
        f.console.type("region all")
        #expect(f.console.press(.confirm))
        _ = f.console.render(width: 120, height: 40)
        _ = drain()
        #expect(ctx.region == nil && crossRegion.pending.isRead(ctx) && !crossRegion.backup.isRead(ctx) && !instances.list.isRead(ctx))
    }

    @Test("A value left to read ahead is read once when a key or the frame needs it first")
    func readAheadThenNeeded() throws {
        let f = try ConsoleFixture(options: .init(instances: 30, seed: 7))
        let ctx = f.console.context
        ctx.defersSlowWork = true
        var computed = 0
        func compute() -> Int { computed += 1; return 42 }
        // A key needs it before the console had time to read it ahead (`a` on a list).
        let byKey = SlowValue<Int>()
        #expect(try byKey.value(key: "k", ctx, ahead: true, compute) == nil)
        #expect(try byKey.now(key: "k", compute) == 42 && computed == 1)
        while ctx.settle() {}
        #expect(computed == 1, "not read again once no key waits")
        // The next frame shows it before it was read ahead: read once, with the frame's work.
        let byFrame = SlowValue<Int>()
        #expect(try byFrame.value(key: "k", ctx, ahead: true, compute) == nil)
        #expect(try byFrame.value(key: "k", ctx, compute) == nil)
        #expect(ctx.hasFrameWork && ctx.settle() && computed == 2)
        #expect(!ctx.hasSlowWork, "nothing left to read ahead")
        #expect(try byFrame.value(key: "k", ctx, compute) == 42 && computed == 2)
    }

    @Test("The plan of the marked rows is made ahead once no key waits, and not used once the state has moved")
    func batchPlanAhead() throws {
        let f = try ConsoleFixture()
        f.console.defersSlowWork = true
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab))
        let first = try #require(f.console.selection)
        #expect(f.console.press(.mark) && f.console.press(.down) && f.console.press(.mark))
        _ = f.console.render(width: 120, height: 40)
        #expect(f.console.hasSlowWork && f.console.settle(), "the plan of the two marked rows is made after the frame")
        _ = try f.engine.modifyPolicy(ids: [first], change: PolicyChange(backupEnabled: true, destination: "cn-shanghai"))
        #expect(f.console.press(.batchSettings))
        let dialog = Console.text(of: .page, in: f.console.render(width: 120, height: 40))
        #expect(dialog.contains("Cross-region Backup Settings") && !dialog.contains("2 instances"),
                "the enabled instance left Pending: the batch is of the other one alone\n\(dialog)")
    }

    @Test("The plan of many marked rows is gathered a part at a time after the frame; b before the last part gathers the rest and opens the whole plan")
    func batchPlanInParts() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        let (state, console) = BrokenState.console(over: f.engine)
        console.defersSlowWork = true
        console.context.partInstances = 3
        #expect(console.press(.showSection(1)) && console.press(.nextTab))
        let pending = try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).count
        #expect(pending > 9)
        #expect(console.press(.markAll))
        func parts() -> Int { state.asked.filter { $0 == SelectionQuery.name }.count }
        _ = console.render(width: 120, height: 40)
        // What the frame shows comes first, a step each (the totals row is on the other tab); then the plan, a part of 3 IDs a step.
        var steps = 0
        while parts() < 2 && steps < 100 {
            #expect(console.settle())
            steps += 1
        }
        #expect(parts() == 2, "one question of 3 IDs a step")
        #expect(console.press(.batchSettings))
        #expect(parts() == 2 + (pending - 6 + SelectionQuery.part - 1) / SelectionQuery.part, "b asks what is left, in parts as large as a question takes")
        let dialog = Console.text(of: .page, in: console.render(width: 120, height: 40))
        #expect(dialog.contains("Backup Settings · \(pending) instances"), "\(dialog)")
    }

    @Test(": runs commands: region with Tab completion, goto an instance anywhere, q; a wrong one says what there is")
    func commandLine() throws {
        let f = try ConsoleFixture()
        #expect(f.console.press(.commandLine))
        f.console.type("reg")
        #expect(f.console.press(.complete))
        f.console.type("shang")
        #expect(f.console.press(.complete))
        #expect((f.console.focused as? CommandLinePrompt)?.field.text == "region cn-shanghai")
        #expect(f.console.press(.confirm))
        #expect(f.console.context.region == "cn-shanghai" && f.console.overlays.isEmpty)
        let far = try f.engine.instances(InstanceFilter(set: .live, regionID: "eu-central-1"), limit: 5).items.last!
        #expect(f.console.press(.commandLine))
        f.console.type("goto \(far.id)")
        #expect(f.console.press(.confirm))
        #expect(f.console.context.region == "eu-central-1" && f.console.section == 0 && f.console.selection == far.id)
        let released = try f.engine.instances(InstanceFilter(set: .all), limit: 100).items.first { $0.isReleased }!
        #expect(f.console.press(.commandLine))
        f.console.type("goto \(released.id)")
        #expect(f.console.press(.confirm))
        #expect(f.console.section == 1 && f.console.selection == released.id)
        #expect(f.console.press(.commandLine))
        f.console.type("frobnicate")
        #expect(f.console.press(.confirm))
        let said = f.render(120, 40).text
        #expect(said.contains("Commands: region NAME-OR-ID|all, goto INSTANCE-ID, rpo SPAN|off, rto") && said.contains("SPAN|off, plan, q."))
        f.console.press("C-u")
        f.console.type("q")
        #expect(f.console.press(.confirm))
        #expect(f.console.quit)
    }

    @Test("x exports every row the filter shows, in its order, to CSV or JSON; an existing file is never overwritten")
    func export() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        #expect(f.console.press(.showSection(1)) && f.console.press(.sortNext) && f.console.press(.filter))
        f.console.type("rm-")
        #expect(f.console.press(.keepFilter))
        var filter = InstanceFilter(set: .backup, regionID: "cn-hangzhou", searchKey: "rm-")
        filter.order = InstanceOrder(.status)
        let ids = try f.engine.instanceIndex(filter).map(\.id)
        let csv = f.dir + "/backup.csv", json = f.dir + "/backup.json"
        #expect(f.console.press(.export))
        #expect((f.console.focused as? Prompt)?.field.text == "backup-instances-cn-hangzhou.csv")
        f.console.type(csv)
        #expect(f.console.press(.confirm))
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40)) == "Exported \(ids.count) rows to \(csv).")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "DBInstanceId,Description,Region,Status,Engine,EngineVersion,Zone,BackupEnabled,BackupRegion,RetentionDays,LogBackupEnabled,RetainedBytes,AccruedUSD,Next30dUSD")
        #expect(lines.dropFirst().map { String($0.split(separator: ",")[0]) } == ids)
        let before = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(f.console.press(.export))
        f.console.type(csv)
        #expect(f.console.press(.confirm))
        #expect(f.render(120, 40).text.contains("already: choose a new name (nothing is overwritten)."))
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == before)
        f.console.press("C-u")
        f.console.type(json)
        #expect(f.console.press(.confirm))
        let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [[String: Any]]
        #expect(rows.map { $0["DBInstanceId"] as? String } == ids)
        #expect(rows.allSatisfy { $0["RetentionDays"] is NSNumber && $0["BackupEnabled"] is Bool })
    }

    @Test("An export onto a full file system removes its partial file and says the disk is full",
          .enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func exportOntoFullDisk() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        let small = f.dir + "/small"
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=8k", "tmpfs", small]
        try mount.run()
        mount.waitUntilExit()
        try #require(mount.terminationStatus == 0, "tmpfs could not be mounted")
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [small]
            try? umount.run()
            umount.waitUntilExit()
        }
        // Every region's instances: some 40 KB of CSV, five times what the file system holds.
        #expect(f.console.press(.showSection(0)) && f.console.press(.commandLine))
        f.console.type("region all")
        #expect(f.console.press(.confirm) && f.console.press(.export))
        f.console.press("C-u")
        f.console.type(small + "/backup.csv")
        #expect(f.console.press(.confirm))
        #expect(f.console.focused is Prompt, "the prompt stays open for another name")
        let said = Console.text(of: .message, in: f.render(120, 40)) + " " + Console.text(of: .footer, in: f.render(120, 40))
        #expect(said.hasPrefix("the disk is full: \(small)/backup.csv was not written"), "\(said)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: small).isEmpty, "no hidden partial file either")
        #expect(!FileManager.default.fileExists(atPath: small + "/backup.csv"))
    }

    @Test("--read-only: a badge, the change keys shown off in the footer, and pressing one says why instead of opening a dialog")
    func readOnly() throws {
        let f = try ConsoleFixture()
        let console = Console(engine: f.engine, palette: .probe, readOnly: true)
        #expect(console.press(.showSection(1)) && console.press(.nextTab) && console.press(.mark))
        #expect(console.press(.batchSettings))
        #expect(console.overlays.isEmpty)
        let frame = console.render(width: 120, height: 40)
        #expect(Console.text(of: .message, in: frame)
                == "Read-only console: b (Backup Settings for the marked rows of this tab) is off.")
        #expect(Console.text(of: .topBar, in: frame).contains("READ-ONLY"))
        let footer = frame.line(39), styles = StyleLayer.of(frame, palette: .probe)[39]
        let b = footer.range(of: "b batch")!
        let at = footer.distance(from: footer.startIndex, to: b.lowerBound)
        #expect(Array(styles)[at] == StyleLayer.code(.textDisabled), "b shows as off")
        let space = footer.distance(from: footer.startIndex, to: footer.range(of: "Space mark")!.lowerBound)
        #expect(Array(styles)[space] == StyleLayer.code(.footerKey), "marking changes nothing: on")
        // An export writes a file, not the state: it works read-only.
        #expect(console.press(.export) && console.focused is Prompt)
        #expect(console.bindings.first { $0.command == .confirm }?.changesState == false)
    }

    @Test("t says what the stretch did; a jump beyond 30 days shows first what will be copied and expire")
    func clock() throws {
        let f = try ConsoleFixture()
        let t0 = try f.engine.now()
        let day = try f.engine.clockReport(from: t0, to: t0 + UTCTime.day)
        #expect(f.console.press(.advanceClock))
        f.console.type("1d")
        #expect(f.console.press(.confirm))
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40))
                == "Clock advanced to 2026-10-02T00:00:00Z: \(day.summary).")
        let t1 = try f.engine.now()
        let year = try f.engine.clockReport(from: t1, to: t1 + 365 * UTCTime.day)
        #expect(f.console.press(.advanceClock))
        f.console.type("1y")
        #expect(f.console.press(.confirm))
        let notYet = try f.engine.now()
        #expect(f.console.focused is ClockConfirmation && notYet == t1, "nothing moved yet")
        let screen = f.render(120, 40).text.replacingOccurrences(of: "\n", with: " ")
        #expect(screen.contains("Advance 365d, to 2027-10-02T00:00:00Z?"))
        #expect(screen.contains("\(Format.count(Int(year.setsExpired))) sets"))
        #expect(f.console.press(.cancel))
        #expect(try f.engine.now() == t1)
        #expect(f.console.press(.advanceClock))
        f.console.type("1y")
        #expect(f.console.press(.confirm) && f.console.press(.confirm))
        #expect(try f.engine.now() == t1 + 365 * UTCTime.day)
        // A long sentence goes on over the footer's line until the next key.
        let frame = f.console.render(width: 120, height: 40)
        #expect(Console.text(of: .message, in: frame) + " " + Console.text(of: .footer, in: frame)
                == "Clock advanced to 2027-10-02T00:00:00Z: \(year.summary).")
    }

    @Test("y copies the cursor row's instance ID, once, and says so")
    func copy() throws {
        let f = try ConsoleFixture()
        #expect(f.console.press(.down) && f.console.press(.copy))
        let id = try #require(f.console.selection)
        #expect(f.console.takeClipboard() == id && f.console.takeClipboard() == nil)
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40)) == "Copied \(id) to the clipboard.")
    }

    @Test("A message stays until the next command, which replaces it")
    func messages() throws {
        let f = try ConsoleFixture()
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab) && f.console.press(.markAll))
        let marked = Console.text(of: .message, in: f.console.render(width: 120, height: 40))
        #expect(marked == "\(f.console.context.marks.count) rows marked")
        f.console.type("zz")  // bound to nothing: the message stays
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40)) == marked)
        #expect(f.console.press(.down))
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40)) == "")
    }

    @Test("Typing in the filter: the console's letters are text, and leave the footer")
    func typingFilter() throws {
        let f = try ConsoleFixture()
        #expect(f.console.press(.filter))
        f.console.type("rq2t")
        #expect(f.console.pages.count == 1 && f.console.overlays.isEmpty, "r, q, 2 and t were typed, not obeyed")
        let frame = f.console.render(width: 120, height: 40)
        #expect(Console.text(of: .footer, in: frame) == "Enter keep  Esc clear")
        #expect(Console.text(of: .page, in: frame).contains("Filter: [rq2t_"))
        #expect(f.console.press(.clearFilter))
        #expect(!Console.text(of: .page, in: f.console.render(width: 120, height: 40)).contains("rq2t"))
        // A filter kept: the first Esc clears it and stays; the next goes back.
        #expect(f.console.press(.showSection(1)) && f.console.press(.filter))
        f.console.type("batch-1")
        #expect(f.console.press(.keepFilter))
        f.console.press("Esc")
        #expect(f.console.section == 1)
        #expect(Console.text(of: .page, in: f.console.render(width: 120, height: 40)).contains("/ to filter by ID or description"))
        f.console.press("Esc")
        #expect(f.console.section == 0)
    }

    @Test("R on the Cross-region Backup tab of Backup and Restoration restores from the set under the cursor")
    func restoreFromDetail() throws {
        let f = try SnapshotFixture()
        try f.openEnabled()
        #expect(!f.console.press(.restore), "not on the local backups tab")
        #expect(f.console.press(.nextTab) && f.console.press(.nextTab) && f.console.press(.down))
        #expect(f.console.press(.restore))
        let dialog = try #require(f.console.focused as? RestoreDialog)
        #expect(dialog.set.selected == dialog.plan.sets[1].id, "the second newest set, where the cursor is")
    }

    @Test("Restore into an existing instance: the source is offered, a wrong ID is said as typed, OK restores one database")
    func restoreIntoExisting() throws {
        let f = try SnapshotFixture()
        try f.openEnabled()
        #expect(f.console.press(.nextTab) && f.console.press(.nextTab) && f.console.press(.restore))
        let dialog = try #require(f.console.focused as? RestoreDialog)
        let source = dialog.plan.instanceID
        // Restore from, Backup set, Into region, then Restore to: Existing instance.
        for _ in 0..<3 { #expect(f.console.press(.nextField)) }
        #expect(f.console.press(.nextChoice))
        #expect(dialog.targetID.text == source, "in the source region the source itself is offered")
        #expect(f.console.press(.nextField))
        f.console.press("C-u")
        f.console.type("rm-nosuchinstance")
        let said = f.console.render(width: 120, height: 40).text
        #expect(said.contains("│ The DBInstanceId provided does not exist in records. No instance ") && said.contains("│ \"rm-nosuchinstance\".  "),
                "the engine's refusal, wrapped inside the dialog")
        f.console.press("C-u")
        f.console.type(source)
        #expect(f.console.press(.nextField) && f.console.press(.nextChoice))
        let database = try #require(dialog.database.selected)
        #expect(f.console.render(width: 120, height: 40).text.contains("restored as \(database)_backup"))
        #expect(f.console.press(.nextField) && f.console.press(.confirm))
        #expect(f.console.overlays.isEmpty)
        #expect(f.console.context.message?.text == "Restored 1 database of \(source) into \(source): \(database)_backup.")
        #expect(try f.engine.instance(id: source).restoredFrom == "\(source) backup set \(dialog.set.selected)")
    }

    @Test("A failure to read the state is an error line, never an empty table")
    func unreadable() throws {
        let f = try ConsoleFixture()
        let (broken, console) = BrokenState.console(over: f.engine)
        broken.failing = true
        let frame = console.render(width: 120, height: 40)
        #expect(Console.text(of: .page, in: frame).hasPrefix("Cannot read the state: the disk is gone"))
        #expect(Console.text(of: .message, in: frame) == "State unavailable: the disk is gone")
        #expect(!frame.text.contains("No instances"))
    }

    @Test("DR Readiness: a row per source region from the engine's drill; targets mark the failing rows in text and style; Enter, D, the clock")
    func drReadiness() throws {
        let f = try ConsoleFixture(palette: .probe)
        _ = try f.engine.advanceClock(by: 2 * UTCTime.day)
        #expect(f.console.press(.showSection(2)))
        #expect(f.console.selection == "cn-hangzhou", "the cursor starts on the region on screen")
        func page(_ w: Int = 140) -> [String] {
            Console.text(of: .page, in: f.console.render(width: w, height: 40)).components(separatedBy: "\n")
        }
        let sources = RulesEdition.seed.sources
        for region in sources {
            let s = try f.engine.drill(region: region.id).summary
            let line = try #require(page().first { $0.hasPrefix(region.id + "  ") })
            let want: [String] = [Format.count(s.instances), Format.count(s.protected), Format.count(s.unprotected),
                                  Format.span(s.worstRPOSeconds), Format.span(s.medianRPOSeconds),
                                  Format.span(s.slowestRestoreSeconds)]
            var rest = Substring(line.dropFirst(region.id.count + region.displayName.count))
            for cell in want {
                let found = rest.range(of: " " + cell)
                #expect(found != nil, "\(cell) in \(line)")
                if let found { rest = rest[found.upperBound...] }
            }
            #expect(rest.trimmingCharacters(in: .whitespaces).isEmpty, "\(line)")
        }
        #expect(!page().joined().contains("FAIL"), "no target, nothing fails")

        // :rpo 1h marks the regions with an instance over it, in words and in the warning style.
        #expect(f.console.press(.commandLine))
        f.console.type("rpo 1h")
        #expect(f.console.press(.confirm))
        #expect(f.console.context.message?.text == "RPO target 1h: DR Readiness marks the instances that miss it.")
        #expect(f.console.press(.down))
        let frame = f.console.render(width: 140, height: 40)
        let text = frame.text.components(separatedBy: "\n"), styles = StyleLayer.of(frame, palette: .probe)
        for region in sources {
            let s = try f.engine.drill(region: region.id, rpoTarget: 3600).summary
            let y = try #require(text.firstIndex { $0.contains(region.id + "  ") })
            let x = text[y].range(of: region.id)!.lowerBound.utf16Offset(in: text[y])
            let style = styles[y][styles[y].index(styles[y].startIndex, offsetBy: x)]
            #expect(text[y].hasSuffix(s.failed > 0 ? "FAIL: \(Format.count(s.failed))" : "pass"), "\(text[y])")
            let cursor = region.id == "cn-shanghai"
            #expect(style == StyleLayer.code(cursor ? .rowSelected : s.failed > 0 ? .textWarn : .row), "\(region.id)")
        }

        // Enter: the region's instances in the drill's order, each with its reason.
        #expect(f.console.press(.up) && f.console.press(.open))
        let report = try f.engine.drill(region: "cn-hangzhou", rpoTarget: 3600)
        #expect(f.console.selection == report.rows.first?.instanceID)
        let rows = page()
        #expect(rows[0] == "DR Readiness · China (Hangzhou), as if lost now")
        #expect(rows.joined(separator: " ").contains(report.sentence) && report.sentence.hasSuffix("against RPO 1h: 1 pass, 63 fail"),
                "\(report.sentence)")
        let first = report.rows[0]
        #expect(rows.contains { $0.hasPrefix(first.instanceID) && $0.contains("FAIL unprotected") })
        #expect(rows.contains("\(first.instanceID): \(first.reason)"), "the cursor row's whole reason")
        #expect(f.console.press(.last) && f.console.selection == report.rows.last?.instanceID)
        // x: the report as the command line's CSV, to a new file only.
        let file = f.dir + "/drill.csv"
        #expect(f.console.press(.export))
        #expect(Console.text(of: .page, in: f.console.render(width: 140, height: 40))
            .contains("drill-cn-hangzhou-\(UTCTime.format(report.at).replacingOccurrences(of: ":", with: "")).csv"))
        f.console.press("C-u")
        f.console.type(file)
        #expect(f.console.press(.confirm))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == report.csv)
        #expect(f.console.context.message?.text == "Exported \(report.rows.count) rows to \(file).")

        // D keeps a report at its moment; the live list follows the clock.
        let then = try f.engine.now()
        #expect(f.console.press(.drill))
        #expect(page()[0] == "Drill · China (Hangzhou) lost at \(UTCTime.format(then))")
        _ = try f.engine.advanceClock(by: UTCTime.day)
        #expect(page().joined(separator: " ").contains("cn-hangzhou lost at \(UTCTime.format(then))"))
        #expect(f.console.press(.back))
        #expect(page().joined(separator: " ").contains("cn-hangzhou lost at \(UTCTime.format(then + UTCTime.day))"))

        // Targets off, and a span that is not one.
        #expect(f.console.press(.commandLine))
        f.console.type("rpo off")
        #expect(f.console.press(.confirm) && f.console.context.rpoTarget == nil)
        #expect(f.console.press(.commandLine))
        f.console.type("rto soon")
        #expect(f.console.press(.confirm) && f.console.context.rtoTarget == nil)
        #expect(Console.text(of: .page, in: f.console.render(width: 140, height: 40)).contains("RTO target:"))
    }
}

/// A state that can be made to fail every read.
final class BrokenState: StateAccess {
    let engine: Engine
    var failing = false
    init(_ engine: Engine) { self.engine = engine }

    /// A console over `engine` through a `BrokenState`, and that state.
    static func console(over engine: Engine) -> (BrokenState, Console) {
        let state = BrokenState(engine)
        return (state, Console(engine: state, palette: Palette.probe))
    }

    struct Gone: Error, CustomStringConvertible { var description: String { "the disk is gone" } }
    func check() throws { if failing { throw Gone() } }
    var servedFrom: String? { nil }

    func now() throws -> Seconds { try check(); return try engine.now() }
    func rulesEdition() throws -> RulesEdition { try check(); return engine.rules }
    func changeToken() throws -> Int64 { try check(); return try engine.changeToken() }
    /// The questions asked, by name; an index of some instances by ID is "InstanceIndex(ids)".
    private(set) var asked: [String] = []
    func ask<Q: StateQuery>(_ query: Q) throws -> Q.Answer {
        try check()
        asked.append((query as? InstanceIndexQuery)?.filter.ids != nil ? "InstanceIndex(ids)" : Q.name)
        return try engine.ask(query)
    }
    func drill(region: String, at: Seconds?, rpoTarget: Seconds?, rtoTarget: Seconds?) throws -> DrillReport {
        try check()
        return try engine.drill(region: region, at: at, rpoTarget: rpoTarget, rtoTarget: rtoTarget)
    }
    /// What the next previews answer instead of the engine's impact.
    var impactFailure: EngineError?
    func policyImpact(ids: [String], change: PolicyChange, regionID: String?) throws -> PolicyImpact {
        try check()
        if let impactFailure { throw impactFailure }
        return try engine.policyImpact(ids: ids, change: change, regionID: regionID)
    }
    func changePolicy(ids: [String], change: PolicyChange, regionID: String?) throws -> [String] {
        try check()
        return try engine.changePolicy(ids: ids, change: change, regionID: regionID)
    }
    func restore(_ request: RestoreRequest) throws -> Instance { try check(); return try engine.restore(request) }
    func restore(_ tables: TableRestore) throws -> Instance { try check(); return try engine.restore(tables) }
    func releaseInstance(id: String) throws -> Instance { try check(); return try engine.releaseInstance(id: id) }
    func advanceClock(by seconds: Seconds) throws -> Seconds { try check(); return try engine.advanceClock(by: seconds) }
}

/// `--read-only` walked as a user would: every page and tab, every key the `?` list marks `*`.
@Suite("Read-only console")
struct ReadOnlyWalkTests {
    /// Presses every key of the focused page that can change the state: none opens anything.
    private func pressEveryChange(_ console: Console, on page: String) {
        let changing = console.bindings.filter(\.changesState)
        #expect(!changing.isEmpty, "\(page) has keys that change the state")
        for binding in changing {
            console.handle(binding.keys[0])
            #expect(console.overlays.isEmpty, "\(page): \(binding.label) opened \(String(describing: console.overlays.last))")
            let message = Console.text(of: .message, in: console.render(width: 120, height: 40))
            #expect(message == "Read-only console: \(binding.label) (\(binding.help)) is off.", "\(page)")
        }
    }

    @Test("Every binding marked * refuses before it opens a dialog, on every page and tab; More greys its changes")
    func everyChangeKeyRefuses() throws {
        let f = try ConsoleFixture()
        let console = Console(engine: f.engine, palette: .probe, readOnly: true)
        pressEveryChange(console, on: "Instances")
        #expect(console.press(.open) && console.pages.last is BackupRestorationPage)
        for tab in ["data", "log", "cross-region"] {
            pressEveryChange(console, on: "Backup and Restoration, \(tab)")
            #expect(console.press(.nextTab))
        }
        #expect(console.press(.back) && console.press(.showSection(1)))
        pressEveryChange(console, on: "Backup Instances")
        #expect(console.press(.open) && console.pages.last is RetainedFilesPage)
        pressEveryChange(console, on: "Retained files")
        #expect(console.press(.back) && console.press(.nextTab))
        #expect(console.press(.mark))
        pressEveryChange(console, on: "Pending Instances")
        #expect(console.press(.showSection(2)))
        pressEveryChange(console, on: "DR Readiness")  // t moves the clock
        // m → More: the changes are off, with the reason; Enter on one opens nothing.
        #expect(console.press(.showSection(0)) && console.press(.more))
        let menu = console.render(width: 120, height: 40)
        #expect(menu.text.contains("Cross-region Backup Settings  (not available)"))
        #expect(menu.text.contains("Release instance  (not available)"))
        #expect(menu.text.contains("Read-only console: the items that change the state are off."))
        #expect(console.press(.confirm))
        #expect(console.overlays.isEmpty)
        #expect(Console.text(of: .message, in: console.render(width: 120, height: 40)).hasSuffix("Read-only console: the items that change the state are off."))
        #expect(console.press(.more) && console.press(.last) && console.press(.confirm) && console.overlays.isEmpty)
    }
}

@Suite("Batches across regions")
struct AcrossRegionsTests {
    @Test("All regions: a marks every region's pending rows, b opens one dialog for them, OK previews them all, Enter applies all in one go")
    func batchAcrossRegions() throws {
        let f = try ConsoleFixture()
        for region in ["cn-beijing", "cn-shanghai"] {
            for _ in 0..<3 { _ = try f.engine.createInstance(NewInstance(regionID: region)) }
        }
        try f.engine.advanceClock(by: UTCTime.hour)
        let joining = try f.engine.instanceIndex(InstanceFilter(set: .pending).joiningBatch).map(\.id)
        let regions = Set(try f.engine.instances(ids: joining).map(\.regionID))
        try #require(regions.isSuperset(of: ["cn-hangzhou", "cn-beijing", "cn-shanghai"]))
        #expect(f.console.press(.pickRegion) && f.console.press(.first) && f.console.press(.confirm))
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab) && f.console.press(.markAll))
        #expect(f.console.context.marks == Set(joining))
        #expect(f.console.press(.batchSettings))
        let dialog = try #require(f.console.focused as? SettingsDialog)
        #expect(dialog.plan.regionID == nil && Set(dialog.plan.sourceRegions) == regions)
        let screen = f.console.render(width: 120, height: 40).text
        #expect(screen.contains("\(regions.count) regions"))
        #expect(screen.contains("Each region's first destination"))
        for _ in 0..<4 { #expect(f.console.press(.nextField)) }
        #expect(f.console.press(.confirm))
        #expect(f.console.focused is ImpactConfirmation)
        #expect(f.console.render(width: 120, height: 40).text.contains("\(Format.count(joining.count)) instances will change:"))
        #expect(f.console.press(.confirm))
        #expect(f.console.overlays.isEmpty)
        let changed = try f.engine.instances(ids: joining)
        #expect(changed.allSatisfy { $0.backupEnabled && $0.backupRegion == f.engine.rules.destinations(from: $0.regionID).first })
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40))
                == "Cross-region backup to each region's first destination on for \(Format.count(joining.count)) instances.")
    }
}

@Suite("Refusals and marks")
struct RefusalsAndMarksTests {
    @Test("One refusal in a batch: the list all the same, 'N of M refused', u unmarks it; the dialog says it too")
    func oneRefusal() throws {
        let f = try SnapshotFixture()
        try f.creatingInstances(1)
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab) && f.console.press(.markAll))
        let running = f.console.context.marks.count
        try f.filter(to: "new-orders")
        #expect(f.console.press(.mark))
        #expect(f.console.press(.filter) && f.console.press(.clearFilter) && f.console.press(.batchSettings))
        for _ in 0..<4 { #expect(f.console.press(.nextField)) }
        #expect(f.console.press(.confirm))
        let refusals = try #require(f.console.focused as? RefusalsOverlay)
        #expect(refusals.failures.count == 1)
        let screen = f.console.render(width: 120, height: 40)
        #expect(screen.text.contains("1 of \(Format.count(running + 1)) refused: nothing was changed."))
        #expect(Console.text(of: .footer, in: screen).contains("u unmark refused"))
        #expect(f.console.press(.cancel) && f.console.focused is SettingsDialog)
        #expect(f.console.render(width: 120, height: 40).text.contains("1 of \(Format.count(running + 1)) refused: nothing was changed."))
    }

    @Test("A marked instance released elsewhere leaves the marks: the top bar and the page count the same rows")
    func releasedElsewhere() throws {
        let f = try ConsoleFixture()
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab))
        for _ in 0..<3 { #expect(f.console.press(.mark)) }
        let marked = f.console.context.marks
        #expect(Console.text(of: .topBar, in: f.console.render(width: 120, height: 40)).hasSuffix("3 marked in China (Hangzhou)"))
        _ = try f.engine.releaseInstance(id: try #require(marked.first))
        let screen = f.console.render(width: 120, height: 40)
        #expect(Console.text(of: .topBar, in: screen).hasSuffix("2 marked in China (Hangzhou)"))
        #expect(Console.text(of: .page, in: screen).contains("b Backup Settings for 2 marked"))
        #expect(f.console.context.marks == marked.subtracting([marked.first!]))
        // In a terminal the check waits until the frame is out, then the next frame counts the same rows.
        f.console.defersSlowWork = true
        let second = try #require(f.console.context.marks.first)
        _ = try f.engine.releaseInstance(id: second)
        _ = f.console.render(width: 120, height: 40)
        #expect(f.console.context.marks.contains(second), "not on the frame's time")
        while f.console.settle() {}
        let after = f.console.render(width: 120, height: 40)
        #expect(Console.text(of: .topBar, in: after).hasSuffix("1 marked in China (Hangzhou)"))
        #expect(Console.text(of: .page, in: after).contains("b Backup Settings for 1 marked"))
    }

    @Test("Marks made from the lists on screen are not asked about again until the state moves")
    func marksCheckedOnceTheStateMoves() throws {
        let f = try ConsoleFixture()
        let (state, console) = BrokenState.console(over: f.engine)
        console.defersSlowWork = true
        func frame() { _ = console.render(width: 120, height: 40); while console.settle() {} }
        frame()
        #expect(console.press(.showSection(1)) && console.press(.nextTab))
        frame()
        #expect(console.press(.markAll))
        frame()
        for _ in 0..<3 { #expect(console.press(.down)); frame() }
        let marked = console.context.marks
        try #require(marked.count > 10)
        #expect(!state.asked.contains("InstanceIndex(ids)"), "the marks are the rows just listed")
        _ = try f.engine.releaseInstance(id: try #require(marked.first))
        frame()
        #expect(state.asked.filter { $0 == "InstanceIndex(ids)" }.count == 2, "Pending and Backup asked once the state moved")
        #expect(console.context.marks == marked.subtracting([marked.first!]))
    }
}

@Suite("The impact preview")
struct ImpactPreviewTests {
    @Test("One instance: a refusal of the preview is said under the fields; a server that cannot answer, on the message line")
    func loneInstanceRefusalOrFailure() throws {
        let f = try ConsoleFixture()
        let (state, console) = BrokenState.console(over: f.engine)
        let id = try #require(try f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).first?.id)
        func frame() { _ = console.render(width: 120, height: 40) }
        frame()
        #expect(console.press(.showSection(1)) && console.press(.nextTab))
        frame()
        #expect(console.press(.filter))
        console.type(id)
        #expect(console.press(.keepFilter))
        frame()
        #expect(console.press(.settings))
        let dialog = try #require(console.focused as? SettingsDialog)
        #expect(dialog.plan.ids == [id])
        for _ in 0..<4 { #expect(console.press(.nextField)) }
        #expect(dialog.focus == SettingsDialog.ok)
        state.impactFailure = EngineError(.endpointUnreachable, "Cannot reach http://127.0.0.1:1/: connection refused.")
        #expect(console.press(.confirm))
        #expect(console.focused === dialog && dialog.refusal.isEmpty)
        #expect(Console.text(of: .message, in: console.render(width: 120, height: 40)).contains("Cannot reach http://127.0.0.1:1/"))
        state.impactFailure = EngineError(.incorrectDBInstanceState, "\(id) is Creating.")
        #expect(dialog.focus == SettingsDialog.ok && console.press(.confirm))
        #expect(console.focused === dialog && dialog.refusal.count == 1 && dialog.refusal[0].hasPrefix("\(id): "))
        #expect(dialog.refusal[0].contains("is Creating."))
    }

    @Test("Shortening 15 → 14 days on one instance: the preview names the change, the files kept longer (R5.2's floor) and the cost with its sign")
    func shorteningKeepsSomeLonger() throws {
        let f = try ConsoleFixture()
        let inst = try #require(try f.engine.instances(InstanceFilter(set: .backup, regionID: "cn-hangzhou"), limit: 500).items
            .first { $0.backupEnabled && $0.retentionDays >= 15 })
        // Fifteen days for more than a week, so that the floor of the last change has passed.
        try f.engine.modifyPolicy(ids: [inst.id], change: PolicyChange(retentionDays: 15))
        try f.engine.advanceClock(by: 8 * UTCTime.day)
        let expected = try f.engine.policyImpact(ids: [inst.id], change: PolicyChange(retentionDays: 14))
        try #require(expected.filesKeptLonger > 0)
        #expect(f.console.press(.showSection(1)) && f.console.press(.filter))
        f.console.type(inst.id)
        #expect(f.console.press(.keepFilter) && f.console.press(.settings))
        #expect(f.console.press(.nextField) && f.console.press(.nextField))
        f.console.press("Backspace", "Backspace")
        f.console.type("14")
        #expect(f.console.press(.nextField) && f.console.press(.nextField) && f.console.press(.confirm))
        #expect(f.console.focused is ImpactConfirmation, "one instance gets the preview too")
        let screen = f.console.render(width: 120, height: 40).text.replacingOccurrences(of: "│", with: " ")
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(screen.contains("1 instance will change: retention 14 days."))
        #expect(screen.contains("\(Format.count(expected.filesKeptLonger)) retained file\(expected.filesKeptLonger == 1 ? "" : "s")"))
        #expect(screen.contains("will be kept longer."))
        let delta = expected.projected30dAfterUSD - expected.projected30dBeforeUSD
        let sign = delta > 0 ? "+\(Format.usd(delta)), costs more" : delta < 0 ? "−\(Format.usd(-delta)), saves" : "no change"
        #expect(screen.contains("Storage, next 30 days: \(Format.usd(expected.projected30dBeforeUSD)) → \(Format.usd(expected.projected30dAfterUSD)) (\(sign))."))
        #expect(f.console.press(.confirm))
        #expect(try f.engine.instance(id: inst.id).retentionDays == 14)
    }
}

@Suite("Long work")
struct LongWorkTests {
    @Test("An export runs a step at a time between frames, says how far, waits on other keys; Esc stops it and leaves no file")
    func exportProgressAndStop() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        f.console.defersSlowWork = true
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .live)).map(\.id)
        try #require(ids.count > 100)
        let target = URL(fileURLWithPath: f.dir + "/out.csv")
        func start() throws {
            f.console.start(try ExportJob(ids: ShownIDs(ids), to: target, f.console.context, stepRows: 50), from: f.console.focused)
        }
        func message() -> String { Console.text(of: .message, in: f.console.render(width: 120, height: 40)) }
        try start()
        #expect(message() == "Exporting 50 of \(ids.count) rows to out.csv… (Esc stops)")
        let before = f.console.selection
        f.console.press("j", "2")
        #expect(f.console.selection == before && f.console.section == 0, "keys wait while the rows are written")
        #expect(f.console.settle())
        #expect(message() == "Exporting 100 of \(ids.count) rows to out.csv… (Esc stops)")
        f.console.press("Esc")
        #expect(message() == "Export stopped at 100 of \(ids.count) rows: nothing was written.")
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.dir).filter { $0.contains("out.csv") }.isEmpty,
                "neither the file nor its hidden part")
        try start()
        while f.console.settle() {}
        #expect(message() == "Exported \(ids.count) rows to \(target.path).")
        let lines = try String(contentsOf: target, encoding: .utf8).split(separator: "\n")
        #expect(lines.dropFirst().map { String($0.split(separator: ",")[0]) } == ids)
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.dir).filter { $0.contains("out.csv") } == ["out.csv"])
    }

    @Test("An export flushed to the disk every few hundred bytes, beside its steps, writes the file it writes flushed once at the end; stopped, it leaves none")
    func exportFlushedAsItGoes() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        let ids = try f.engine.instanceIndex(InstanceFilter(set: .live)).map(\.id)
        func export(_ name: String, flushEvery: Int) throws -> Data {
            let target = URL(fileURLWithPath: f.dir + "/" + name)
            f.console.start(try ExportJob(ids: ShownIDs(ids), to: target, f.console.context, stepRows: 20, flushEvery: flushEvery),
                            from: f.console.focused)
            while f.console.settle() {}
            #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40)) == "Exported \(ids.count) rows to \(target.path).")
            return try Data(contentsOf: target)
        }
        for ext in ["csv", "json"] {
            let often = try export("often.\(ext)", flushEvery: 300)
            #expect(often.count > 20 * 300, "many flushes")
            #expect(often == (try export("once.\(ext)", flushEvery: .max)))
        }
        f.console.defersSlowWork = true
        let stopped = URL(fileURLWithPath: f.dir + "/stopped.csv")
        f.console.start(try ExportJob(ids: ShownIDs(ids), to: stopped, f.console.context, stepRows: 20, flushEvery: 100),
                        from: f.console.focused)
        #expect(f.console.settle() && f.console.settle())
        f.console.press("Esc")
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.dir).filter { $0.contains("stopped.csv") }.isEmpty)
    }

    @Test("A JSON export whose first step finds none of its IDs is still one valid array of the rows that answer")
    func exportSkipsWhatNoLongerAnswers() throws {
        let f = try ConsoleFixture(options: .init(instances: 300, seed: 7))
        let ids = Array(try f.engine.instanceIndex(InstanceFilter(set: .live)).map(\.id).prefix(7))
        let target = URL(fileURLWithPath: f.dir + "/out.json")
        f.console.start(try ExportJob(ids: ShownIDs(["rm-nosuchinstance0", "rm-nosuchinstance1"] + ids), to: target, f.console.context,
                                      stepRows: 2), from: f.console.focused)
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40)) == "Exported 7 rows to \(target.path).")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: target)) as? [[String: Any]])
        #expect(rows.map { $0["DBInstanceId"] as? String } == ids)
        let none = URL(fileURLWithPath: f.dir + "/none.json")
        f.console.start(try ExportJob(ids: ShownIDs(["rm-nosuchinstance0"]), to: none, f.console.context), from: f.console.focused)
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: none)) as? [Any] != nil)
    }

    /// A console in a terminal's way (slow work after the frame) with the settings dialog of every
    /// pending instance of the first region open, and the change its OK sends.
    private func batchDialog() throws -> (ConsoleFixture, SettingsDialog, PolicyChange) {
        let f = try ConsoleFixture()
        f.console.defersSlowWork = true
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab) && f.console.press(.markAll))
        while f.console.settle() {}
        #expect(f.console.press(.batchSettings))
        let dialog = try #require(f.console.focused as? SettingsDialog)
        try #require(dialog.plan.ids.count > 40)
        return (f, dialog, try #require(try dialog.plan.change(for: dialog.plan.initial)))
    }

    @Test("The preview of a batch runs a part at a time, says how far; Esc stops it and the dialog stays; the parts add up to the whole")
    func previewProgressAndStop() throws {
        let (f, dialog, change) = try batchDialog()
        let ids = dialog.plan.ids
        func start() {
            f.console.start(dialog.preview(change, f.console.context, stepInstances: 20), from: dialog)
        }
        func message() -> String { Console.text(of: .message, in: f.console.render(width: 120, height: 40)) }
        start()
        #expect(message() == "Previewing the change: 20 of \(ids.count) instances… (Esc stops)")
        f.console.press("Esc")
        #expect(message() == "Preview stopped: nothing was changed." && f.console.focused === dialog)
        start()
        while f.console.settle() {}
        let confirmation = try #require(f.console.focused as? ImpactConfirmation)
        let whole = try f.engine.policyImpact(ids: ids, change: change)
        #expect(confirmation.impact.instances == whole.instances && confirmation.impact.change == whole.change)
        #expect(confirmation.impact.filesExpiringEarlier == whole.filesExpiringEarlier)
        #expect(abs(confirmation.impact.projected30dAfterUSD - whole.projected30dAfterUSD) < 0.005 * Double(ids.count / 20 + 1))
        #expect(try f.engine.instances(ids: ids).allSatisfy { !$0.backupEnabled }, "nothing applied yet")
    }

    @Test("Instances that refuse in different parts of a preview: every part is checked, then the list names them all")
    func previewRefusalsInParts() throws {
        let (f, dialog, change) = try batchDialog()
        let ids = dialog.plan.ids
        // Released elsewhere after the dialog opened: the first part's second instance, and the last part's.
        let gone = [ids[1], ids[ids.count - 2]]
        for id in gone { _ = try f.engine.releaseInstance(id: id) }
        let before = try f.engine.instances(ids: ids)
        f.console.start(dialog.preview(change, f.console.context, stepInstances: 20), from: dialog)
        #expect(f.console.focused === dialog, "the first part refused; the others are still to check")
        while f.console.settle() {}
        let refusals = try #require(f.console.focused as? RefusalsOverlay)
        #expect(refusals.failures.map(\.instanceID) == gone && refusals.failures.allSatisfy { $0.code == .incorrectDBInstanceState })
        #expect(f.console.render(width: 120, height: 40).text.contains("2 of \(Format.count(ids.count)) refused: nothing was changed."))
        #expect(try f.engine.instances(ids: ids) == before, "nothing was changed")
        // Released elsewhere, they leave the marks once a frame sees the state moved: u says so.
        _ = f.console.render(width: 120, height: 40)
        while f.console.settle() {}
        #expect(f.console.context.marks.isDisjoint(with: gone))
        f.console.press("u")
        #expect(Console.text(of: .message, in: f.console.render(width: 120, height: 40))
                == "No refused instance is marked any more; b sets up the other \(Format.count(ids.count - 2)).")
    }
}

@Suite("List index")
struct ListIndexTests {
    /// IDs and descriptions of every kind: ASCII in both cases, CJK, letters that lower-case
    /// beyond ASCII (`É`, `İ`, the Kelvin sign).
    static let rows: [InstanceIndexEntry] = (0..<500).map { i in
        let words = ["Orders-\(i)", "billing-\(i)", "会员积分-\(i)", "ÉTÉ-\(i)", "İzmir-\(i)", "\u{212A}elvin-\(i)"]
        return InstanceIndexEntry(id: "rm-\(String(i * 7919 % 100_003, radix: 36))x\(i % 13)", description: words[i % words.count])
    }

    /// What a scan of every row with `lowercased()` keeps.
    static func scan(_ t: String) -> [String] {
        let t = t.lowercased()
        return t.isEmpty ? rows.map(\.id) : rows.filter { $0.id.lowercased().contains(t) || $0.description.lowercased().contains(t) }.map(\.id)
    }

    @Test("Typing on narrows what the last filter kept; any other change searches again: always what a scan would keep")
    func narrowing() {
        let index = ListIndex(key: "k", token: 1, rows: InstanceIndex(Self.rows))
        for text in ["o", "or", "ORD", "orde", "ord", "b", "bi", "billing-1", "billing-12", "x1", "x12", "", "1", "12", "1",
                     "会员", "会员积分-1", "été", "ÉTÉ-4", "i̇z", "kelvin", "KELVIN-5", "ı"] {
            #expect(Array(index.filter(text)) == Self.scan(text), "\(text)")
        }
    }

    @Test("The substring test folds ASCII letters of the text it reads, either case first, and tries every place the needle may begin")
    func substring() {
        func has(_ hay: String, _ needle: String, folding: Bool = true) -> Bool {
            Array(hay.utf8).withUnsafeBufferPointer { h in
                Array(needle.utf8).withUnsafeBufferPointer { n in
                    let table: [UInt8] = (0...255).map { b in folding && (65...90).contains(b) ? UInt8(b + 32) : UInt8(b) }
                    return table.withUnsafeBufferPointer { ListIndex.contains(h, n, fold: $0) }
                }
            }
        }
        #expect(has("aXbxc", "xc") && has("aXbXC", "xc") && has("Xc", "xc") && has("abc", "") && has("ab-1", "-1"))
        #expect(!has("aXbXd", "xc") && !has("x", "xc") && !has("", "x") && !has("abc", "cd"))
        #expect(has("ORDERS-12", "orders-1") && !has("ORDERS-12", "orders-1", folding: false) && has("orders-12", "orders-1", folding: false))
        #expect(has("会员积分-1", "积分") && !has("会员积分-1", "积分-2") && has("xxxxxxxxy", "xy") && has("@", "@") && !has("`", "@"))
    }

    @Test("Backspace goes back through the texts typed, a text typed otherwise (pasted, cut in the middle) searches: always what a scan would keep")
    func goingBack() {
        let index = ListIndex(key: "k", token: 1, rows: InstanceIndex(Self.rows))
        let typed = ["b", "bi", "bil", "billing", "billing-", "billing-1", "billing-13"]
        var texts = typed + typed.reversed().dropFirst() + ["", "billing-1", "billing-13", "billing-2", "billing-", "b", "bill"]
        texts += ["billing-13", "BILLING-1", "billing", "xbilling", "billing-", "", "o", "orders-1", "or", "orders-12", "o", "", "x"]
        for text in texts { #expect(Array(index.filter(text)) == Self.scan(text), "\(text)") }
    }

    @Test("An ID is found among the rows shown, by string or by another index's bytes, in the list's order")
    func lookup() {
        let index = ListIndex(key: "k", token: 1, rows: InstanceIndex(Self.rows))
        let shown = index.filter("billing")
        let expected = Self.scan("billing")
        #expect(Array(shown) == expected)
        for (i, id) in expected.enumerated() { #expect(shown.offset(of: id) == i) }
        #expect(shown.offset(of: Self.scan("orders")[0]) == nil, "filtered out")
        #expect(shown.offset(of: "rm-nosuchinstance0") == nil)
        let some = Self.rows.map(\.id).enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        #expect(shown.shown(Set(some)) == expected.filter(Set(some).contains))
        #expect(shown.countShown(Set(some)) == expected.filter(Set(some).contains).count)
        let other = InstanceIndex(some.reversed().map { InstanceIndexEntry(id: $0, description: "") })
        #expect(shown.shown(other) == expected.filter(Set(some).contains))
    }

    @Test("The index travels as its IDs and its descriptions and comes back the same; a lopsided one is refused")
    func coding() throws {
        let index = InstanceIndex(Self.rows)
        let json = try JSONEncoder().encode(index)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: [String]])
        #expect(object["Ids"] == Self.rows.map(\.id) && object["Descriptions"] == Self.rows.map(\.description))
        #expect(try JSONDecoder().decode(InstanceIndex.self, from: json) == index)
        #expect(Array(index) == Self.rows)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(InstanceIndex.self, from: Data(#"{"Ids":["rm-a","rm-b"],"Descriptions":["x"]}"#.utf8))
        }
    }
}
