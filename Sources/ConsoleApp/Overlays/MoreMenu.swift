import CrossRegionEngine
import TerminalKit

/// `m` on an instance: what else can be done with it. Items act by identity.
final class MoreMenu: Component {
    enum Item: Hashable, Sendable { case settings, backups, release }

    let instance: Instance
    private var menu: Menu<Item>

    init(instance: Instance) {
        self.instance = instance
        menu = Menu([.init(.settings, "Cross-region Backup Settings", disabledReason: instance.unqualifiedReason),
                     .init(.backups, "Backup and Restoration"),
                     .init(.release, "Release instance")])
    }

    func bindings(_ ctx: ConsoleContext) -> [Binding] { MenuBindings.all }

    func perform(_ command: Command, _ ctx: ConsoleContext) -> Outcome {
        if menu.follow(command) { return .handled }
        switch command {
        case .cancel: return .close
        case .confirm:
            if let why = menu.current.disabledReason { return .all([.close, .say("\(instance.id): \(why)", error: true)]) }
            switch menu.cursor {
            case .settings: return .all([.close, SettingsDialog.open(ids: [instance.id], ctx)])
            case .backups: return .show(BackupRestorationPage(instanceID: instance.id))
            case .release: return .replace(Prompt(.release(instance.id)))
            }
        default: break
        }
        return .handled
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let reason = instance.unqualifiedReason
        let inner = DialogFrame(title: "More \(ctx.glyphs.separator) \(instance.id)", width: 70, height: reason == nil ? 7 : 9)
            .render(into: &b, within: area, palette: ctx.palette, glyphs: ctx.glyphs)
        ctx.hitMenu(menu.render(into: &b, area: inner.splitTop(1).rest, palette: ctx.palette), by: self) {
            [unowned self] in _ = menu.select($0)
        }
        if let reason { WrappedText(reason, slot: .textWarn).render(into: &b, area: inner.splitTop(4).rest, palette: ctx.palette) }
    }
}
