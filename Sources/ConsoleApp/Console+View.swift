import CrossRegionEngine
import Foundation
import TerminalKit

/// Drawing: each frame draws the whole screen into a fresh `Buffer`.
extension Console {
    public static let minimumSize = (width: 80, height: 24)

    public func render(width: Int, height: Int) -> Buffer {
        var b = Buffer(width: width, height: height, fill: palette[.screen])
        guard width >= Self.minimumSize.width, height >= Self.minimumSize.height else {
            let text = "terminal too small (need 80x24, have \(width)x\(height))"
            b.put(max(0, (width - TextWidth.of(text)) / 2), height / 2, text, palette[.messageError])
            return b
        }
        // The clock is the first thing asked each frame: when the state cannot
        // be read (a server gone away), say so instead of showing empty lists as fact.
        var now: Seconds = 0
        var problem: String? = nil
        do { now = try engine.now() } catch let e as EngineError { problem = e.message } catch { problem = "\(error)" }
        drawTopBar(&b, now: problem == nil ? now : nil)
        let navWidth = width >= 100 ? 24 : 17
        drawNav(&b, width: navWidth)
        let area = (x: navWidth + 1, y: 1, w: width - navWidth - 2, h: height - 3)
        visibleRows = max(1, area.h - 5)
        switch state.detail {
        case .backupAndRestoration(let id, let tab)?: drawBackupAndRestoration(&b, area, id: id, tab: tab, now: now)
        case .files(let id, let tab)?: drawFiles(&b, area, id: id, tab: tab, now: now)
        case nil:
            switch state.page {
            case .instances: drawInstances(&b, area, now: now)
            case .crossRegion: drawCrossRegion(&b, area, now: now)
            }
        }
        drawMessage(&b, y: height - 2, problem: problem)
        drawFooter(&b, y: height - 1)
        if let overlay = state.overlay { drawOverlay(&b, overlay, now: now) }
        return b
    }

    // MARK: Frame

    func drawTopBar(_ b: inout Buffer, now: Seconds?) {
        b.fill(0, 0, b.width, 1, palette[.topbar])
        var x = b.put(0, 0, " RDS Console ", palette[.topbarAccent])
        let region = Region.named(state.region)?.displayName ?? state.region
        x += b.put(x, 0, " Region: \(region) \(glyphs.arrowDown)  ", palette[.topbar])
        x += b.put(x, 0, "Clock: \(now.map(UTCTime.format) ?? "unavailable")", palette[.topbar])
        if !state.marks.isEmpty {
            b.put(x + 2, 0, "\(state.marks.count) marked", palette[.topbarAccent])
        }
    }

    func drawNav(_ b: inout Buffer, width: Int) {
        b.fill(0, 1, width, b.height - 3, palette[.nav])
        let items: [(Page, String)] = [(.instances, "1 Instances"),
                                       (.crossRegion, width >= 24 ? "2 Cross-region Backup" : "2 Cross-region")]
        for (i, (page, title)) in items.enumerated() {
            let active = state.page == page
            let style = active ? palette[.navActive] : palette[.nav]
            b.fill(0, 2 + i, width, 1, style)
            b.put(1, 2 + i, (active ? "> " : "  ") + title, style, maxWidth: width - 1)
        }
    }

    /// The last message, or `problem` (why the state cannot be read) before it.
    func drawMessage(_ b: inout Buffer, y: Int, problem: String? = nil) {
        b.fill(0, y, b.width, 1, palette[.screen])
        if let m = problem.map({ "State unavailable: \($0)" }) ?? state.message {
            b.put(1, y, m.replacingOccurrences(of: "\n", with: " "),
                  palette[state.messageIsError || problem != nil ? .messageError : .messageInfo], maxWidth: b.width - 2)
        }
    }

    func drawFooter(_ b: inout Buffer, y: Int) {
        b.fill(0, y, b.width, 1, palette[.footer])
        var x = 1
        for binding in KeyMap.bindings(for: state) {
            guard let word = binding.footer else { continue }
            let need = TextWidth.of(binding.label) + TextWidth.of(word) + 3
            if x + need > b.width { break }
            x += b.put(x, y, binding.label, palette[.footerKey])
            x += b.put(x, y, " " + word + "  ", palette[.footer])
        }
    }

