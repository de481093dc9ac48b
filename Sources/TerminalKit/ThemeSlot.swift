/// The slots the console draws with: a theme must define every one (its
/// TOML table path is the raw value, e.g. `[row.selected]`).
public enum ThemeSlot: String, CaseIterable, Sendable {
    case screen
    case topbar
    case topbarAccent = "topbar.accent"
    case nav
    case navActive = "nav.active"
    case tab
    case tabActive = "tab.active"
    case tableHeader = "table.header"
    case row
    case rowSelected = "row.selected"
    case rowMarked = "row.marked"
    case rowSelectedMarked = "row.selected.marked"
    case textDisabled = "text.disabled"
    case textMuted = "text.muted"
    case textOk = "text.ok"
    case textWarn = "text.warn"
    case footer
    case footerKey = "footer.key"
    case messageInfo = "message.info"
    case messageError = "message.error"
    case dialog
    case dialogBorder = "dialog.border"
    case dialogTitle = "dialog.title"
    case field
    case fieldFocus = "field.focus"
    case fieldError = "field.error"
    case button
    case buttonFocus = "button.focus"
}

extension ThemeSlot {
    /// Without colour, a slot that shows where the focus is must still show
    /// it: the attribute it takes when its theme gives it only colours.
    var withoutColour: (reverse: Bool, bold: Bool) {
        switch self {
        case .rowSelected, .navActive, .tabActive, .fieldFocus, .buttonFocus, .topbar, .topbarAccent: return (true, false)
        case .rowSelectedMarked: return (true, true)
        case .rowMarked, .dialogTitle, .tableHeader: return (false, true)
        default: return (false, false)
        }
    }
}
