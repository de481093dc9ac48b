@testable import ConsoleApp
import CrossRegionEngine
import Foundation
import Testing
import TerminalKit

/// The console rendered into a buffer, driven by key names: no terminal needed.
final class ConsoleFixture {
    let dir: String
    let engine: Engine
    let console: Console

    init(options: DemoFleet.Options = .standard, region: String = "cn-hangzhou",
         palette: Palette = Palette(theme: BuiltinThemes.mono, colors: 256)) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-ui-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        engine = try Engine.open(path: dir + "/state.sqlite", firstRun: options)
        console = Console(engine: engine, region: region, palette: palette)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func screen(_ w: Int = 120, _ h: Int = 40) -> String { console.render(width: w, height: h).text }
    func render(_ w: Int, _ h: Int) -> Buffer { console.render(width: w, height: h) }
}

@Suite("Console pages")
struct ConsoleTests {
    static var themesDir: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes").path
    }

    @Test("Every shipped theme is built in, loads and defines every slot; the files beside the package are the same texts")
    func themesLoad() throws {
        let none: [String: String] = ["HOME": "/nonexistent"]
        #expect(Theme.available(searchPath: BuiltinThemes.userFolders(environment: none), builtin: BuiltinThemes.texts)
                == ["aliyun", "dark", "high-contrast", "mono"])
        for name in BuiltinThemes.texts.keys {
            let t = try BuiltinThemes.load(name, environment: none)
            #expect(Set(t.slots.keys).isSuperset(of: Theme.requiredSlots), "\(name)")
            let file = try String(contentsOfFile: Self.themesDir + "/" + name + ".toml", encoding: .utf8)
            #expect(file == BuiltinThemes.texts[name], "\(name): the embedded text is the shipped file")
        }
        let aliyun = try BuiltinThemes.load("aliyun", environment: none)
        #expect(aliyun.style(.rowSelected, colors: 256).bg == .index(223))
        #expect(aliyun.style(.rowSelected, colors: 8).bg == .index(3))
        #expect(aliyun.style(.rowSelected, colors: 0).bg == .terminalDefault)
        let unknown = #expect(throws: Theme.LoadError.self) { try BuiltinThemes.load("nope", environment: none) }
        #expect(unknown?.description == "no theme \"nope\"; available: aliyun, dark, high-contrast, mono")
    }

    @Test("A user's theme overrides a built-in one by name, and adds to the list; a broken one says where")
    func userThemes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rds-themes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let folder = dir + "/rds-console/themes"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let env = ["XDG_CONFIG_HOME": dir]
        var mine = BuiltinThemes.texts["aliyun"]!.replacingOccurrences(of: "name = \"aliyun\"", with: "name = \"mine\"")
        mine = mine.replacingOccurrences(of: "[row.selected]\nfg = 236\nbg = 223", with: "[row.selected]\nfg = 236\nbg = 52")
        try mine.write(toFile: folder + "/aliyun.toml", atomically: true, encoding: .utf8)
        try mine.write(toFile: folder + "/mine.toml", atomically: true, encoding: .utf8)
        #expect(try BuiltinThemes.load("aliyun", environment: env).style(.rowSelected, colors: 256).bg == .index(52))
        #expect(Theme.available(searchPath: BuiltinThemes.userFolders(environment: env), builtin: BuiltinThemes.texts)
                .contains("mine"))
        try "name = \"bad\"\n\n[screen]\nbold = true\nfg = 300\n".write(toFile: folder + "/bad.toml", atomically: true, encoding: .utf8)
        let bad = #expect(throws: Theme.LoadError.self) { try BuiltinThemes.load("bad", environment: env) }
        #expect(bad?.description == "bad.toml line 5 [screen]: fg must be a colour from 0 to 255")
        // A theme of one slot: the others are the default theme's.
        try "name = \"small\"\n[row.selected]\nfg = 15\nbg = 88\n".write(toFile: folder + "/small.toml", atomically: true, encoding: .utf8)
        let small = try BuiltinThemes.load("small", environment: env)
        let aliyun = try Theme.parse(BuiltinThemes.texts["aliyun"]!, name: "aliyun")
        #expect(small.style(.rowSelected, colors: 256).bg == .index(88))
        for slot in ThemeSlot.allCases where slot != .rowSelected {
            #expect(small.style(slot, colors: 256) == aliyun.style(slot, colors: 256), "\(slot)")
        }
        try "[screen\nfg = 1\n".write(toFile: folder + "/broken.toml", atomically: true, encoding: .utf8)
        let broken = #expect(throws: Theme.LoadError.self) { try BuiltinThemes.load("broken", environment: env) }
        #expect(broken?.description.hasPrefix("broken.toml line 1: ") == true)
    }

    @Test("Every theme keeps the cursor, marked and plain rows apart with no colour, 8 and 256 colours, readably")
    func cursorVisibleEverywhere() throws {
        let none: [String: String] = ["HOME": "/nonexistent"]
        // Light and dark among the 8 colours: a readable pair has one of each.
        let light: Set<UInt8> = [2, 3, 6, 7]
        for name in BuiltinThemes.texts.keys.sorted() {
            let theme = try BuiltinThemes.load(name, environment: none)
            for colors in [0, 8, 256] {
                let rows = [ThemeSlot.row, .rowSelected, .rowMarked, .rowSelectedMarked].map { theme.style($0, colors: colors) }
                #expect(Set(rows).count == rows.count, "\(name) at \(colors) colours")
                if colors == 8 {
                    // The cursor row is reverse video (mono) or two of the 8 colours, one light and one dark;
                    // anything else fails here rather than passing unchecked.
                    if rows[1].reverse && rows[1].fg == .terminalDefault && rows[1].bg == .terminalDefault { continue }
                    guard case .index(let fg) = rows[1].fg, case .index(let bg) = rows[1].bg else {
                        Issue.record("\(name): the cursor row at 8 colours is neither reverse video nor two of the 8 colours: \(rows[1])")
                        continue
                    }
                    #expect(light.contains(fg) != light.contains(bg), "\(name): the cursor row at 8 colours is \(fg) on \(bg)")
                }
            }
        }
    }

    @Test("Mono keeps marked, selected and disabled rows apart without colour")
    func monoDistinguishes() throws {
        let mono = BuiltinThemes.mono
        let styles = [ThemeSlot.row, .rowSelected, .rowMarked, .rowSelectedMarked, .textDisabled].map { mono.style($0, colors: 0) }
        #expect(Set(styles).count == styles.count)
    }

    @Test("Instances page: the region's instances, the engine's qualification, CJK lined up")
    func instancesPage() throws {
        let f = try ConsoleFixture(region: "cn-shanghai")
        let s = f.screen()
        #expect(s.contains("Instances · China (Shanghai)"))
        #expect(s.contains("RDS Console"))
        #expect(s.contains("Clock: 2026-10-01T00:00:00Z"))
        let lines = s.split(separator: "\n").map(String.init)
        let rows = lines.filter { $0.contains("rm-") }
        #expect(rows.count == 4)
        // Columns line up whatever the width of the description's characters.
        let statusColumns = rows.map { r -> Int in
            let prefix = r.components(separatedBy: "Running")[0]
            return TextWidth.of(prefix)
        }
        #expect(Set(statusColumns).count == 1)
    }

    @Test("Too small a terminal says so, and recovers when it grows")
    func tooSmall() throws {
        let f = try ConsoleFixture()
        #expect(f.screen(60, 20).contains("terminal too small (need 80x24, have 60x20)"))
        #expect(f.screen(80, 24).contains("Instances · China (Hangzhou)"))
        // Even a 1x1 or an empty terminal gets the notice, cut to what fits, and no crash.
        #expect(f.screen(1, 1) == "t")
        #expect(f.screen(0, 0) == "")
    }

    @Test("Batch: mark with a filter, open one dialog, enable all in one engine call")
    func batchEnable() throws {
        let f = try ConsoleFixture(options: .init(instances: 120, seed: 4, plainRegion: "cn-beijing"), region: "cn-beijing")
        f.console.press("2", "Tab")
        #expect(f.screen().contains("[ Pending Instances ]"))
        f.console.press("/")
        f.console.type("orders")
        f.console.press("Enter")
        let filtered = try f.engine.instances(InstanceFilter(set: .pending, regionID: "cn-beijing", searchKey: "orders")).total
        #expect(filtered > 0 && filtered < 120)
        f.console.press("a")
        #expect(f.console.context.marks.count == filtered)
        #expect(f.screen().contains("\(filtered) marked"))
        f.console.press("b")
        let dialog = f.screen()
        #expect(dialog.contains("Backup Settings · \(filtered) instances"))
        #expect(dialog.contains("< Enable >"))
        #expect(dialog.contains("< China (Hangzhou) >"))
        f.console.press("Enter", "Right", "Enter", "Backspace")
        f.console.type("30")
        f.console.press("Enter", "Enter", "Enter")
        let impact = f.screen()
        #expect(impact.contains("Apply this change?") && impact.contains("\(filtered) instances will change:"))
        #expect(impact.contains("No retained file is deleted sooner."))
        #expect(impact.contains("Storage, next 30 days: USD 0.00 → USD "))
        f.console.press("Enter")
        #expect(f.console.overlays.isEmpty)
        #expect(f.screen().contains("Cross-region backup to China (Shanghai) on for \(filtered) instances."))
        #expect(try f.engine.instances(InstanceFilter(set: .backup, regionID: "cn-beijing")).total == filtered)
        #expect(f.console.context.marks.isEmpty)
    }

    @Test("Settings dialog: retention is checked as you type; Disable locks it to 7; refusals keep the dialog open")
    func settingsValidation() throws {
        let f = try ConsoleFixture(options: .init(instances: 5, seed: 4, plainRegion: "cn-hangzhou"))
        f.console.press("2", "Tab", "s", "Tab", "Tab")
        f.console.press("Backspace")
        f.console.type("6")
        #expect(f.screen().contains("[6_"))
        #expect(f.screen().contains("out of range"))
        f.console.press("Backspace")
        f.console.type("1826")
        #expect(f.screen().contains("[1826_"))
        #expect(f.screen().contains("out of range"))
        f.console.press("Backspace", "Backspace")
        #expect(!f.screen().contains("out of range"))
        f.console.type("26")
        f.console.press("Tab", "Tab", "Enter")
        let form = try #require(f.console.focused as? SettingsDialog, "the dialog closed on a bad retention")
        #expect(form.focus == .field(.retention))
        f.console.press("Esc")
        #expect(try f.engine.instances(InstanceFilter(set: .backup)).total == 0)
    }

    @Test("Settings dialog: Disable fills in 7 days, locks it and says what follows; OK applies it and says what happened")
    func settingsDisable() throws {
        let f = try ConsoleFixture(options: .init(instances: 5, seed: 4, plainRegion: "cn-hangzhou"))
        let id = try #require(f.engine.instanceIndex(InstanceFilter(set: .pending, regionID: "cn-hangzhou")).first?.id)
        try f.engine.advanceClock(by: 3600)
        try f.engine.modifyPolicy(ids: [id], change: PolicyChange(backupEnabled: true, destination: "cn-shanghai", retentionDays: 30))
        f.console.press("2", "s")
        #expect(f.screen().contains("[30      ]  7 to 1825"))
        f.console.press("Left")
        let s = f.screen()
        #expect(s.contains("< Disabled >"))
        #expect(s.contains("[7       ]  7 to 1825"))
        #expect(s.contains("Disabling sets retention to 7 days: existing files are deleted 7 days"))
        #expect(s.contains("from now."))
        f.console.press("Tab", "Enter")
        // Disabling deletes the retained files sooner: the engine's impact first.
        let impact = f.screen()
        #expect(impact.contains("Apply this change?") && impact.contains("1 instance will change: cross-region backup off, retention 7 days."))
        #expect(impact.contains("1 retained file (307.1 GB) will be deleted sooner; the first on"))
        #expect(impact.contains("2026-10-08T01:00:00Z."))
        #expect(impact.contains("Storage, next 30 days: USD 729.65 → USD 10.32 (−USD 719.33, saves)."))
        f.console.press("Enter")
        #expect(f.screen().contains("Cross-region backup disabled (files kept 7 more days) for 1 instance."))
        let inst = try f.engine.instance(id: id)
        #expect(!inst.backupEnabled && inst.retentionDays == 7)
    }

    @Test("A released instance's dialog edits retention only; its files open with Enter")
    func releasedInstance() throws {
        let f = try ConsoleFixture()
        let released = try f.engine.instances(InstanceFilter(set: .all), limit: 100).items.first { $0.isReleased }!
        f.console.press("r")
        for _ in 0..<Region.all.firstIndex(where: { $0.id == released.regionID })! { f.console.press("j") }
        f.console.press("Enter", "2")
        var s = f.screen()
        #expect(s.contains("Released"))
        let page = try f.engine.instances(InstanceFilter(set: .backup, regionID: released.regionID), limit: 100).items
        for _ in 0..<page.firstIndex(where: { $0.id == released.id })! { f.console.press("j") }
        f.console.press("s")
        s = f.screen()
        #expect(s.contains("Released instance: only the retention period can be changed."))
        let form = try #require(f.console.focused as? SettingsDialog)
        #expect(form.focus == .field(.retention))
        #expect([SettingsField.status, .destination, .log].allSatisfy { form.plan.lockedReason($0, in: form.values) != nil })
        f.console.press("Esc", "Enter")
        s = f.screen()
        #expect(s.contains("Retained cross-region backups · \(released.id)"))
        #expect(s.contains("(Released)"))
        #expect(s.contains("Completed"))
    }

    @Test("Restore: a set taken with TDE on is offered the source region only, and the engine creates the instance")
    func restoreDialog() throws {
        let f = try ConsoleFixture(options: .init(instances: 3, seed: 2, plainRegion: "cn-hangzhou"))
        let ids = try f.engine.instances(InstanceFilter(set: .all)).items.map(\.id)
        try f.engine.advanceClock(by: 3600)
        try f.engine.enableTDE(id: ids[0])
        try f.engine.modifyPolicy(ids: ids, change: PolicyChange(backupEnabled: true, destination: "cn-shanghai", retentionDays: 7))
        try f.engine.advanceClock(by: UTCTime.day + 7200)
        f.console.press("2", "R")
        #expect(f.screen().contains("Taken with TDE on: source region only; the new instance has TDE on."))
        // The set copied at enabling was taken before TDE was on: it restores anywhere (R6.4).
        f.console.press("Tab", "Right")
        #expect(!f.screen().contains("Taken with TDE on"))
        f.console.press("Esc", "j", "R")
        #expect(!f.screen().contains("Taken with TDE on"))
        f.console.press("Tab", "Tab", "Right", "Enter", "Enter", "Enter")  // region, Restore to (a new instance), OK
        #expect(f.screen().contains("into new instance"))
        #expect(try f.engine.instances(InstanceFilter(set: .live, regionID: "cn-shanghai")).total == 1)
    }

    @Test("Help lists every binding of the page; the footer comes from the same key map")
    func help() throws {
        let f = try ConsoleFixture()
        f.console.press("2", "Tab")
        let bindings = f.console.bindings
        f.console.press("?")
        let s = f.screen()
        for b in bindings { #expect(s.contains(b.help), "\(b.help)") }
        // At 80x24 it scrolls inside its frame, to the last key.
        #expect(!f.screen(80, 24).contains("back; quit at the top"))
        for _ in 0..<bindings.count { f.console.press("j") }
        let scrolled = f.screen(80, 24)
        #expect(scrolled.contains("back; quit at the top") && scrolled.contains("-\(bindings.count) of \(bindings.count), ↑/↓ scroll"))
        f.console.press("Esc")
        #expect(f.console.overlays.isEmpty)
        // Esc goes back, never out; q at the top quits.
        f.console.press("Esc", "Esc", "Esc")
        #expect(!f.console.quit)
        #expect(f.screen().contains("Instances · China (Hangzhou)"))
        f.console.press("q")
        #expect(f.console.quit)
    }

    @Test("Region picker opens on the current region, Enter selects; t advances the clock")
    func regionAndClock() throws {
        let f = try ConsoleFixture()
        f.console.press("r", "j", "Enter")
        #expect(f.screen().contains("Instances · China (Shanghai)"))
        f.console.press("t")
        f.console.type("1d")
        f.console.press("Enter")
        #expect(f.screen().contains("Clock: 2026-10-02T00:00:00Z"))
        f.console.press("t")
        f.console.type("xx")
        f.console.press("Enter")
        #expect(f.screen().contains("\"xx\" is not a span: \"x\" is not a unit"))
    }
}

