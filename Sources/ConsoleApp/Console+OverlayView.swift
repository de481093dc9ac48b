import CrossRegionEngine
import TerminalKit

/// Drawing dialogs, menus and prompts over the page.
extension Console {
    func dialogBox(_ b: inout Buffer, width: Int, height: Int, title: String) -> (x: Int, y: Int, w: Int) {
        let w = min(width, b.width - 4), h = min(height, b.height - 2)
        let x = (b.width - w) / 2, y = max(1, (b.height - h) / 2)
        b.box(x, y, w, h, title: title, border: palette[.dialogBorder], titleStyle: palette[.dialogTitle],
              style: palette[.dialog], glyphs: glyphs)
        return (x + 2, y + 1, w - 4)
    }

    func drawOverlay(_ b: inout Buffer, _ overlay: Overlay, now: Seconds) {
        switch overlay {
        case .help:
            let bindings = KeyMap.bindings(for: state)
            let d = dialogBox(&b, width: 64, height: bindings.count + 4, title: "Keys of this page (any key closes)")
            for (i, k) in bindings.enumerated() {
                b.put(d.x, d.y + 1 + i, TextWidth.fit(k.label, 10), palette[.footerKey])
                b.put(d.x + 11, d.y + 1 + i, k.help, palette[.dialog], maxWidth: d.w - 11)
            }
        case .regionPicker(let cursor):
            let d = dialogBox(&b, width: 48, height: Region.all.count + 4, title: "Region")
            for (i, r) in Region.all.enumerated() {
                let style = palette[i == cursor ? .rowSelected : (r.id == state.region ? .rowMarked : .dialog)]
                b.fill(d.x, d.y + 1 + i, d.w, 1, style)
                b.put(d.x, d.y + 1 + i, TextWidth.fit(r.displayName, 22) + " " + r.id, style, maxWidth: d.w)
            }
        case .menu(let id, let cursor):
            let inst = try? engine.instance(id: id)
            let reason = inst?.unqualifiedReason
            let d = dialogBox(&b, width: 70, height: reason == nil ? 7 : 9, title: "More \(glyphs.separator) \(id)")
            for (i, item) in Self.menuItems.enumerated() {
                let disabled = i == 0 && reason != nil
                let style = palette[i == cursor ? .rowSelected : disabled ? .textDisabled : .dialog]
                b.fill(d.x, d.y + 1 + i, d.w, 1, style)
                b.put(d.x, d.y + 1 + i, item + (disabled ? "  (not available)" : ""), style, maxWidth: d.w)
            }
            if let reason { b.put(d.x, d.y + 5, reason, palette[.textWarn], maxWidth: d.w) }
        case .clockPrompt(let text, let error):
            let d = dialogBox(&b, width: 56, height: 6, title: "Advance the clock")
            b.put(d.x, d.y + 1, "By (1d, 12h, 90m, 1d12h): ", palette[.dialog])
            b.put(d.x + 27, d.y + 1, TextWidth.fit(text + "_", 14), palette[.fieldFocus])
            if let error { b.put(d.x, d.y + 3, error, palette[.messageError], maxWidth: d.w) }
        case .confirmRelease(let id, let typed, let error):
            let d = dialogBox(&b, width: 66, height: 8, title: "Release instance")
            b.put(d.x, d.y + 1, "Its cross-region backups stay for their retention period.", palette[.dialog], maxWidth: d.w)
            b.put(d.x, d.y + 2, "Type \(id) to confirm:", palette[.dialog], maxWidth: d.w)
            b.put(d.x, d.y + 3, TextWidth.fit(typed + "_", 24), palette[.fieldFocus])
            if let error { b.put(d.x, d.y + 5, error, palette[.messageError], maxWidth: d.w) }
        case .settings(let form):
            drawSettings(&b, form)
        case .restore(let form):
            drawRestore(&b, form)
        }
    }

    func choice(_ text: String, focused: Bool, editable: Bool) -> (String, ThemeSlot) {
        (editable ? "< \(text) >" : "  \(text)  ", focused ? .fieldFocus : editable ? .field : .textDisabled)
    }

