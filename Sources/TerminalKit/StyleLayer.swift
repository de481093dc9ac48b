/// A buffer's styles as text, one character per cell naming the theme slot
/// that drew it: what tests and screen snapshots compare, beside the text.
public enum StyleLayer {
    /// The character of each slot, in `ThemeSlot.allCases` order.
    public static let codes = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    /// A style no slot has (a text field's cursor, say).
    public static let other: Character = "#"

    public static func code(_ slot: ThemeSlot) -> Character {
        codes[ThemeSlot.allCases.firstIndex(of: slot)!]
    }

    /// Row by row, each cell's slot code under `palette` (the first slot with that style).
    public static func of(_ b: Buffer, palette: Palette) -> [String] {
        var bySlot: [Style: Character] = [:]
        for slot in ThemeSlot.allCases.reversed() { bySlot[palette[slot]] = code(slot) }
        return (0..<b.height).map { y in String((0..<b.width).map { bySlot[b[$0, y].style] ?? other }) }
    }

    /// What each code means.
    public static var legend: [String] {
        ThemeSlot.allCases.map { "\(code($0)) \($0.rawValue)" } + ["\(other) any other style"]
    }
}

extension Palette {
    /// Every slot its own colour, so the style layer of a screen names each
    /// cell's slot exactly (for tests and snapshots).
    public static let probe: Palette = {
        var slots: [String: Theme.Slot] = [:]
        for (i, slot) in ThemeSlot.allCases.enumerated() {
            slots[slot.rawValue] = Theme.Slot(fg: UInt8(16 + i), bg: UInt8(100 + i))
        }
        return Palette(theme: Theme(name: "probe", slots: slots), colors: 256)
    }()
}
