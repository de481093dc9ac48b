@testable import ConsoleApp
import CrossRegionEngine
import Foundation
import Testing
import TerminalKit

/// Every page and overlay, drawn whole at 80x24 and 120x40: the text and,
/// under it, the style layer (one letter per cell naming its theme slot; see
/// `Snapshots/LEGEND`). A difference fails with both screens. After a
/// deliberate change of the look, re-record and review the diff:
///
///     RDS_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
@Suite("Screen snapshots")
struct SnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static let recording = ProcessInfo.processInfo.environment["RDS_RECORD_SNAPSHOTS"] == "1"

    /// A screen: how to get there from a fresh demo console (its clock two days on).
    struct Scene: Sendable, CustomStringConvertible {
        let name: String
        let steps: @Sendable (SnapshotFixture) throws -> Void
        var description: String { name }
    }

    static let scenes: [Scene] = [
        Scene(name: "instances") { _ in },
        Scene(name: "instances-filtering") { f in
            f.console.press("/")
            f.console.type("orders")
        },
        Scene(name: "cross-region-backup") { f in f.console.press("2") },
        Scene(name: "cross-region-backup-all-regions") { f in f.console.press("r", "g", "Enter", "2") },
        Scene(name: "cross-region-pending-marked") { f in f.console.press("2", "Tab", "Space", "Space") },
        Scene(name: "cross-region-backup-marked") { f in f.console.press("2", "a") },
        Scene(name: "backup-restoration-data") { f in try f.openEnabled() },
        Scene(name: "backup-restoration-log") { f in
            try f.openEnabled()
            f.console.press("Tab")
        },
        Scene(name: "backup-restoration-cross-region") { f in
            try f.openEnabled()
            f.console.press("Tab", "Tab")
        },
        Scene(name: "backup-restoration-unqualified") { f in
            try f.filter(to: f.blocked().id)
            f.console.press("Enter", "S-Tab")
        },
        Scene(name: "retained-files-data") { f in f.console.press("2", "Enter") },
        Scene(name: "retained-files-log") { f in f.console.press("2", "Enter", "Tab") },
        Scene(name: "help") { f in f.console.press("2", "Tab", "?") },
        Scene(name: "region-picker") { f in f.console.press("r", "j") },
        Scene(name: "command-line") { f in
            f.console.press(":")
            f.console.type("region nowhere")
            f.console.press("Enter")
        },
        Scene(name: "more-menu") { f in f.console.press("m") },
        Scene(name: "more-menu-unqualified") { f in
            try f.filter(to: f.blocked().id)
            f.console.press("m")
        },
        Scene(name: "message-long-reason") { f in
            try f.filter(to: f.blocked().id)
            f.console.press("m", "Enter")
        },
        Scene(name: "clock-prompt-refused") { f in
            f.console.press("t")
            f.console.type("xx")
            f.console.press("Enter")
        },
        Scene(name: "clock-long-jump") { f in
            f.console.press("t")
            f.console.type("1y")
            f.console.press("Enter")
        },
        Scene(name: "release-confirmation") { f in
            f.console.press("m", "j", "j", "Enter")
            f.console.type("rm-")
            f.console.press("Enter")
        },
        Scene(name: "settings-enabled") { f in f.console.press("2", "s") },
        Scene(name: "settings-disable") { f in f.console.press("2", "s", "Left") },
        Scene(name: "impact-disable") { f in f.console.press("2", "s", "Left", "Tab", "Enter") },
        Scene(name: "settings-batch") { f in f.console.press("2", "Tab", "Space", "Space", "b") },
        Scene(name: "settings-released") { f in
            let released = try f.released()
            f.pickRegion(released.regionID)
            f.console.press("2")
            try f.filter(to: released.id)
            f.console.press("s")
        },
        Scene(name: "settings-retention-refused") { f in
            f.console.press("2", "s", "Tab", "Tab", "Backspace", "Backspace")
            f.console.type("3")
            f.console.press("Tab", "Tab", "Enter")
        },
        Scene(name: "refusals") { f in
            try f.creatingInstances(4)
            f.console.press("2", "Tab")
            try f.filter(to: "new-orders")
            // `a` leaves Creating rows out; marked one by one, they refuse the batch.
            f.console.press("Space", "Space", "Space", "Space", "b", "Tab", "Tab", "Tab", "Tab", "Enter")
        },
        Scene(name: "restore") { f in f.console.press("2", "R") },
        Scene(name: "restore-point-in-time") { f in f.console.press("2", "R", "Right", "Tab", "Home") },
        Scene(name: "restore-time-outside") { f in
            f.console.press("2", "R", "Right", "Tab")
            f.console.type("2026-09-01T00:00:00Z")
        },
        Scene(name: "restore-into-existing") { f in
            f.console.press("2", "R", "Tab", "Tab", "Tab", "Right", "Tab", "C-u")
            f.console.type("rm-nosuchinstance")
        },
        Scene(name: "dr-readiness") { f in f.console.press("3") },
        Scene(name: "dr-readiness-targets") { f in
            f.console.press("3", ":")
            f.console.type("rpo 1h")
            f.console.press("Enter", ":")
            f.console.type("rto 30m")
            f.console.press("Enter", "j")
        },
        Scene(name: "dr-region") { f in
            f.console.press("3", ":")
            f.console.type("rpo 1h")
            f.console.press("Enter", "Enter", "G")
        },
        Scene(name: "dr-drill-report") { f in f.console.press("3", "j", "D") },
        Scene(name: "message-after-enable") { f in f.console.press("2", "Tab", "Space", "b", "Tab", "Tab", "Tab", "Tab", "Enter", "Enter") },
    ]

    static let sizes = [(80, 24), (120, 40)]

    @Test("Each page and overlay looks as recorded, text and styles", arguments: scenes)
    func snapshot(_ scene: Scene) throws {
        for (w, h) in Self.sizes {
            let f = try SnapshotFixture()
            try scene.steps(f)
            let shot = Self.snapshot(f.console.render(width: w, height: h))
            let file = Self.folder.appendingPathComponent("\(scene.name).\(w)x\(h).txt")
            if Self.recording {
                try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
                try shot.write(to: file, atomically: true, encoding: .utf8)
                try (StyleLayer.legend.joined(separator: "\n") + "\n")
                    .write(to: Self.folder.appendingPathComponent("LEGEND"), atomically: true, encoding: .utf8)
                continue
            }
            guard let recorded = try? String(contentsOf: file, encoding: .utf8) else {
                Issue.record("no snapshot \(file.lastPathComponent): record it with RDS_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests")
                continue
            }
            #expect(shot == recorded, "\(scene.name) at \(w)x\(h) differs from \(file.lastPathComponent):\n\(shot)")
        }
    }

    @Test("Every component the console has appears in a snapshot")
    func coverage() throws {
        var seen: Set<String> = []
        for scene in Self.scenes {
            let f = try SnapshotFixture()
            try scene.steps(f)
            seen.insert(String(describing: type(of: f.console.pages.last!)))
            for o in f.console.overlays { seen.insert(String(describing: type(of: o))) }
        }
        #expect(seen == ["InstancesPage", "CrossRegionPage", "BackupRestorationPage", "RetainedFilesPage", "HelpOverlay",
                         "RegionPicker", "MoreMenu", "Prompt", "SettingsDialog",
                         "RefusalsOverlay", "RestoreDialog", "ImpactConfirmation", "CommandLinePrompt", "ClockConfirmation",
                         "DRReadinessPage", "DrillPage"])
    }

    /// The text (trailing spaces trimmed), then the style layer.
    static func snapshot(_ b: Buffer) -> String {
        b.text + "\n---- styles\n" + StyleLayer.of(b, palette: .probe).joined(separator: "\n") + "\n"
    }
}