    // MARK: Tables

    /// Columns that fit in `width`: the first stretches, the others come in priority order while they fit.
    func fit(_ first: Column, minFirst: Int, _ others: [(Column, Int)], width: Int) -> [Column] {
        var chosen: [(Column, Int)] = []
        var used = minFirst
        for (c, p) in others.sorted(by: { $0.1 < $1.1 }) where used + c.width + 1 <= width {
            chosen.append((c, p))
            used += c.width + 1
        }
        let kept = others.filter { o in chosen.contains { $0.0.title == o.0.title } }.map(\.0)
        let flex = width - kept.reduce(0) { $0 + $1.width + 1 }
        return [Column(first.title, max(minFirst, flex))] + kept
    }

    func drawTable(_ b: inout Buffer, _ area: (x: Int, y: Int, w: Int, h: Int), top: Int, columns: [Column],
                   rows: [(cells: [String], selected: Bool, marked: Bool, disabled: Bool)], total: Int, cursor: Int,
                   empty: String) {
        b.tableRow(area.x, top, width: area.w, columns: columns, cells: columns.map(\.title), style: palette[.tableHeader])
        for (i, r) in rows.enumerated() where top + 1 + i < area.y + area.h - 1 {
            let slot: ThemeSlot = r.selected ? (r.marked ? .rowSelectedMarked : .rowSelected)
                : r.marked ? .rowMarked : r.disabled ? .textDisabled : .row
            b.tableRow(area.x, top + 1 + i, width: area.w, columns: columns, cells: r.cells, style: palette[slot])
        }
        let status = total == 0 ? empty : "\(min(cursor + 1, total)) of \(total)"
        b.put(area.x, area.y + area.h - 1, status, palette[.textMuted], maxWidth: area.w)
    }

    func drawTitle(_ b: inout Buffer, _ area: (x: Int, y: Int, w: Int, h: Int), _ title: String) {
        b.put(area.x, area.y, title, palette[.dialogTitle], maxWidth: area.w)
    }

    func drawTabs(_ b: inout Buffer, x: Int, y: Int, _ tabs: [String], active: Int) {
        var col = x
        for (i, t) in tabs.enumerated() {
            col += b.put(col, y, i == active ? "[ \(t) ]" : "  \(t)  ", palette[i == active ? .tabActive : .tab])
            col += 1
        }
    }

    func drawFilter(_ b: inout Buffer, x: Int, y: Int, w: Int) {
        let text = state.filters[state.listName] ?? ""
        if state.editingFilter {
            b.put(x, y, "Filter: \(text)_", palette[.fieldFocus], maxWidth: w)
        } else if !text.isEmpty {
            b.put(x, y, "Filter: \(text)   (/ to change, Esc in it to clear)", palette[.textMuted], maxWidth: w)
        } else {
            b.put(x, y, "/ to filter by ID or description", palette[.textMuted], maxWidth: w)
        }
    }

    func window(rows: Int, total: Int) -> ScrollWindow {
        var w = state.windows[state.listName] ?? ScrollWindow()
        w.clamp(count: total, rows: rows)
        state.windows[state.listName] = w
        return w
    }

    static func product(_ i: Instance) -> (version: String, edition: String, storage: String) {
        let edition: String
        switch i.category {
        case "HighAvailability": edition = "HA"
        case "Basic": edition = "Basic"
        case "Finance": edition = "Enterprise"
        case "cluster", "AlwaysOn": edition = "Cluster"
        default: edition = i.category
        }
        let storage = i.storageType == "local_ssd" ? "Local SSD" : i.storageType.replacingOccurrences(of: "cloud_", with: "").uppercased()
        return ("\(i.engine == "MySQL" ? "MySQL" : i.engine) \(i.engineVersion)", edition, storage)
    }

    // MARK: Pages

