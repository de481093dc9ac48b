import Foundation

/// A request to change the cross-region backup policy of one or many
/// instances (`ModifyInstanceCrossBackupPolicy`). Unset fields keep their value.
public struct PolicyChange: Sendable, Equatable {
    public var backupEnabled: Bool?
    public var destination: String?
    public var retentionDays: Int64?
    public var logBackupEnabled: Bool?
    /// A batch across regions: the destination of each source region named here (an instance of
    /// another region gets `destination`). The console's batch over several regions sends it.
    public var destinationBySource: [String: String]

    public init(backupEnabled: Bool? = nil, destination: String? = nil,
                retentionDays: Int64? = nil, logBackupEnabled: Bool? = nil, destinationBySource: [String: String] = [:]) {
        self.backupEnabled = backupEnabled
        self.destination = destination
        self.retentionDays = retentionDays
        self.logBackupEnabled = logBackupEnabled
        self.destinationBySource = destinationBySource
    }

    public var isEmpty: Bool {
        backupEnabled == nil && destination == nil && retentionDays == nil && logBackupEnabled == nil
            && destinationBySource.isEmpty
    }

    /// The change as an instance of `source` gets it: its region's own destination, if named.
    public func forSource(_ source: String) -> PolicyChange {
        guard let own = destinationBySource[source] else { return destinationBySource.isEmpty ? self : with(destination: destination) }
        return with(destination: own)
    }

    private func with(destination: String?) -> PolicyChange {
        PolicyChange(backupEnabled: backupEnabled, destination: destination, retentionDays: retentionDays,
                     logBackupEnabled: logBackupEnabled)
    }

    /// The change in words, as the impact preview names it: "backups to China (Shanghai), retention 14 days".
    public var summary: String {
        var parts: [String] = []
        if let e = backupEnabled { parts.append("cross-region backup \(e ? "on" : "off")") }
        if !destinationBySource.isEmpty {
            parts.append("backups to each region's first destination")
        } else if let d = destination {
            parts.append("backups to \(Region.named(d)?.displayName ?? d)")
        }
        if let r = retentionDays { parts.append("retention \(r) days") }
        if let l = logBackupEnabled { parts.append("log backup \(l ? "on" : "off")") }
        return parts.joined(separator: ", ")
    }

    public static let retentionRange: ClosedRange<Int64> = 7...1825

    /// No retained file expires sooner than this many days after a shortening
    /// (or a disable) (R5.2).
    public static let shorteningFloorDays: Int64 = 7

    /// The console's disable, as the help page has it (R3.5): backup off and
    /// the retention at its minimum, so every file is gone `shorteningFloorDays` later.
    public static let consoleDisable = PolicyChange(backupEnabled: false, retentionDays: retentionRange.lowerBound)

    /// The retention a new policy starts with in the console.
    public static let defaultRetentionDays = retentionRange.lowerBound

    /// What the retention field accepts, in words ("7 to 1825").
    public static let retentionBounds = "\(retentionRange.lowerBound) to \(retentionRange.upperBound)"

    /// What `consoleDisable` does, before it is applied.
    public static let consoleDisableWarning =
        "Disabling sets retention to \(retentionRange.lowerBound) days: existing files are deleted \(shorteningFloorDays) days from now."

    /// What `consoleDisable` did, after.
    public static let consoleDisableDone = "Cross-region backup disabled (files kept \(shorteningFloorDays) more days)"

    /// Reads a retention period typed by a user or sent by a script (R3.2):
    /// a whole number of days from 7 to 1825, nothing else.
    public static func parseRetention(_ text: String) throws -> Int64 {
        let t = text.trimmingSpaces()
        let bad = { (why: String) in
            EngineError(.invalidParametersFormat,
                        "Retention must be a whole number of days from \(retentionRange.lowerBound) to \(retentionRange.upperBound); \(why).")
        }
        if t.isEmpty { throw bad("it is empty") }
        guard t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }), let value = Int64(t) else {
            throw bad("\(Shown(t)) is not a whole number")
        }
        guard retentionRange.contains(value) else { throw bad("\(value) is out of range") }
        return value
    }

    /// Reads an on/off switch in either vocabulary of the API (`1`/`0`,
    /// `Enable`/`Disable`/`Disabled`, `True`/`False`); nil for anything else.
    public static func parseSwitch(_ text: String) -> Bool? {
        switch text.trimmingSpaces().lowercased() {
        case "1", "enable", "enabled", "true", "on": return true
        case "0", "disable", "disabled", "false", "off": return false
        default: return nil
        }
    }
}
