import CrossRegionEngine
import TerminalKit

/// The Cross-region Backup Settings dialog, for one instance or a batch.
public struct SettingsForm: Sendable, Equatable {
    public enum Field: Int, CaseIterable, Sendable {
        case status, region, retention, log, ok, cancel
    }

    public var ids: [String]
    public var sourceRegion: String
    /// Released instances: only the retention can change (R3.7).
    public var released: Bool
    public var wasEnabled: Bool
    public var enable: Bool
    public var destinations: [String]
    public var destinationIndex: Int
    public var retention: String
    public var log: Bool
    public var focus: Field = .status
    /// The engine's reasons when it refused the last OK.
    public var refusal: [String] = []

    /// The retention problem to show as the user types (the engine's own check).
    public var retentionError: String? {
        do {
            _ = try PolicyChange.parseRetention(retention)
            return nil
        } catch let e as EngineError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    /// Fields the user can change now.
    public func isEditable(_ f: Field) -> Bool {
        switch f {
        case .ok, .cancel: return true
        case .retention: return released || enable
        case .status, .region, .log: return !released && (f == .status || enable)
        }
    }

    /// The change OK sends to the engine.
    public var change: PolicyChange? {
        guard let days = try? PolicyChange.parseRetention(retention) else { return nil }
        if released { return PolicyChange(retentionDays: days) }
        if !enable { return wasEnabled ? PolicyChange.consoleDisable : nil }
        return PolicyChange(backupEnabled: true, destination: destinations[destinationIndex], retentionDays: days,
                            logBackupEnabled: log)
    }
}

/// The restore dialog: a backup set or a point in time, into the source or the destination region.
public struct RestoreForm: Sendable, Equatable {
    public enum Field: Int, CaseIterable, Sendable {
        case method, set, time, region, ok, cancel
    }

    public var instanceID: String
    public var sourceRegion: String
    /// Completed backup sets, newest first: ID, consistent time, where stored,
    /// where the engine allows restoring them (R6.3, R6.4), and the engine's note on what limits it.
    public var sets: [(id: Int64, time: Seconds, region: String, restoreRegions: [String], note: String?)]
    public var setIndex = 0
    public var byTime = false
    public var time: String
    /// Where the restore may go: the chosen set's `restoreRegions`.
    public var regions: [String]
    public var regionIndex = 0
    public var ranges: String
    public var focus: Field = .method
    public var refusal: String? = nil

    public static func == (a: RestoreForm, b: RestoreForm) -> Bool {
        a.instanceID == b.instanceID && a.setIndex == b.setIndex && a.byTime == b.byTime && a.time == b.time
            && a.regionIndex == b.regionIndex && a.focus == b.focus && a.refusal == b.refusal && a.regions == b.regions
            && a.sets.map(\.id) == b.sets.map(\.id)
    }
}

/// The next (or previous) field of a dialog that can take the focus.
func nextField<F: CaseIterable & RawRepresentable & Equatable>(after field: F, forward: Bool, editable: (F) -> Bool) -> F
    where F.RawValue == Int
{
    let n = F.allCases.count
    var i = field.rawValue
    repeat {
        i = (i + (forward ? 1 : n - 1)) % n
    } while !editable(F(rawValue: i)!) && i != field.rawValue
    return F(rawValue: i)!
}