    func drawInstances(_ b: inout Buffer, _ area: (x: Int, y: Int, w: Int, h: Int), now: Seconds) {
        drawTitle(&b, area, "Instances \(glyphs.separator) \(Region.named(state.region)?.displayName ?? state.region)")
        drawFilter(&b, x: area.x, y: area.y + 1, w: area.w)
        let rows = area.h - 4
        let total = listCount
        let w = window(rows: rows, total: total)
        let page = pageInstances(w.top..<(w.top + rows))
        let columns = fit(Column("Instance", 30), minFirst: 22, [
            (Column("Status", 8), 0), (Column("Version", 10), 1), (Column("Cross-region", 13), 2),
            (Column("Edition", 8), 3), (Column("Storage", 9), 4), (Column("TDE", 3), 5), (Column("Zone", 14), 6),
        ], width: area.w)
        let table = page.enumerated().map { i, inst in
            let p = Self.product(inst)
            let cross = inst.unqualifiedReason != nil ? "n/a" : inst.backupEnabled ? glyphs.arrow + " " + (inst.backupRegion ?? "") : "Disabled"
            let values: [String: String] = [
                "Instance": "\(inst.id) \(inst.description)", "Status": inst.status(at: now), "Version": p.version,
                "Edition": p.edition, "Storage": p.storage, "TDE": inst.tdeEnabled ? "on" : "off",
                "Cross-region": cross, "Zone": inst.zoneID]
            return (cells: columns.map { values[$0.title] ?? "" }, selected: w.top + i == w.cursor, marked: false,
                    disabled: inst.unqualifiedReason != nil)
        }
        drawTable(&b, area, top: area.y + 2, columns: columns, rows: table, total: total, cursor: w.cursor,
                  empty: "No instances in this region" + (state.filters[state.listName] == nil ? "." : " match the filter."))
    }

    func drawCrossRegion(_ b: inout Buffer, _ area: (x: Int, y: Int, w: Int, h: Int), now: Seconds) {
        drawTitle(&b, area, "Cross-region Backup \(glyphs.separator) \(Region.named(state.region)?.displayName ?? state.region)")
        drawTabs(&b, x: area.x, y: area.y + 1, ["Backup Instances", "Pending Instances"],
                 active: state.crossTab == .backup ? 0 : 1)
        drawFilter(&b, x: area.x, y: area.y + 2, w: area.w)
        let inner = (x: area.x, y: area.y + 1, w: area.w, h: area.h - 1)
        let rows = inner.h - 4
        let total = listCount
        let w = window(rows: rows, total: total)
        let page = pageInstances(w.top..<(w.top + rows))
        if state.crossTab == .pending {
            let columns = [Column("", 3)] + fit(Column("Instance", 30), minFirst: 24, [
                (Column("Status", 8), 0), (Column("Version", 10), 1), (Column("Edition", 8), 2),
                (Column("Storage", 9), 3), (Column("TDE", 3), 4), (Column("Zone", 15), 5),
            ], width: area.w - 4)
            let table = page.enumerated().map { i, inst in
                let p = Self.product(inst)
                let marked = state.marks.contains(inst.id)
                let values: [String: String] = [
                    "": marked ? glyphs.marked : glyphs.unmarked, "Instance": "\(inst.id) \(inst.description)",
                    "Status": inst.status(at: now), "Version": p.version, "Edition": p.edition, "Storage": p.storage,
                    "TDE": inst.tdeEnabled ? "on" : "off", "Zone": inst.zoneID]
                return (cells: columns.map { values[$0.title] ?? "" }, selected: w.top + i == w.cursor, marked: marked,
                        disabled: false)
            }
            drawTable(&b, inner, top: inner.y + 2, columns: columns, rows: table, total: total, cursor: w.cursor,
                      empty: "No pending instances: every qualifying instance here has cross-region backup on.")
            let hint = state.marks.isEmpty ? "b Backup Settings (cursor row)" : "b Backup Settings for \(state.marks.count) marked"
            if total > 0 || !state.marks.isEmpty {
                b.put(area.x + area.w - TextWidth.of(hint), area.y + area.h - 1, hint, palette[.footerKey])
            }
        } else {
            let costs = (try? engine.costs(instanceIDs: page.map(\.id))) ?? [:]
            let columns = fit(Column("Instance", 30), minFirst: 22, [
                (Column("Status", 8), 0), (Column("Backup region", 13), 1), (Column("Retention", 9), 2),
                (Column("Log", 7), 3), (Column("Retained", 10, right: true), 4), (Column("Accrued", 11, right: true), 5),
                (Column("Next 30d", 11, right: true), 6),
            ], width: area.w)
            let table = page.enumerated().map { i, inst in
                let c = costs[inst.id]
                let values: [String: String] = [
                    "Instance": "\(inst.id) \(inst.description)", "Status": inst.status(at: now),
                    "Backup region": inst.backupEnabled || inst.isReleased ? inst.backupRegion ?? "" : "(disabled)",
                    "Retention": "\(inst.retentionDays) days", "Log": inst.logBackupEnabled ? "Enable" : "Disable",
                    "Retained": c.map { String(format: "%.1f GB", Double($0.retainedBytes) / 1e9) } ?? "",
                    "Accrued": c.map { String(format: "USD %.2f", $0.accruedUSD) } ?? "",
                    "Next 30d": c.map { String(format: "USD %.2f", $0.projected30dUSD) } ?? ""]
                return (cells: columns.map { values[$0.title] ?? "" }, selected: w.top + i == w.cursor, marked: false,
                        disabled: inst.isReleased)
            }
            drawTable(&b, inner, top: inner.y + 2, columns: columns, rows: table, total: total, cursor: w.cursor,
                      empty: "No instance here backs up across regions yet: see Pending Instances (Tab).")
        }
    }

