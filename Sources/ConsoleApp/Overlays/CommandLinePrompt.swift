import CrossRegionEngine
import TerminalKit

/// `:`: the console's command line, as in vim and k9s: `region NAME-OR-ID`,
/// `goto INSTANCE-ID`, `rpo SPAN`, `rto SPAN`, `q`. Tab completes the command and region names.
final class CommandLinePrompt: TextPrompt {
    var field = TextField("", maxLength: 80)
    var error: String? = nil

    /// The commands, with what they take.
    static let commands: [(name: String, takes: String)] = [("region", "NAME-OR-ID|all"), ("goto", "INSTANCE-ID"),
                                                            ("rpo", "SPAN|off"), ("rto", "SPAN|off"), ("plan", ""), ("q", "")]

    func actions(_ ctx: ConsoleContext) -> [KeyAction] {
        [Binding(["Enter"], .confirm, "run the command", footer: "run").run { [unowned self, unowned ctx] in run(ctx) },
         Binding(["Tab"], .complete, "complete the command or the region", footer: "complete").run { [unowned self, unowned ctx] in
             if let done = Self.completion(of: field.text, regions: ctx.rules.regions) { field.complete(to: done) }
             return .handled
         },
         Binding(["Esc"], .cancel, "close", footer: "cancel").run { .close },
         TextFieldBinding.editing]
    }

    /// The text completed as far as it is unambiguous, or nil.
    static func completion(of text: String, regions: [Region]) -> String? {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            let names = commands.map(\.name).filter { $0.hasPrefix(parts[0].lowercased()) }
            return names.count == 1 ? names[0] + (names[0] == "q" ? "" : " ") : nil
        }
        guard parts[0] == "region" else { return nil }
        let matches = regions.filter { Self.region($0, matches: parts[1], prefix: true) }
        return matches.count == 1 ? "region " + matches[0].id : nil
    }

    static func region(_ r: Region, matches text: String, prefix: Bool) -> Bool {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return false }
        let names = [r.id.lowercased(), r.displayName.lowercased()]
        return prefix ? names.contains { $0.hasPrefix(t) || $0.contains("(" + t) } : names.contains(t)
    }

    private func run(_ ctx: ConsoleContext) -> Outcome {
        let text = field.text.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        switch parts.first?.lowercased() {
        case "q"?, "quit"?:
            return .quit
        case "region"? where parts.count == 2 && parts[1].lowercased() == "all":
            return .all([.effect(.setRegion(nil)), .close, .say("Region: all regions.", error: false)])
        case "region"? where parts.count == 2:
            let exact = ctx.rules.regions.first { Self.region($0, matches: parts[1], prefix: false) }
            let candidates = ctx.rules.regions.filter { Self.region($0, matches: parts[1], prefix: true) }
            guard let region = exact ?? (candidates.count == 1 ? candidates[0] : nil) else {
                error = candidates.isEmpty ? "No region \"\(parts[1])\"; Tab completes a region's name or ID."
                    : "\"\(parts[1])\" could be \(candidates.map(\.id).joined(separator: ", "))."
                return .handled
            }
            return .all([.effect(.setRegion(region.id)), .close, .say("Region: \(region.displayName).", error: false)])
        case "goto"? where parts.count == 2:
            do {
                return .goto(try ctx.state.instance(id: parts[1]))
            } catch {
                self.error = ConsoleContext.describe(error)
                return .handled
            }
        case "plan"? where parts.count == 1:
            guard let rehearsal = ctx.rehearsal else {
                error = "This state was not pulled from an account, so it has no plan (rds-console pull --state NEW makes one)."
                return .handled
            }
            return .replace(PlanOverlay(rehearsal))
        case let name? where (name == "rpo" || name == "rto") && parts.count == 2:
            return target(name, parts[1], ctx)
        default:
            error = "Commands: " + Self.commands.map { ($0.name + " " + $0.takes).trimmingCharacters(in: .whitespaces) }
                .joined(separator: ", ") + "."
            return .handled
        }
    }

    /// `:rpo 1h`, `:rto 4h`, `… off`: the drill's targets, which DR Readiness checks rows against.
    private func target(_ name: String, _ value: String, _ ctx: ConsoleContext) -> Outcome {
        let label = name.uppercased()
        var seconds: Seconds? = nil
        if value.lowercased() != "off" {
            do {
                seconds = try UTCTime.parseDuration(value)
            } catch {
                self.error = "\(label) target: \(error)"
                return .handled
            }
        }
        let said = seconds.map { "\(label) target \(UTCTime.describe(duration: $0)): DR Readiness marks the instances that miss it." }
            ?? "\(label) target off."
        return .all([.effect(.setTarget(name == "rpo" ? .rpo : .rto, seconds)), .close, .say(said, error: false)])
    }

    func render(into b: inout Buffer, area: Rect, _ ctx: ConsoleContext) {
        let p = ctx.palette
        let width = min(80, area.width - 4)
        let problem = error.map { TextWidth.wrap($0, width: width - 4) } ?? []
        let inner = DialogFrame(title: "Command", width: width, height: 4 + (problem.isEmpty ? 0 : problem.count + 1))
            .render(into: &b, within: area, palette: p, glyphs: ctx.glyphs)
        let row = inner.row(1)
        let x = b.put(": ", in: row, p[.dialog])
        field.render(into: &b, area: row.splitLeft(x).rest, slot: .fieldFocus, focused: true, palette: p)
        for (i, line) in problem.enumerated() { b.put(line, in: inner.row(3 + i), p[.messageError]) }
    }
}
