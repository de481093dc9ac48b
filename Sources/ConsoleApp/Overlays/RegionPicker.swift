import CrossRegionEngine
import TerminalKit

/// `r`: the regions, opened on the current one; Enter shows it on every page.
final class RegionPicker: Component {
    /// Regions by ID; nil is every region at once.
    private var menu: Menu<String?>

    init(current: String?, regions: [Region]) {
        menu = Menu([.init(nil, "All regions")]
                    + regions.map { .init($0.id, TextWidth.fit($0.displayName, 24) + " " + $0.id) }, cursor: current)
    }

    func selection(_ ctx: ConsoleContext) -> String? { menu.cursor ?? "all" }

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        MenuBindings.actions(move: { [unowned self] in _ = menu.handle($0) }, choose: { [unowned self] in choose() })
    }

    private func choose() -> Outcome { .all([.effect(.setRegion(menu.cursor)), .close]) }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let inner = DialogFrame(title: "Region", width: 48, height: ctx.rules.regions.count + 5)
            .render(into: &b, within: area, palette: ctx.palette, glyphs: ctx.glyphs)
        ctx.hitMenu(menu.render(into: &b, area: inner.splitTop(1).rest, palette: ctx.palette), by: self) {
            [unowned self] in _ = menu.select($0)
        } choose: { [unowned self] in choose() }
    }
}
