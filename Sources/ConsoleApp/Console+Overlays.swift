import CrossRegionEngine
import TerminalKit

/// Dialogs, menus and prompts: they take the keys while open.
extension Console {
    static let menuItems = ["Cross-region Backup Settings", "Backup and Restoration", "Release instance"]

    func handleOverlay(_ key: Key) {
        guard let overlay = state.overlay else { return }
        switch overlay {
        case .help:
            state.overlay = nil
        case .regionPicker(var cursor):
            switch key {
            case .up, .char("k"): cursor = max(0, cursor - 1)
            case .down, .char("j"): cursor = min(Region.all.count - 1, cursor + 1)
            case .enter:
                state.region = Region.all[cursor].id
                state.windows = [:]
                state.overlay = nil
                return
            case .escape, .char("q"):
                state.overlay = nil
                return
            default: break
            }
            state.overlay = .regionPicker(cursor: cursor)
        case .menu(let id, var cursor):
            switch key {
            case .up, .char("k"): cursor = max(0, cursor - 1)
            case .down, .char("j"): cursor = min(Self.menuItems.count - 1, cursor + 1)
            case .escape, .char("q"):
                state.overlay = nil
                return
            case .enter:
                state.overlay = nil
                switch cursor {
                case 0: openSettings([id])
                case 1: state.detail = .backupAndRestoration(instanceID: id, tab: 0)
                default: state.overlay = .confirmRelease(instanceID: id, typed: "", error: nil)
                }
                return
            default: break
            }
            state.overlay = .menu(instanceID: id, cursor: cursor)
        case .clockPrompt(var text, _):
            switch key {
            case .escape: state.overlay = nil
            case .enter:
                guard let span = UTCTime.parseDuration(text) else {
                    state.overlay = .clockPrompt(text: text, error: "Type a span such as 1d, 12h, 90m or 1d12h.")
                    return
                }
                state.overlay = nil
                if let t = attempt({ try engine.advanceClock(by: span) }) { say("Clock advanced to \(UTCTime.format(t)).") }
            case .backspace:
                if !text.isEmpty { text.removeLast() }
                state.overlay = .clockPrompt(text: text, error: nil)
            case .char(let c) where text.count < 12:
                text.append(c)
                state.overlay = .clockPrompt(text: text, error: nil)
            default: break
            }
        case .confirmRelease(let id, var typed, _):
            switch key {
            case .escape: state.overlay = nil
            case .enter:
                guard typed == id else {
                    state.overlay = .confirmRelease(instanceID: id, typed: typed, error: "Type \(id) exactly to release it.")
                    return
                }
                state.overlay = nil
                if attempt({ try engine.releaseInstance(id: id) }) != nil {
                    say("\(id) released. Its cross-region backups are kept for their retention period.")
                }
            case .backspace:
                if !typed.isEmpty { typed.removeLast() }
                state.overlay = .confirmRelease(instanceID: id, typed: typed, error: nil)
            case .char(let c) where typed.count < 40:
                typed.append(c)
                state.overlay = .confirmRelease(instanceID: id, typed: typed, error: nil)
            default: break
            }
        case .settings(var form):
            handleSettings(key, &form)
        case .restore(var form):
            handleRestore(key, &form)
        }
    }

    // MARK: Settings

    /// Opens the settings dialog for these instances, or says why it cannot.
    func openSettings(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        guard let instances = attempt({ try ids.map { try engine.instance(id: $0) } }) else { return }
        let regions = Set(instances.map(\.regionID))
        if regions.count > 1 {
            say("Mark instances of one region: the marked ones are in \(regions.count) regions (\(regions.sorted().joined(separator: ", "))), each with its own backup regions.",
                error: true)
            return
        }
        if let blocked = instances.first(where: { !$0.isReleased && $0.unqualifiedReason != nil }) {
            say("\(blocked.id): \(blocked.unqualifiedReason!)", error: true)
            return
        }
        let released = instances.allSatisfy(\.isReleased)
        if !released && instances.contains(where: \.isReleased) {
            say("Released and live instances are set up differently; mark one kind at a time.", error: true)
            return
        }
        let first = instances[0]
        let destinations = Region.named(first.regionID)?.destinations ?? []
        let enabled = instances.allSatisfy(\.backupEnabled)
        var form = SettingsForm(
            ids: ids, sourceRegion: first.regionID, released: released, wasEnabled: enabled, enable: true,
            destinations: destinations, destinationIndex: 0, retention: String(PolicyChange.defaultRetentionDays), log: false)
        if enabled || released {
            // Enabled instances open with their current settings (the first one's, for a batch).
            form.enable = first.backupEnabled
            form.destinationIndex = destinations.firstIndex(of: first.backupRegion ?? "") ?? 0
            form.retention = String(first.retentionDays)
            form.log = first.logBackupEnabled
        }
        form.focus = released ? .retention : .status
        state.overlay = .settings(form)
    }

