/// The fields of the Cross-region Backup Settings dialog.
public enum SettingsField: CaseIterable, Sendable, Hashable {
    case status, destination, retention, log
}

/// How the dialog shows a field: a choice among values, or a number typed.
public enum FieldKind: Sendable, Equatable {
    /// Choices by value: what `SettingsValues[field]` holds, and the words shown.
    case choice([(value: String, label: String)])
    /// Digits, at most `width` of them; `hint` says what is accepted.
    case number(width: Int, hint: String)

    public static func == (a: FieldKind, b: FieldKind) -> Bool {
        switch (a, b) {
        case (.choice(let x), .choice(let y)): return x.map(\.value) == y.map(\.value) && x.map(\.label) == y.map(\.label)
        case (.number(let w1, let h1), .number(let w2, let h2)): return w1 == w2 && h1 == h2
        default: return false
        }
    }
}

/// One field of the dialog: which, its label, how it is entered.
public struct FieldSpec: Sendable, Equatable {
    public let field: SettingsField
    public let label: String
    public let kind: FieldKind
}

/// What the settings dialog shows and would send: the switch, the backup
/// region, the retention as typed, the log switch.
public struct SettingsValues: Sendable, Equatable {
    /// Each field's value as the dialog holds it (a choice's value, or the text typed); a field
    /// not set is "keep" (each instance keeps its own). One store: the typed views below read it.
    private var byField: [SettingsField: String] = [:]

    public init(enable: Bool?, destination: String?, retention: String, log: Bool?) {
        self.enable = enable
        self.destination = destination
        self.retention = retention
        self.log = log
    }

    /// A field's value as the dialog holds it.
    public subscript(field: SettingsField) -> String {
        get { byField[field] ?? (field.isText ? "" : SettingsPlan.keep) }
        set { byField[field] = newValue }
    }

    /// nil: each instance keeps its own (a batch of enabled and disabled instances).
    public var enable: Bool? {
        get { Self.onOff(self[.status]) }
        set { self[.status] = Self.onOff(newValue) }
    }
    /// nil: each instance keeps its own (a batch whose destinations differ), or, in a batch
    /// across regions, each source region's first destination (`eachRegionsFirst`).
    public var destination: String? {
        get { [SettingsPlan.keep, SettingsPlan.eachRegion].contains(self[.destination]) ? nil : self[.destination] }
        set { self[.destination] = newValue ?? SettingsPlan.keep }
    }
    /// A batch across regions: each source region's first destination.
    public var eachRegionsFirst: Bool { self[.destination] == SettingsPlan.eachRegion }
    /// Empty: each instance keeps its own (a batch whose retentions differ).
    public var retention: String {
        get { self[.retention] }
        set { self[.retention] = newValue }
    }
    /// nil: each instance keeps its own.
    public var log: Bool? {
        get { Self.onOff(self[.log]) }
        set { self[.log] = Self.onOff(newValue) }
    }

    private static func onOff(_ value: String) -> Bool? { value == SettingsPlan.keep ? nil : value == SettingsPlan.on }
    private static func onOff(_ value: Bool?) -> String { value.map { $0 ? SettingsPlan.on : SettingsPlan.off } ?? SettingsPlan.keep }
}

extension SettingsField {
    /// Whether the field is typed (its "keep" is empty) rather than chosen.
    var isText: Bool { self == .retention }
}

/// A line the dialog shows under its fields, and how loud.
public struct PlanNote: Sendable, Equatable {
    public enum Tone: Sendable { case info, warning, error }
    public let text: String
    public let tone: Tone
}