    func drawBackupAndRestoration(_ b: inout Buffer, _ area: (x: Int, y: Int, w: Int, h: Int), id: String, tab: Int,
                                  now: Seconds) {
        guard let inst = try? engine.instance(id: id) else { return }
        drawTitle(&b, area, "Backup and Restoration \(glyphs.separator) \(inst.id) \(inst.description)")
        drawTabs(&b, x: area.x, y: area.y + 1, ["Data Backups", "Log Backups", "Cross-region Backup"], active: tab)
        let inner = (x: area.x, y: area.y + 1, w: area.w, h: area.h - 1)
        switch tab {
        case 0:
            let list = (try? engine.localBackups(instanceID: id)) ?? []
            let w = window(rows: inner.h - 3, total: list.count)
            let columns = [Column("Backup ID", 14), Column("Start", 20), Column("End", 20), Column("Size", 10, right: true),
                           Column("Mode", 9)]
            let rows = list.dropFirst(w.top).prefix(inner.h - 3).enumerated().map { i, x in
                (cells: [String(x.id), UTCTime.format(x.start), UTCTime.format(x.end),
                         String(format: "%.1f GB", Double(x.sizeBytes) / 1e9), x.mode],
                 selected: w.top + i == w.cursor, marked: false, disabled: false)
            }
            drawTable(&b, inner, top: inner.y + 1, columns: columns, rows: rows, total: list.count, cursor: w.cursor,
                      empty: "No data backups are kept.")
        case 1:
            let list = (try? engine.localLogFiles(instanceID: id)) ?? []
            let w = window(rows: inner.h - 3, total: list.count)
            let columns = [Column("Log file", 18), Column("Begin", 20), Column("End", 20), Column("Size", 10, right: true)]
            let rows = list.dropFirst(w.top).prefix(inner.h - 3).enumerated().map { i, x in
                (cells: [x.name, UTCTime.format(x.begin), UTCTime.format(x.end),
                         String(format: "%.1f MB", Double(x.sizeBytes) / 1e6)],
                 selected: w.top + i == w.cursor, marked: false, disabled: false)
            }
            drawTable(&b, inner, top: inner.y + 1, columns: columns, rows: rows, total: list.count, cursor: w.cursor,
                      empty: "No log backups are kept.")
        default:
            var y = inner.y + 1
            if let why = inst.unqualifiedReason, !inst.isReleased {
                b.put(inner.x, y, why, palette[.textDisabled], maxWidth: inner.w)
                return
            }
            let lines = [
                "Cross-region Backup Status: \(inst.backupEnabled ? "Enabled" : "Disabled")"
                    + (inst.backupEnabled ? " since \(UTCTime.format(inst.backupEnabledAt ?? 0))" : ""),
                "Backup Region: \(inst.backupRegion.flatMap { Region.named($0)?.displayName } ?? "-")",
                "Retention Period: \(inst.retentionDays) days",
                "Cross-region Log Backup: \(inst.logBackupEnabled ? "Enabled" : "Disabled")",
            ]
            for l in lines { b.put(inner.x, y, l, palette[.row], maxWidth: inner.w); y += 1 }
            b.put(inner.x, y, "e Edit", palette[.footerKey])
            let files = (try? engine.crossRegionFiles(instanceID: id, query: FileQuery(kind: .data, limit: 0)).total) ?? 0
            let logs = (try? engine.crossRegionFiles(instanceID: id, query: FileQuery(kind: .log, limit: 0)).total) ?? 0
            b.put(inner.x + 8, y, "\(files) cross-region data backups, \(logs) log files retained", palette[.textMuted],
                  maxWidth: inner.w - 8)
            let sub = (x: inner.x, y: y + 1, w: inner.w, h: inner.y + inner.h - y - 1)
            drawFileTable(&b, sub, id: id, kind: .data, now: now)
        }
    }