    func handleSettings(_ key: Key, _ form: inout SettingsForm) {
        defer { if case .settings = state.overlay { state.overlay = .settings(form) } }
        func step(_ forward: Bool) {
            let current = form
            form.focus = nextField(after: form.focus, forward: forward, editable: current.isEditable)
        }
        switch key {
        case .escape:
            state.overlay = nil
        case .tab, .down: step(true)
        case .backTab, .up: step(false)
        case .left, .right:
            let forward = key == .right
            switch form.focus {
            case .status:
                form.enable.toggle()
                if !form.enable {
                    form.retention = String(PolicyChange.consoleDisable.retentionDays!)
                    form.log = false
                }
            case .region:
                let n = form.destinations.count
                if n > 0 { form.destinationIndex = (form.destinationIndex + (forward ? 1 : n - 1)) % n }
            case .log: form.log.toggle()
            case .ok, .cancel: form.focus = form.focus == .ok ? .cancel : .ok
            case .retention: break
            }
        case .char(let c) where form.focus == .retention && (c.isNumber || c == "-" || c == "."):
            if form.retention.count < 8 { form.retention.append(c) }
        case .backspace where form.focus == .retention:
            if !form.retention.isEmpty { form.retention.removeLast() }
        case .char(" ") where form.focus == .status || form.focus == .log:
            handleSettings(.right, &form)
        case .enter:
            switch form.focus {
            case .cancel: state.overlay = nil
            case .ok: applySettings(&form)
            default: step(true)
            }
        default: break
        }
    }

    func applySettings(_ form: inout SettingsForm) {
        if let e = form.retentionError {
            form.refusal = [e]
            form.focus = .retention
            return
        }
        guard let change = form.change else {
            state.overlay = nil
            say("Nothing to change: cross-region backup is already disabled.")
            return
        }
        do {
            let changed = try engine.modifyPolicy(ids: form.ids, change: change, regionID: form.sourceRegion)
            state.overlay = nil
            state.marks.subtract(form.ids)
            let what = form.released ? "Retention set to \(form.retention) days"
                : form.enable ? "Cross-region backup to \(Region.named(form.destinations[form.destinationIndex])?.displayName ?? "") on"
                : PolicyChange.consoleDisableDone
            say("\(what) for \(changed.count) instance\(changed.count == 1 ? "" : "s").")
        } catch let e as EngineError {
            form.refusal = e.failures.isEmpty ? [e.message] : e.failures.map { "\($0.instanceID): \($0.message)" }
        } catch {
            form.refusal = ["\(error)"]
        }
    }

    // MARK: Restore