/// The engine's answer to "open the settings of these instances": which
/// fields may change (and why not), where backups may go, what a new policy
/// starts with, the retention's bounds, what Disable implies. The console draws
/// it and sends `change(_:)`; it decides nothing itself. Which instances refuse
/// the change, the preview's dry run says (`policyImpact`).
public struct SettingsPlan: Sendable {
    public let ids: [String]
    /// The regions of the instances, in order; a batch may span several.
    public let sourceRegions: [String]
    /// Released instances: only the retention can change (R3.7).
    public let released: Bool
    /// Some instance of the selection has cross-region backup on now: the dialog
    /// opens on the current settings, not on a new policy's defaults.
    public let wasEnabled: Bool
    /// The regions every source of the selection may back up to (R1.2), in the console's order.
    public let destinations: [String]
    /// A batch across regions: each source region's first destination, what "Each region's
    /// first destination" sends.
    public let firstDestinationBySource: [String: String]
    /// What the dialog opens with: the current settings (in a batch, a setting
    /// the instances do not share opens as "keep each instance's") or, for
    /// instances without a policy, the defaults.
    public let initial: SettingsValues
    /// The settings the instances of a batch do not share: their fields offer
    /// to keep each instance's own, and OK sends only what the user changed.
    public let mixed: Set<SettingsField>
    /// The field the dialog opens on.
    public let firstField: SettingsField
    public let retentionRange: ClosedRange<Int64>
    /// The most characters a retention can need.
    public let retentionWidth: Int

    /// Plans the dialog for the instances `ids` (in the order asked) of which `selection` was
    /// gathered, `first` its first and `blocked` its first that does not qualify, or says why no
    /// single dialog can set them up.
    init(ids: [String], selection: SelectionSummary, first: Instance?, blocked: Instance?) throws {
        guard let first, selection.count > 0 else {
            throw EngineError(.selectionUnusable, "Select at least one instance.")
        }
        guard let firstSource = selection.sources.first else {  // an endpoint's answer that contradicts itself
            throw EngineError(.internalError, "The state named no region for \(selection.count) instances.")
        }
        if let blocked, let why = blocked.unqualifiedReason {
            throw EngineError(.selectionUnusable, "\(blocked.id): \(why)")
        }
        let released = selection.released == selection.count
        if !released && selection.released > 0 {
            throw EngineError(.selectionUnusable, "Released and live instances are set up differently; mark one kind at a time.")
        }
        self.ids = ids
        let sources = selection.sources
        sourceRegions = sources
        self.released = released
        wasEnabled = selection.wasEnabled
        let rules = first.rules
        destinations = rules.destinations(from: firstSource).filter { d in sources.allSatisfy { rules.destinations(from: $0).contains(d) } }
        firstDestinationBySource = sources.count == 1 ? [:]
            : Dictionary(uniqueKeysWithValues: sources.compactMap { s in rules.destinations(from: s).first.map { (s, $0) } })
        retentionRange = PolicyChange.retentionRange
        retentionWidth = String(PolicyChange.retentionRange.upperBound).count
        if wasEnabled || released {
            var differ = Set<SettingsField>()
            if !released && selection.enabled.count > 1 { differ.insert(.status) }
            if selection.destinations.count > 1 { differ.insert(.destination) }
            if selection.retentions.count > 1 { differ.insert(.retention) }
            if selection.logs.count > 1 { differ.insert(.log) }
            mixed = differ
            initial = SettingsValues(enable: differ.contains(.status) ? nil : first.backupEnabled,
                                     destination: differ.contains(.destination) ? nil : first.backupRegion ?? destinations.first,
                                     retention: differ.contains(.retention) ? "" : String(first.retentionDays),
                                     log: differ.contains(.log) ? nil : first.logBackupEnabled)
        } else {
            mixed = []
            var values = SettingsValues(enable: true, destination: destinations.first,
                                        retention: String(PolicyChange.defaultRetentionDays), log: false)
            if sources.count > 1 { values[.destination] = Self.eachRegion }
            initial = values
        }
        firstField = released ? .retention : .status
    }

    /// The region a request names: the source of a one-region selection; nil across regions
    /// (each instance is found wherever it is).
    public var regionID: String? { sourceRegions.count == 1 ? sourceRegions[0] : nil }

    /// What the retention field accepts, in words.
    public var retentionBounds: String { PolicyChange.retentionBounds }

    static let on = "on", off = "off", keep = "keep", eachRegion = "each-region"
    /// The seed's words: "Select **Enable**", "set … to **Disabled**".
    static let switchChoices: [(value: String, label: String)] = [(on, "Enable"), (off, "Disabled")]

