import CrossRegionEngine
import Foundation
import TerminalKit

/// The frame around the pages: the top bar, the navigation, the message line
/// and the footer; then the focused page and the overlays over it.
extension Console {
    public static let minimumSize = (width: 80, height: 24)

    /// The parts of the frame, by name: what a test reads.
    public enum Part: CaseIterable, Sendable { case topBar, navigation, page, message, footer }

    /// Where each part of the frame is on a `width`×`height` screen.
    public static func layout(width: Int, height: Int) -> [Part: Rect] {
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let (body, bottom) = screen.splitBottom(2)
        let (top, main) = body.splitTop(1)
        let (nav, rest) = main.splitLeft(width >= 100 ? 24 : 17)
        return [.topBar: top, .navigation: nav, .page: rest.inset(dx: 1, dy: 0), .message: bottom.row(0),
                .footer: bottom.row(1)]
    }

    /// The text of one part of a drawn frame, lines trimmed and joined.
    public static func text(of part: Part, in b: Buffer) -> String {
        let r = layout(width: b.width, height: b.height)[part]!
        return (r.y..<r.maxY).map { y in
            String(b.line(y).dropFirst(r.x).prefix(r.width)).trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    public func render(width: Int, height: Int) -> Buffer {
        let palette = context.palette
        var b = Buffer(width: width, height: height, fill: palette[.screen])
        guard width >= Self.minimumSize.width, height >= Self.minimumSize.height else {
            let text = "terminal too small (need 80x24, have \(width)x\(height))"
            b.put(max(0, (width - TextWidth.of(text)) / 2), height / 2, text, palette[.messageError])
            return b
        }
        // Reading: everything the frame shows, before a cell is drawn. The clock is asked first:
        // when the state cannot be read (a server gone away), say so instead of showing empty lists as fact.
        var now: Seconds? = nil
        var problem: String? = nil
        do { now = try context.state.now() } catch { problem = ConsoleContext.describe(error) }
        let rehearsal = context.rehearsal
        if problem == nil { dropStaleMarks() }
        let layout = Self.layout(width: width, height: height)
        let page = pages.last!.prepare(area: layout[.page]!, context)
        let above = overlays.map { $0.prepare(area: b.area, context) }
        // Drawing: reads nothing more (it registers where clicks go).
        context.hits = []
        drawTopBar(&b, layout[.topBar]!, now: now, rehearsal: rehearsal)
        drawNav(&b, layout[.navigation]!)
        page.draw(&b)
        drawFooter(&b, layout[.footer]!)
        drawMessage(&b, layout[.message]!, over: layout[.footer]!, problem: problem)
        for overlay in above { overlay.draw(&b) }
        if readAheadDue && context.defersSlowWork && problem == nil && context.region != nil {
            readAheadDue = false
            readAhead()
        }
        return b
    }

    /// After the frame, once no key waits: the lists a likely next key shows (this page's other
    /// tab, the other sections' pages as `1` and `2` show them), each read once per state, after
    /// a key (see `readAheadDue`). Only in a region: All regions' lists are the whole fleet, too
    /// long a wait for a key pressed meanwhile.
    private func readAhead() {
        pages.last!.readAhead(context)
        for i in sections.indices where i != section { root(of: i).readAhead(context) }
    }

    private func drawTopBar(_ b: inout Buffer, _ area: Rect, now: Seconds?, rehearsal: AccountRehearsal?) {
        let palette = context.palette
        b.fill(area, palette[.topbar])
        var x = b.put(0, 0, " RDS Console ", palette[.topbarAccent])
        x += b.put(x, 0, " Region: \(context.regionName) \(context.glyphs.arrowDown)  ", palette[.topbar])
        x += b.put(x, 0, "Clock: \(now.map(UTCTime.format) ?? "unavailable")", palette[.topbar])
        if context.readOnly { x += 2 + b.put(x + 2, 0, " READ-ONLY ", palette[.messageError]) }
        // Over an endpoint, whose state this is.
        if let served = context.state.servedFrom { x += 2 + b.put(x + 2, 0, " on \(served) ", palette[.topbarAccent]) }
        if let rehearsal {
            // A rehearsal of an account: which, pulled when, and what apply would send.
            let n = rehearsal.plan.changes.count
            let pulled = UTCTime.format(rehearsal.origin.at).prefix(16).replacingOccurrences(of: "T", with: " ")
            x += 2 + b.put(x + 2, 0, " \(rehearsal.origin.account) pulled \(pulled) · \(Format.count(n)) planned ", palette[.topbarAccent],
                           maxWidth: max(0, b.width - x - 2))
        }
        let elsewhere = context.marksElsewhere
        if !context.marks.isEmpty || elsewhere > 0 {
            let here = context.marks.isEmpty ? "" : "\(Format.count(context.marks.count)) marked in \(context.regionName)"
            let others = elsewhere == 0 ? "" : "\(here.isEmpty ? "" : ", ")\(Format.count(elsewhere)) in other regions"
            // Narrow, the count stays and the words that repeat the top bar's region go.
            let full = " " + here + others + " "
            let short = " " + Format.count(context.marks.count + elsewhere) + " marked" + (elsewhere == 0 ? "" : " (all regions)") + " "
            b.put(x + 2, 0, TextWidth.of(full) - 1 <= b.width - x - 2 ? full : short, palette[.topbarAccent], maxWidth: b.width - x - 2)
        }
    }

    private func drawNav(_ b: inout Buffer, _ area: Rect) {
        let palette = context.palette
        b.fill(area, palette[.nav])
        for (i, s) in sections.enumerated() {
            let active = i == section
            let style = palette[active ? .navActive : .nav]
            let row = area.row(1 + i)
            b.fill(row, style)
            let title = TextWidth.of(s.title) + 5 <= area.width ? s.title : s.short
            b.put((active ? "> " : "  ") + s.key + " " + title, in: row.splitLeft(1).rest, style)
            context.hit(row, by: nil) { [unowned self] in
                show(section: i)
                return .handled
            }
        }
    }

    /// The last message, or `problem` (why the state cannot be read) before it.
    /// A message too long for its line goes on over the footer's until the
    /// next key: a reason is read whole, not cut mid-sentence.
    private func drawMessage(_ b: inout Buffer, _ area: Rect, over footer: Rect, problem: String?) {
        let text = problem.map { "State unavailable: \($0)" } ?? jobProgress.map { $0 + " (Esc stops)" } ?? context.message?.text
        guard let text else { return }
        let style = context.palette[problem != nil || context.message?.isError == true ? .messageError : .messageInfo]
        var lines = TextWidth.wrap(text.replacingOccurrences(of: "\n", with: " "), width: area.width - 2)
        if lines.count > 2 { lines = [lines[0], TextWidth.truncate(lines[1...].joined(separator: " "), to: area.width - 2)] }
        for (i, line) in lines.enumerated() {
            let row = i == 0 ? area : footer
            b.fill(row, i == 0 ? context.palette[.screen] : style)
            b.put(line, in: row.inset(dx: 1, dy: 0), style)
        }
    }

    /// The footer: the short words of the focused component's bindings, as many as fit.
    private func drawFooter(_ b: inout Buffer, _ area: Rect) {
        let palette = context.palette
        b.fill(area, palette[.footer])
        var x = area.x + 1
        func need(_ b: Binding) -> Int { TextWidth.of(b.label) + TextWidth.of(b.footer ?? "") + 3 }
        // `? help` is never the one that does not fit: the others give way before it.
        let all = bindings.filter { $0.footer != nil }
        let help = all.first { $0.command == .help }
        let others = all.filter { $0.command != .help }
        var shown: [Binding] = []
        var room = area.maxX - x - (help.map(need) ?? 0)
        for binding in others {
            guard need(binding) <= room else { break }
            room -= need(binding)
            shown.append(binding)
        }
        for binding in shown + (help.map { [$0] } ?? []) {
            guard let word = binding.footer else { continue }
            // Read-only, the keys that would change the state show as off.
            let off = context.readOnly && binding.changesState
            x += b.put(x, area.y, binding.label, palette[off ? .textDisabled : .footerKey])
            x += b.put(x, area.y, " " + word + "  ", palette[off ? .textDisabled : .footer])
        }
    }
}