@Suite("Console views")
struct ConsoleViewTests {
    @Test("Enter on an instance opens Backup and Restoration: local backups, binlogs, and its cross-region settings and files")
    func backupAndRestoration() throws {
        let f = try ConsoleFixture()
        let enabled = try f.engine.instances(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).items
            .first { !$0.isReleased }!
        f.console.press("/")
        f.console.type(enabled.id)
        f.console.press("Enter", "Enter")
        var s = f.screen()
        #expect(s.contains("Backup and Restoration · \(enabled.id)"))
        #expect(s.contains("[ Data Backups ]"))
        #expect(s.contains("Automated"))
        f.console.press("Tab")
        #expect(f.screen().contains("mysql-bin."))
        f.console.press("Tab")
        s = f.screen()
        #expect(s.contains("Cross-region Backup Status: Enabled"))
        #expect(s.contains("Retention Period: \(enabled.retentionDays) days"))
        #expect(s.contains("Completed"))
        f.console.press("e")
        #expect(f.screen().contains("Cross-region Backup Settings"))
        let form = try #require(f.console.focused as? SettingsDialog, "Edit opened no dialog")
        #expect(form.values.retention == String(enabled.retentionDays))
        #expect(form.values.destination == enabled.backupRegion)
        f.console.press("Esc", "Esc")
        #expect(f.screen().contains("Instances · China (Hangzhou)"))
    }