    /// The fields, in the dialog's order.
    public var fields: [FieldSpec] {
        [FieldSpec(field: .status, label: "Cross-region Backup Status", kind: .choice(keepChoice(.status) + Self.switchChoices)),
         FieldSpec(field: .destination, label: "Backup Region",
                   kind: .choice(keepChoice(.destination) + eachRegionChoice + destinations.map { ($0, Region.named($0)?.displayName ?? $0) })),
         FieldSpec(field: .retention, label: "Cross-region Retention Period",
                   kind: .number(width: retentionWidth, hint: retentionBounds + (mixed.contains(.retention) ? "; empty keeps each" : ""))),
         FieldSpec(field: .log, label: "Cross-region Log Backup Status", kind: .choice(keepChoice(.log) + Self.switchChoices))]
    }

    /// `values` after the user changed `field`: switching the status fills in
    /// what it implies (see `switched`); other fields imply nothing.
    /// "Keep each instance's", first, for a setting the batch does not share.
    private func keepChoice(_ field: SettingsField) -> [(value: String, label: String)] {
        mixed.contains(field) ? [(Self.keep, "Keep each instance's")] : []
    }

    /// Across regions: each source region's first destination.
    private var eachRegionChoice: [(value: String, label: String)] {
        firstDestinationBySource.isEmpty ? [] : [(Self.eachRegion, "Each region's first destination")]
    }

    public func adjusted(_ values: SettingsValues, after field: SettingsField) -> SettingsValues {
        guard field == .status else { return values }
        guard let enable = values.enable else {
            // Back to keeping each: what the dialog opened with.
            var v = initial
            v.destination = values.destination
            return v
        }
        return switched(values, enable: enable)
    }

    /// What is wrong with a field's value, or nil.
    public func problem(of field: SettingsField, in values: SettingsValues) -> String? {
        field == .retention ? retentionProblem(values.retention) : nil
    }

    /// Why `field` cannot be changed with `values` in the dialog, or nil when it can.
    public func lockedReason(_ field: SettingsField, in values: SettingsValues) -> String? {
        if released {
            return field == .retention ? nil : "Released instance: only the retention period can be changed."
        }
        if field == .status || values.enable != false { return nil }
        return wasEnabled ? PolicyChange.consoleDisableWarning : "Cross-region backup is off; choose Enable to set it up."
    }

    /// `values` after the user switched the status: Disable fills in what the
    /// console's disable sends (R3.5), Enable gives back what the dialog opened with.
    public func switched(_ values: SettingsValues, enable: Bool) -> SettingsValues {
        var v = values
        v.enable = enable
        if enable {
            v.retention = initial.enable != false ? initial.retention : String(PolicyChange.defaultRetentionDays)
            v.log = initial.enable != false ? initial.log : false
        } else {
            v.retention = String(PolicyChange.consoleDisable.retentionDays!)
            v.log = false
        }
        return v
    }

