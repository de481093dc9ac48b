import Foundation
import TOMLKit

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

        public init(fg: UInt8? = nil, bg: UInt8? = nil, bold: Bool = false, underline: Bool = false,
                    reverse: Bool = false, dim: Bool = false) {
            self.fg = fg
            self.bg = bg
            self.bold = bold
            self.underline = underline
            self.reverse = reverse
            self.dim = dim
        }
    }

    public let name: String
    public let slots: [String: Slot]

    /// Every slot the console draws with; a theme must define them all.
    public static let requiredSlots = ThemeSlot.allCases.map(\.rawValue)

    public init(name: String, slots: [String: Slot]) {
        self.name = name
        self.slots = slots
    }

    /// The look of `slot` on a terminal with `colors` colours (0: no colour at all).
    public func style(_ slot: ThemeSlot, colors: Int) -> Style {
        let s = slots[slot.rawValue] ?? Slot()
        func color(_ c256: UInt8?, _ c8: UInt8?) -> TermColor {
            if colors >= 256, let c = c256 { return .index(c) }
            if colors >= 8, let c = c8 ?? c256.map(Self.nearest8) { return .index(c) }
            return .terminalDefault
        }
        var style = Style(fg: color(s.fg, s.fg8), bg: color(s.bg, s.bg8), bold: s.bold, underline: s.underline,
                          reverse: s.reverse, dim: s.dim)
        if colors == 0 {
            // Only colours set the slot apart: keep it apart with attributes.
            let fallback = slot.withoutColour
            style.reverse = style.reverse || (fallback.reverse && !s.reverse && !s.underline)
            style.bold = style.bold || fallback.bold
        }
        return style
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

    /// Parses a theme file (TOML): a table per slot (`[table.header]`) with
    /// `fg`, `bg` (0–255), `fg8`, `bg8` (colour names), `bold`, `underline`,
    /// `reverse`, `dim`; `name` and `description` at the top. A slot the file
    /// leaves out is `base`'s (a user's theme need not restate every slot); without
    /// a base, every slot is required (a built-in theme). A bad value is said with its line.
    public static func parse(_ text: String, name: String, base: Theme? = nil) throws -> Theme {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw LoadError(description: "\(name).toml line \(e.source.begin.line): \(e.description)")
        }
        var slots: [String: Slot] = [:]
        func fail(_ slot: String, _ why: String, key: String? = nil) -> LoadError {
            let line = key.flatMap { lineOf(key: $0, in: slot, text: text) }.map { " line \($0)" } ?? ""
            return LoadError(description: "\(name).toml\(line) [\(slot)]: \(why)")
        }
        func read(_ table: TOMLTable, path: String) throws {
            var slot = Slot()
            // With a base, a table that only holds others (`row` of `[row.selected]`) leaves its slot to the base.
            var ownKeys = 0, subTables = 0
            for key in table.keys {
                let value = table[key]!
                if let sub = value.table {
                    subTables += 1
                    try read(sub, path: path.isEmpty ? key : path + "." + key)
                    continue
                }
                ownKeys += 1
                guard !path.isEmpty else {
                    guard ["name", "description"].contains(key), value.string != nil else {
                        throw LoadError(description: "\(name).toml: \(key) outside a [slot] table")
                    }
                    continue
                }
                switch key {
                case "fg", "bg":
                    guard let v = value.int, let c = UInt8(exactly: v) else { throw fail(path, "\(key) must be a colour from 0 to 255", key: key) }
                    if key == "fg" { slot.fg = c } else { slot.bg = c }
                case "fg8", "bg8":
                    guard let v = value.string.flatMap({ colorNames[$0] }) else {
                        throw fail(path, "\(key) must be a colour name (\(colorNames.keys.sorted().joined(separator: ", ")))", key: key)
                    }
                    if key == "fg8" { slot.fg8 = v } else { slot.bg8 = v }
                case "bold", "underline", "reverse", "dim":
                    guard let on = value.bool else { throw fail(path, "\(key) must be true or false", key: key) }
                    switch key {
                    case "bold": slot.bold = on
                    case "underline": slot.underline = on
                    case "reverse": slot.reverse = on
                    default: slot.dim = on
                    }
                default:
                    throw fail(path, "unknown key \(key)", key: key)
                }
            }
            if !path.isEmpty && (base == nil || ownKeys > 0 || subTables == 0) { slots[path] = slot }
        }
        try read(root, path: "")
        if let base {
            for slot in requiredSlots where slots[slot] == nil { slots[slot] = base.slots[slot] }
        }
        let missing = requiredSlots.filter { slots[$0] == nil }
        guard missing.isEmpty else {
            throw LoadError(description: "\(name).toml lacks the slots \(missing.joined(separator: ", "))")
        }
        return Theme(name: name, slots: slots)
    }

    /// The line (from 1) where `key` is set in the table `[slot]` of `text`, if it can be found.
    static func lineOf(key: String, in slot: String, text: String) -> Int? {
        var table = ""
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") && line.hasSuffix("]") {
                table = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
            } else if table == slot, line.hasPrefix(key), line.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") {
                return i + 1
            }
        }
        return nil
    }

    /// Loads theme `name`: `NAME.toml` from the first folder of `searchPath`
    /// that has it (a user's theme overrides a built-in one of the same
    /// name), else the built-in text of that name.
    /// A user's file may leave slots out: they are `base`'s.
    public static func load(named name: String, searchPath: [String], builtin: [String: String] = [:],
                            base: Theme? = nil) throws -> Theme {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw LoadError(description: "theme names are letters, digits, - and _: \"\(name)\"")
        }
        for dir in searchPath {
            let file = dir + "/" + name + ".toml"
            if let data = FileManager.default.contents(atPath: file) {
                return try parse(String(decoding: data, as: UTF8.self), name: name, base: base)
            }
        }
        if let text = builtin[name] { return try parse(text, name: name) }
        let known = available(searchPath: searchPath, builtin: builtin)
        throw LoadError(description: "no theme \"\(name)\"; available: \(known.isEmpty ? "none found" : known.joined(separator: ", "))")
    }

    /// Theme names found on the search path, and the built-in ones.
    public static func available(searchPath: [String], builtin: [String: String] = [:]) -> [String] {
        var names = Set(builtin.keys)
        for dir in searchPath {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where f.hasSuffix(".toml") {
                names.insert(String(f.dropLast(5)))
            }
        }
        return names.sorted()
    }
}