    @Test("The More menu hides nothing: a non-qualifying instance says why instead of opening settings")
    func moreMenuReason() throws {
        let f = try ConsoleFixture()
        let blocked = try f.engine.instances(InstanceFilter(set: .live, regionID: "cn-hangzhou"), limit: 100).items
            .first { $0.unqualifiedReason != nil }!
        f.console.press("/")
        f.console.type(blocked.id)
        f.console.press("Enter", "m")
        let menu = f.screen()
        #expect(menu.contains("Cross-region Backup Settings  (not available)"))
        f.console.press("Enter")
        #expect(f.console.overlays.isEmpty)
        #expect(f.console.context.message?.isError == true)
        #expect(f.screen().contains(String(blocked.unqualifiedReason!.prefix(40))))
    }

    @Test("Marks are kept per region and the top bar says where; a region change clears the filter; b sets up this region's")
    func marksPerRegion() throws {
        let f = try ConsoleFixture()
        f.console.press("2", "Tab", "Space")
        let hangzhou = f.console.context.marks
        #expect(f.screen().contains("1 marked in China (Hangzhou)"))
        f.console.press("/")
        f.console.type("batch")
        f.console.press("Enter", "r", "j", "Enter", "Space") // still on Pending Instances, now of Shanghai
        var s = f.screen()
        #expect(s.contains("1 marked in China (Shanghai), 1 in other regions"))
        #expect(s.contains("/ to filter by ID or description"), "the filter was the other region's")
        f.console.press("b")
        let dialog = try #require(f.console.focused as? SettingsDialog)
        #expect(dialog.plan.ids == f.console.context.marks.sorted() && dialog.plan.regionID == "cn-shanghai")
        f.console.press("Esc", "A")
        #expect(f.console.context.marks.isEmpty)
        f.console.press("r", "k", "Enter")
        s = f.screen()
        #expect(f.console.context.marks == hangzhou && s.contains("1 marked in China (Hangzhou)"))
    }
}