    /// What is wrong with the retention as typed, or nil.
    public func retentionProblem(_ text: String) -> String? {
        if text.isEmpty && mixed.contains(.retention) { return nil }
        do {
            _ = try PolicyChange.parseRetention(text)
            return nil
        } catch let e as EngineError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    /// The line under the fields for `values`: a problem first, then what the dialog is limited to.
    public func note(for values: SettingsValues) -> PlanNote? {
        if let problem = retentionProblem(values.retention) { return PlanNote(text: problem, tone: .error) }
        if released { return PlanNote(text: lockedReason(.status, in: values)!, tone: .warning) }
        if values.enable == false { return PlanNote(text: lockedReason(.log, in: values)!, tone: wasEnabled ? .warning : .info) }
        return nil
    }

    /// The change OK sends, nil when there is nothing to change; throws the retention's problem.
    /// Instances already set up get only the settings the user changed: a
    /// batch never gives every instance the first one's destination or log backup.
    public func change(for values: SettingsValues) throws -> PolicyChange? {
        if !released && values.enable == false { return wasEnabled ? PolicyChange.consoleDisable : nil }
        let days = values.retention.isEmpty && mixed.contains(.retention) ? nil : try PolicyChange.parseRetention(values.retention)
        if released { return days.map { PolicyChange(retentionDays: $0) } }
        guard wasEnabled else {
            return PolicyChange(backupEnabled: true, destination: values.destination, retentionDays: days,
                                logBackupEnabled: values.log, destinationBySource: bySource(values))
        }
        let enable = values.enable != initial.enable ? values.enable : nil
        let destinationChanged = values[.destination] != initial[.destination]
        let destination = destinationChanged ? values.destination : nil
        let bySource = destinationChanged ? bySource(values) : [:]
        let retention = values.retention != initial.retention ? days : nil
        let log = values.log != initial.log ? values.log : nil
        guard enable != nil || destination != nil || !bySource.isEmpty || retention != nil || log != nil else { return nil }
        return PolicyChange(backupEnabled: enable, destination: destination, retentionDays: retention, logBackupEnabled: log,
                            destinationBySource: bySource)
    }

    /// What "Each region's first destination" sends; nothing for any other choice.
    private func bySource(_ values: SettingsValues) -> [String: String] {
        values.eachRegionsFirst ? firstDestinationBySource : [:]
    }

    /// What "nothing to change" means here.
    public func nothingToChange(_ values: SettingsValues) -> String {
        released || values.enable != false ? "Nothing to change: every setting is as it was."
            : "Nothing to change: cross-region backup is already disabled."
    }

    /// What the console says once `change` (made from `values`) was applied to `count` instances.
    public func done(_ values: SettingsValues, count: Int) -> String {
        func regionName(_ id: String?) -> String {
            values.eachRegionsFirst ? "each region's first destination" : Region.named(id ?? "")?.displayName ?? id ?? ""
        }
        let what: String
        if released {
            what = "Retention set to \(values.retention) days"
        } else if values.enable == false {
            what = PolicyChange.consoleDisableDone
        } else if !wasEnabled {
            what = "Cross-region backup to \(regionName(values.destination)) on"
        } else {
            var changed: [String] = []
            if values.enable != initial.enable, values.enable == true { changed.append("cross-region backup on") }
            if values[.destination] != initial[.destination] { changed.append("backups to \(regionName(values.destination))") }
            if values.retention != initial.retention { changed.append("retention \(values.retention) days") }
            if values.log != initial.log, let log = values.log { changed.append("log backup \(log ? "on" : "off")") }
            let text = changed.joined(separator: ", ")
            what = text.prefix(1).uppercased() + text.dropFirst()
        }
        return "\(what) for \(Thousands.count(count)) instance\(count == 1 ? "" : "s")."
    }
}

extension StateAccess {
    /// The settings dialog's plan for these instances (see `SettingsPlan`): what they share,
    /// gathered by the state, and the one or two instances it names.
    public func settingsPlan(ids: [String]) throws -> SettingsPlan {
        var gathering = SettingsPlanGathering(ids: ids)
        while true {
            if let plan = try gathering.step(self, count: SelectionQuery.part) { return plan }
        }
    }
}

/// A settings plan gathered a part of the IDs at a time (a console asks a part between
/// frames: the selection of 100,000 marked rows is more than a frame). The summaries of the
/// parts add up; the last step reads the instances the plan names and makes it.
public struct SettingsPlanGathering: Sendable {
    /// The IDs, each once, in the order given.
    public let ids: [String]
    private var gathered = 0
    private var selection = SelectionSummary()

    public init(ids: [String]) {
        var seen = Set<String>(minimumCapacity: ids.count)  // room for all: not grown a dozen times
        self.ids = ids.filter { seen.insert($0).inserted }
    }

    /// Asks `state` about the next `count` IDs (at most `SelectionQuery.part`); the plan once every ID was asked about.
    public mutating func step(_ state: any StateAccess, count: Int) throws -> SettingsPlan? {
        let end = min(ids.count, gathered + max(1, min(count, SelectionQuery.part)))
        if gathered < end {
            selection.append(try state.ask(SelectionQuery(ids: Array(ids[gathered..<end]))))
            gathered = end
        }
        guard gathered == ids.count else { return nil }
        guard !ids.isEmpty else { return try SettingsPlan(ids: [], selection: SelectionSummary(), first: nil, blocked: nil) }
        if let missing = selection.missing { throw EngineError.instanceNotFound(missing) }
        let named = try state.instances(ids: [selection.first, selection.blocked].compactMap { $0 })
        func instance(_ id: String?) -> Instance? { id.flatMap { id in named.first { $0.id == id } } }
        return try SettingsPlan(ids: ids, selection: selection, first: instance(selection.first), blocked: instance(selection.blocked))
    }
}