/// A fresh demo console drawn with the probe palette, its clock two days on
/// (so cross-region sets have completed).
final class SnapshotFixture {
    let fixture: ConsoleFixture
    var console: Console { fixture.console }
    var engine: Engine { fixture.engine }

    init() throws {
        fixture = try ConsoleFixture(palette: .probe)
        try fixture.engine.advanceClock(by: 2 * UTCTime.day)
    }

    func filter(to text: String) throws {
        console.press("/")
        console.type(text)
        console.press("Enter")
    }

    /// Backup and Restoration of the region's first instance with cross-region backup on.
    func openEnabled() throws {
        let enabled = try engine.instances(InstanceFilter(set: .backup, regionID: "cn-hangzhou")).items.first { !$0.isReleased }!
        try filter(to: enabled.id)
        console.press("Enter")
    }

    func blocked() throws -> Instance {
        try engine.instances(InstanceFilter(set: .live, regionID: "cn-hangzhou"), limit: 100).items
            .first { $0.unqualifiedReason != nil }!
    }

    func released() throws -> Instance {
        try engine.instances(InstanceFilter(set: .all), limit: 100).items.first { $0.isReleased }!
    }

    func pickRegion(_ id: String) {
        console.press("r", "g", "j")  // past All regions, to the first region
        for _ in 0..<Region.all.firstIndex(where: { $0.id == id })! { console.press("j") }
        console.press("Enter")
    }

    /// `n` new instances in Hangzhou, still Creating: pending, but refused by an enable.
    func creatingInstances(_ n: Int) throws {
        let api = OpenAPI(engine: engine)
        for _ in 0..<n {
            guard case .success = api.call("CreateDBInstance", [
                "RegionId": "cn-hangzhou", "Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "rds.mysql.s2.large",
                "DBInstanceStorage": "100", "DBInstanceNetType": "Intranet", "PayType": "Postpaid",
                "SecurityIPList": "10.0.0.0/8", "Category": "HighAvailability", "DBInstanceStorageType": "local_ssd",
                "DBInstanceDescription": "new-orders",
            ]) else { throw EngineError(.internalError, "could not create") }
        }
    }
}
