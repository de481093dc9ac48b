@testable import ConsoleApp
import CrossRegionEngine
import Foundation
import Testing
import TerminalKit

/// `--mouse`: a click does what the key of the thing under it does, on what
/// the last frame drew; the wheel moves as ↑/↓ do.
@Suite("Clicks and the wheel")
struct MouseTests {
    /// Clicks the first place the frame shows `text` (after a fresh frame).
    func click(_ text: String, _ f: ConsoleFixture, after prefix: String = "") throws {
        let frame = f.console.render(width: 120, height: 40)
        for y in 0..<frame.height {
            let cells = (0..<frame.width).map { frame[$0, y].text }
            let line = cells.joined()
            guard let r = line.range(of: prefix + text) else { continue }
            // Cells hold one character each here: the offset in characters is the column.
            let x = line.distance(from: line.startIndex, to: r.lowerBound) + prefix.count
            f.console.handle(.click(x: x, y: y))
            return
        }
        Issue.record("\(text) is not on screen")
    }

    /// Pending Instances in the page's order (Running first).
    func pendingIDs(_ f: ConsoleFixture) throws -> [String] {
        var query = InstanceFilter(set: .pending, regionID: "cn-hangzhou")
        query.order = InstanceOrder(.status)
        return try f.engine.instanceIndex(query).map(\.id)
    }

    @Test("Navigation, tabs, rows and the wheel: each as its key")
    func pages() throws {
        let f = try ConsoleFixture()
        try click("2 Cross-region Backup", f)
        #expect(Console.text(of: .page, in: f.console.render(width: 120, height: 40)).hasPrefix("Cross-region Backup ·"))
        try click("Pending Instances", f)
        #expect(Console.text(of: .page, in: f.console.render(width: 120, height: 40)).contains("[ Pending Instances ]"))
        let ids = try pendingIDs(f)
        try click(ids[2], f)
        #expect(f.console.selection == ids[2])
        f.console.handle(.wheelDown)
        #expect(f.console.selection == ids[5])
        f.console.handle(.wheelUp)
        #expect(f.console.selection == ids[2])
        try click("1 Instances", f)
        #expect(Console.text(of: .page, in: f.console.render(width: 120, height: 40)).hasPrefix("Instances ·"))
    }

    @Test("A dialog is modal under the mouse too: its buttons and fields answer, the page under it does not")
    func dialogs() throws {
        let f = try ConsoleFixture()
        #expect(f.console.press(.showSection(1)) && f.console.press(.nextTab))
        let ids = try pendingIDs(f)
        #expect(f.console.press(.batchSettings))
        try click(ids[1], f)
        #expect(f.console.overlays.count == 1, "the row under the dialog took no click")
        try click("Cross-region Retention Period", f)
        f.console.type("30")
        let dialog = try #require(f.console.overlays.last as? SettingsDialog)
        #expect(dialog.values[.retention] == "30", "the click put the focus on the field, and typing replaced its value")
        try click("Cancel", f, after: "[ ")
        #expect(f.console.overlays.isEmpty)
        #expect(f.console.selection == ids[0], "the cursor never moved")
        #expect(f.console.press(.pickRegion))
        try click("China (Shanghai)", f)
        #expect(f.console.overlays.isEmpty && f.console.context.region == "cn-shanghai")
        f.console.handle(.click(x: 119, y: 0))  // nothing there: nothing happens
        #expect(f.console.context.region == "cn-shanghai" && f.console.overlays.isEmpty)
    }
}