    func openRestore() {
        var id: String? = nil
        var preferred: Int64? = nil
        switch state.detail {
        case .files(let i, let tab)?:
            id = i
            if tab == 0 {
                let w = state.windows[state.listName] ?? ScrollWindow()
                preferred = (try? engine.crossRegionFiles(instanceID: i, query: FileQuery(kind: .data, offset: w.cursor, limit: 1)))?
                    .items.first?.id
            }
        case nil where state.page == .crossRegion && state.crossTab == .backup:
            id = cursorInstanceID
        default: break
        }
        guard let id, let inst = attempt({ try engine.instance(id: id) }),
              let windows = attempt({ try engine.recoveryWindows(instanceID: id) }) else { return }
        guard !windows.isEmpty else {
            say("\(id) has no completed cross-region data backup yet: nothing to restore from.", error: true)
            return
        }
        let sets = windows.reversed().map {
            (id: $0.backupSet.id, time: $0.from, region: $0.backupSet.destination, restoreRegions: $0.backupSet.restoreRegions,
             note: $0.backupSet.restoreNote)
        }
        // The union of the windows, newest last: "a..b" for stretches, "a" for single points.
        var merged: [(Seconds, Seconds)] = []
        for w in windows.sorted(by: { $0.from < $1.from }) {
            if let last = merged.last, w.from <= last.1 { merged[merged.count - 1].1 = max(last.1, w.to) } else {
                merged.append((w.from, w.to))
            }
        }
        let stretches = merged.filter { $0.0 < $0.1 }
        let ranges = stretches.isEmpty
            ? "\(merged.count) backup set times, \(UTCTime.format(merged.first!.0)) to \(UTCTime.format(merged.last!.1))"
            : stretches.suffix(2).map { "\(UTCTime.format($0.0))..\(UTCTime.format($0.1))" }.joined(separator: ", ")
        var form = RestoreForm(instanceID: id, sourceRegion: inst.regionID, sets: sets,
                               time: UTCTime.format(windows.last!.to), regions: [], ranges: ranges)
        form.setIndex = preferred.flatMap { p in sets.firstIndex { $0.id == p } } ?? 0
        form.regions = sets[form.setIndex].restoreRegions
        state.overlay = .restore(form)
    }

    func handleRestore(_ key: Key, _ form: inout RestoreForm) {
        defer { if case .restore = state.overlay { state.overlay = .restore(form) } }
        func step(_ forward: Bool) {
            let byTime = form.byTime
            form.focus = nextField(after: form.focus, forward: forward) { f in
                f == .set ? !byTime : f == .time ? byTime : true
            }
        }
        switch key {
        case .escape: state.overlay = nil
        case .tab, .down: step(true)
        case .backTab, .up: step(false)
        case .left, .right:
            let d = key == .right ? 1 : -1
            switch form.focus {
            case .method: form.byTime.toggle()
            case .set:
                form.setIndex = (form.setIndex + d + form.sets.count) % form.sets.count
                form.regions = form.sets[form.setIndex].restoreRegions
                form.regionIndex = min(form.regionIndex, form.regions.count - 1)
            case .region: form.regionIndex = (form.regionIndex + d + form.regions.count) % form.regions.count
            case .ok, .cancel: form.focus = form.focus == .ok ? .cancel : .ok
            case .time: break
            }
        case .backspace where form.focus == .time:
            if !form.time.isEmpty { form.time.removeLast() }
        case .char(let c) where form.focus == .time:
            if form.time.count < 20 { form.time.append(c) }
        case .enter:
            switch form.focus {
            case .cancel: state.overlay = nil
            case .ok: applyRestore(&form)
            default: step(true)
            }
        default: break
        }
    }

    func applyRestore(_ form: inout RestoreForm) {
        let source: RestoreRequest.Source
        if form.byTime {
            guard let t = UTCTime.parse(form.time) else {
                form.refusal = "Type the time as yyyy-MM-ddTHH:mm:ssZ (UTC)."
                return
            }
            source = .pointInTime(instanceID: form.instanceID, sourceRegion: form.sourceRegion, time: t)
        } else {
            source = .backupSet(form.sets[form.setIndex].id)
        }
        let region = form.regions[form.regionIndex]
        do {
            // Same engine, version and storage as the source (R6.3), named so a server need not look them up.
            let from = try engine.instance(id: form.instanceID)
            let new = try engine.restore(RestoreRequest(destinationRegion: region, source: source, engine: from.engine,
                                                        engineVersion: from.engineVersion, storageGB: from.storageGB,
                                                        description: "restored-\(form.instanceID)"))
            state.overlay = nil
            say("Restoring \(form.instanceID) into new instance \(new.id) in \(Region.named(region)?.displayName ?? region) (Creating).")
        } catch let e as EngineError {
            form.refusal = e.message
        } catch {
            form.refusal = "\(error)"
        }
    }
}
