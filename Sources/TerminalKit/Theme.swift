import Foundation

/// A theme: named slots (`table.header`, `row.selected`, …) with a 256-colour
/// look, an 8-colour fallback and attributes, read from `themes/NAME.toml`.
public struct Theme: Sendable {
    public struct Slot: Sendable, Equatable {
        public var fg: UInt8?
        public var bg: UInt8?
        public var fg8: UInt8?
        public var bg8: UInt8?
        public var bold = false
        public var underline = false
        public var reverse = false
        public var dim = false
    }

    public let name: String
    public let slots: [String: Slot]

    /// Every slot the console draws with; a theme must define them all.
    public static let requiredSlots = [
        "screen", "topbar", "topbar.accent", "nav", "nav.active", "tab", "tab.active", "table.header", "row",
        "row.selected", "row.marked", "row.selected.marked", "text.disabled", "text.muted", "text.ok", "text.warn",
        "footer", "footer.key", "message.info", "message.error", "dialog", "dialog.border", "dialog.title", "field",
        "field.focus", "field.error", "button", "button.focus",
    ]

    public init(name: String, slots: [String: Slot]) {
        self.name = name
        self.slots = slots
    }

    /// The look of `slot` on a terminal with `colors` colours (0: no colour at all).
    public func style(_ slot: String, colors: Int) -> Style {
        let s = slots[slot] ?? Slot()
        func color(_ c256: UInt8?, _ c8: UInt8?) -> TermColor {
            if colors >= 256, let c = c256 { return .index(c) }
            if colors >= 8, let c = c8 ?? c256.map(Self.nearest8) { return .index(c) }
            return .terminalDefault
        }
        return Style(fg: color(s.fg, s.fg8), bg: color(s.bg, s.bg8), bold: s.bold, underline: s.underline,
                     reverse: s.reverse, dim: s.dim)
    }

    /// A rough 8-colour stand-in for a 256-colour index.
    static func nearest8(_ c: UInt8) -> UInt8 {
        if c < 8 { return c }
        if c < 16 { return c - 8 }
        if c >= 232 { return c < 244 ? 0 : 7 }
        let v = Int(c) - 16
        let r = v / 36, g = v / 6 % 6, b = v % 6
        return UInt8((r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0))
    }

    static let colorNames: [String: UInt8] = ["black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4,
                                              "magenta": 5, "cyan": 6, "white": 7]

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses a theme file: `[slot]` sections of `fg`, `bg` (0–255), `fg8`,
    /// `bg8` (colour names), `bold`, `underline`, `reverse`, `dim`.
    public static func parse(_ text: String, name: String) throws -> Theme {
        var slots: [String: Slot] = [:]
        var current: String? = nil
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if line.isEmpty { continue }
            func fail(_ why: String) -> LoadError { LoadError(description: "\(name).toml line \(n + 1): \(why)") }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw fail("unclosed section") }
                let slot = String(line.dropFirst().dropLast()).trimmingCharacters(in: CharacterSet(charactersIn: " \""))
                current = slot
                slots[slot] = slots[slot] ?? Slot()
                continue
            }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw fail("expected key = value") }
            let (key, value) = (parts[0], parts[1])
            guard let slot = current else {
                if ["name", "description"].contains(key) { continue }
                throw fail("\(key) outside a [slot] section")
            }
            let unquoted = value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            switch key {
            case "fg", "bg":
                guard let v = UInt8(value) else { throw fail("\(key) must be a colour from 0 to 255") }
                if key == "fg" { slots[slot]!.fg = v } else { slots[slot]!.bg = v }
            case "fg8", "bg8":
                guard let v = colorNames[unquoted] else { throw fail("\(key) must be a colour name (black, red, …)") }
                if key == "fg8" { slots[slot]!.fg8 = v } else { slots[slot]!.bg8 = v }
            case "bold", "underline", "reverse", "dim":
                guard value == "true" || value == "false" else { throw fail("\(key) must be true or false") }
                let on = value == "true"
                switch key {
                case "bold": slots[slot]!.bold = on
                case "underline": slots[slot]!.underline = on
                case "reverse": slots[slot]!.reverse = on
                default: slots[slot]!.dim = on
                }
            default:
                throw fail("unknown key \(key)")
            }
        }
        let missing = requiredSlots.filter { slots[$0] == nil }
        guard missing.isEmpty else {
            throw LoadError(description: "\(name).toml lacks the slots \(missing.joined(separator: ", "))")
        }
        return Theme(name: name, slots: slots)
    }

    /// Loads `NAME.toml` from the first folder of `searchPath` that has it.
    public static func load(named name: String, searchPath: [String]) throws -> Theme {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw LoadError(description: "theme names are letters, digits, - and _: \"\(name)\"")
        }
        for dir in searchPath {
            let file = dir + "/" + name + ".toml"
            if let data = FileManager.default.contents(atPath: file) {
                return try parse(String(decoding: data, as: UTF8.self), name: name)
            }
        }
        let known = available(searchPath: searchPath)
        throw LoadError(description: "no theme \"\(name)\"; available: \(known.isEmpty ? "none found" : known.joined(separator: ", "))")
    }

    /// Theme names found on the search path.
    public static func available(searchPath: [String]) -> [String] {
        var names = Set<String>()
        for dir in searchPath {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where f.hasSuffix(".toml") {
                names.insert(String(f.dropLast(5)))
            }
        }
        return names.sorted()
    }

    /// Attributes only, for when no theme file can be found or colour is off.
    public static let builtinMono: Theme = {
        var s: [String: Slot] = [:]
        for name in requiredSlots { s[name] = Slot() }
        s["topbar"]!.reverse = true
        s["topbar.accent"]!.reverse = true
        s["topbar.accent"]!.bold = true
        s["nav.active"]!.reverse = true
        s["tab.active"]!.bold = true
        s["tab.active"]!.underline = true
        s["table.header"]!.bold = true
        s["table.header"]!.underline = true
        s["row.selected"]!.reverse = true
        s["row.marked"]!.bold = true
        s["row.selected.marked"]!.reverse = true
        s["row.selected.marked"]!.bold = true
        s["text.disabled"]!.dim = true
        s["text.muted"]!.dim = true
        s["footer"]!.reverse = true
        s["footer.key"]!.reverse = true
        s["footer.key"]!.bold = true
        s["message.error"]!.bold = true
        s["dialog.title"]!.bold = true
        s["field.focus"]!.reverse = true
        s["field.error"]!.bold = true
        s["field.error"]!.underline = true
        s["button.focus"]!.reverse = true
        s["button.focus"]!.bold = true
        return Theme(name: "mono", slots: s)
    }()
}