    func drawSettings(_ b: inout Buffer, _ form: SettingsForm) {
        // The engine's reasons, wrapped: a refusal is read in full, not cut at the frame.
        let inner = min(76, b.width - 4) - 4  // the dialog's text width (see dialogBox)
        let refusal = form.refusal.flatMap { TextWidth.wrap($0, width: inner) }.prefix(6)
        let height = 14 + refusal.count
        let d = dialogBox(&b, width: 76, height: height,
                          title: form.ids.count == 1 ? "Cross-region Backup Settings" : "Backup Settings \(glyphs.separator) \(form.ids.count) instances")
        let who = form.ids.count == 1 ? form.ids[0] : "\(form.ids[0]) and \(form.ids.count - 1) more"
        b.put(d.x, d.y, "\(who) \(glyphs.separator) \(Region.named(form.sourceRegion)?.displayName ?? form.sourceRegion)",
              palette[.textMuted], maxWidth: d.w)
        let labelWidth = 32
        func row(_ y: Int, _ label: String, _ field: SettingsForm.Field, _ value: String) {
            b.put(d.x, y, label, palette[form.isEditable(field) ? .dialog : .textDisabled])
            let (text, slot) = choice(value, focused: form.focus == field, editable: form.isEditable(field))
            b.put(d.x + labelWidth, y, text, palette[slot], maxWidth: d.w - labelWidth)
        }
        let dest = form.destinations.isEmpty ? "-" : form.destinations[form.destinationIndex]
        row(d.y + 2, "Cross-region Backup Status", .status, form.enable ? "Enable" : "Disable")
        row(d.y + 3, "Backup Region", .region, "\(Region.named(dest)?.displayName ?? dest)")
        let retentionSlot: ThemeSlot = form.retentionError != nil ? .fieldError : form.focus == .retention ? .fieldFocus
            : form.isEditable(.retention) ? .field : .textDisabled
        b.put(d.x, d.y + 4, "Retention Period (days)", palette[form.isEditable(.retention) ? .dialog : .textDisabled])
        b.put(d.x + labelWidth, d.y + 4, "[" + TextWidth.fit(form.retention + (form.focus == .retention ? "_" : ""), 8) + "]",
              palette[retentionSlot])
        b.put(d.x + labelWidth + 12, d.y + 4, PolicyChange.retentionBounds, palette[.textMuted])
        row(d.y + 5, "Cross-region Log Backup Status", .log, form.log ? "Enable" : "Disable")
        let note: (String, ThemeSlot)? =
            form.retentionError.map { ($0, .fieldError) }
            ?? (form.released ? ("Released instance: only the retention period can be changed.", .textWarn) : nil)
            ?? (!form.enable && form.wasEnabled ? (PolicyChange.consoleDisableWarning, .textWarn) : nil)
            ?? (!form.enable ? ("Cross-region backup is off; choose Enable to set it up.", .textMuted) : nil)
        if let note {
            for (i, line) in TextWidth.wrap(note.0, width: d.w).prefix(2).enumerated() {
                b.put(d.x, d.y + 7 + i, line, palette[note.1], maxWidth: d.w)
            }
        }
        let ok: ThemeSlot = form.focus == .ok ? .buttonFocus : .button
        let cancel: ThemeSlot = form.focus == .cancel ? .buttonFocus : .button
        b.put(d.x + d.w / 2 - 12, d.y + 9, "[  OK  ]", palette[ok])
        b.put(d.x + d.w / 2 + 2, d.y + 9, "[ Cancel ]", palette[cancel])
        for (i, line) in refusal.enumerated() {
            b.put(d.x, d.y + 11 + i, line, palette[.messageError], maxWidth: d.w)
        }
    }

    func drawRestore(_ b: inout Buffer, _ form: RestoreForm) {
        let d = dialogBox(&b, width: 78, height: 15, title: "Restore \(form.instanceID) to a new instance")
        let labelWidth = 22
        func row(_ y: Int, _ label: String, _ field: RestoreForm.Field, _ value: String, editable: Bool = true) {
            b.put(d.x, y, label, palette[editable ? .dialog : .textDisabled])
            let (text, slot) = choice(value, focused: form.focus == field, editable: editable)
            b.put(d.x + labelWidth, y, text, palette[slot], maxWidth: d.w - labelWidth)
        }
        row(d.y + 1, "Restore from", .method, form.byTime ? "Point in time" : "Backup set")
        let set = form.sets[form.setIndex]
        row(d.y + 2, "Backup set", .set, "\(set.id) \(glyphs.separator) \(UTCTime.format(set.time)) \(glyphs.separator) \(set.region)", editable: !form.byTime)
        b.put(d.x, d.y + 3, "Point in time (UTC)", palette[form.byTime ? .dialog : .textDisabled])
        b.put(d.x + labelWidth, d.y + 3, "[" + TextWidth.fit(form.time + (form.focus == .time ? "_" : ""), 21) + "]",
              palette[form.focus == .time ? .fieldFocus : form.byTime ? .field : .textDisabled])
        b.put(d.x, d.y + 4, "Restorable: \(form.ranges)", palette[.textMuted], maxWidth: d.w)
        let region = form.regions[form.regionIndex]
        row(d.y + 6, "Into region", .region, Region.named(region)?.displayName ?? region)
        if let note = set.note {
            b.put(d.x, d.y + 7, note, palette[.textWarn], maxWidth: d.w)
        }
        b.put(d.x + d.w / 2 - 12, d.y + 9, "[  OK  ]", palette[form.focus == .ok ? .buttonFocus : .button])
        b.put(d.x + d.w / 2 + 2, d.y + 9, "[ Cancel ]", palette[form.focus == .cancel ? .buttonFocus : .button])
        for (i, line) in TextWidth.wrap(form.refusal ?? "", width: d.w).prefix(2).enumerated() {
            b.put(d.x, d.y + 11 + i, line, palette[.messageError], maxWidth: d.w)
        }
    }
}