    func drawFiles(_ b: inout Buffer, _ area: (x: Int, y: Int, w: Int, h: Int), id: String, tab: Int, now: Seconds) {
        let inst = try? engine.instance(id: id)
        drawTitle(&b, area, "Retained cross-region backups \(glyphs.separator) \(id) \(inst?.description ?? "")"
                  + (inst?.isReleased == true ? " (Released)" : ""))
        drawTabs(&b, x: area.x, y: area.y + 1, ["Data Backups", "Log Backups"], active: tab)
        drawFileTable(&b, (x: area.x, y: area.y + 2, w: area.w, h: area.h - 2), id: id, kind: tab == 0 ? .data : .log,
                      now: now)
    }

    func drawFileTable(_ b: inout Buffer, _ area: (x: Int, y: Int, w: Int, h: Int), id: String, kind: FileKind,
                       now: Seconds) {
        let rows = max(1, area.h - 2)
        let total = state.detail.map { _ in listCount }
            ?? (try? engine.crossRegionFiles(instanceID: id, query: FileQuery(kind: kind, limit: 0)).total) ?? 0
        let w = state.detail.map { _ in window(rows: rows, total: total) } ?? ScrollWindow()
        let page = (try? engine.crossRegionFiles(instanceID: id, query: FileQuery(kind: kind, offset: w.top, limit: rows)))?
            .items ?? []
        let first = kind == .data ? Column("Set ID", 12) : Column("Log file", 30)
        let columns = fit(first, minFirst: first.width, [
            (Column(kind == .data ? "Backup start" : "Begin", 20), 0), (Column("Status", 9), 1),
            (Column("Size", 10, right: true), 2), (Column("Stored in", 12), 3), (Column("Expires", 20), 4),
            (Column(kind == .data ? "Consistent" : "End", 20), 5),
        ], width: area.w)
        let table = page.enumerated().map { i, f in
            let values: [String: String] = [
                "Set ID": String(f.id), "Log file": f.name.components(separatedBy: "_").last ?? f.name,
                "Backup start": UTCTime.format(f.sourceStart), "Begin": UTCTime.format(f.sourceStart),
                "Consistent": UTCTime.format(f.sourceEnd), "End": UTCTime.format(f.sourceEnd),
                "Status": f.isCopying ? "Copying" : "Completed",
                "Size": kind == .data ? String(format: "%.1f GB", Double(f.sizeBytes) / 1e9)
                    : String(format: "%.1f MB", Double(f.sizeBytes) / 1e6),
                "Stored in": f.destination, "Expires": UTCTime.format(f.expiresAt)]
            return (cells: columns.map { values[$0.title] ?? "" }, selected: w.top + i == w.cursor, marked: false,
                    disabled: f.isCopying)
        }
        drawTable(&b, area, top: area.y, columns: columns, rows: table, total: total, cursor: w.cursor,
                  empty: "No retained cross-region \(kind == .data ? "data backups" : "log files").")
    }
}