@Suite("Console on a pulled state")
struct PulledConsoleTests {
    @Test("The top bar names the account, the pull time and the planned count; planned rows carry [~]; :plan shows the plan")
    func plannedRows() throws {
        let f = try ConsoleFixture()
        try f.engine.recordPull(PullOrigin(account: "LTAI5tAB…", profile: nil, endpoint: "https://rds.aliyuncs.com",
                                           at: UTCTime.parse("2026-10-01T00:00:00Z")!))
        let on = try f.engine.instances(InstanceFilter(set: .pending, regionID: "cn-hangzhou"), limit: 2).items.map(\.id)
        try #require(on.count == 2)
        _ = try f.engine.modifyPolicy(ids: on, change: PolicyChange(backupEnabled: true, destination: "cn-shanghai"))
        let console = Console(engine: f.engine, region: "cn-hangzhou", palette: .probe)
        #expect(console.press(.showSection(1)))
        let frame = console.render(width: 120, height: 40)
        let top = frame.line(0)
        #expect(top.contains("LTAI5tAB… pulled 2026-10-01 00:00 · 2 planned"), "\(top)")
        let account = try #require(top.range(of: "LTAI5tAB"))
        let at = top.distance(from: top.startIndex, to: account.lowerBound)
        #expect(Array(StyleLayer.of(frame, palette: .probe)[0]).dropFirst(at).first == StyleLayer.code(.topbarAccent))
        let lines = (0..<40).map(frame.line)
        for id in on { #expect(lines.contains { $0.contains("[~] \(id)") }, "\(id) is marked planned") }
        #expect(lines.filter { $0.contains("[~] rm-") }.count == 2)
        #expect(lines.contains { $0.contains("[~] planned (:plan)") })
        #expect(console.press(.commandLine))
        console.type("plan")
        #expect(console.press(.confirm))
        let plan = (0..<40).map(console.render(width: 120, height: 40).line).joined(separator: "\n")
        #expect(plan.contains("Plan for account LTAI5tAB…, pulled 2026-10-01T00:00:00Z"))
        for id in on { #expect(plan.contains("\(id)  cn-hangzhou  BackupEnabled Disable → Enable, CrossBackupRegion - → cn-shanghai")) }
        #expect(plan.contains("2 instances will change.") && plan.contains("Storage, next 30 days: "))
    }
}
