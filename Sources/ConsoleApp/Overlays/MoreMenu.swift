import CrossRegionEngine
import TerminalKit

/// `m` on an instance: what else can be done with it. Items act by identity.
final class MoreMenu: Component {
    enum Item: Hashable, Sendable { case settings, backups, release }

    let instance: Instance
    private var menu: Menu<Item>
    /// Under the items: why some are off.
    private let note: String?

    /// In a read-only console the items that change the state are off, with the reason.
    init(instance: Instance, readOnly: Bool = false) {
        self.instance = instance
        let off = readOnly ? "Read-only console: the items that change the state are off." : nil
        note = off ?? instance.unqualifiedReason
        menu = Menu([.init(.settings, "Cross-region Backup Settings", disabledReason: off ?? instance.unqualifiedReason),
                     .init(.backups, "Backup and Restoration"),
                     .init(.release, "Release instance", disabledReason: off)])
    }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        MenuBindings.actions(move: { [unowned self] in _ = menu.handle($0) }, choose: { [unowned self, unowned ctx] in choose(ctx) })
    }

    private func choose(_ ctx: ConsoleContext) -> Outcome {
        if let why = menu.current.disabledReason { return .all([.close, .say("\(instance.id): \(why)", error: true)]) }
        switch menu.cursor {
        case .settings: return .all([.close, SettingsDialog.open(ids: [instance.id], ctx)])
        case .backups: return .show(BackupRestorationPage(instanceID: instance.id))
        case .release: return .replace(Prompt(.release(instance.id)))
        }
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let reason = note
        let inner = DialogFrame(title: "More \(ctx.glyphs.separator) \(instance.id)", width: 70, height: reason == nil ? 7 : 9)
            .render(into: &b, within: area, palette: ctx.palette, glyphs: ctx.glyphs)
        ctx.hitMenu(menu.render(into: &b, area: inner.splitTop(1).rest, palette: ctx.palette), by: self) {
            [unowned self] in _ = menu.select($0)
        } choose: { [unowned self, unowned ctx] in choose(ctx) }
        if let reason { WrappedText(reason, slot: .textWarn).render(into: &b, area: inner.splitTop(4).rest, palette: ctx.palette) }
    }
}
