import TerminalKit

/// A small screen drawn with the probe palette: its lines (trailing spaces
/// kept) and its style layer, for whole-line assertions.
struct Screen {
    var buffer: Buffer
    let palette = Palette.probe

    init(_ width: Int, _ height: Int) {
        buffer = Buffer(width: width, height: height, fill: Palette.probe[.screen])
    }

    var area: Rect { buffer.area }
    var lines: [String] { (0..<buffer.height).map(buffer.line) }
    var styles: [String] { StyleLayer.of(buffer, palette: palette) }

    /// The style code of every cell of row `y` as a run: `"a3 b5"`.
    func runs(_ y: Int) -> String {
        var out: [String] = []
        var last: Character? = nil
        var n = 0
        for c in styles[y] {
            if c == last { n += 1; continue }
            if let l = last { out.append("\(l)\(n)") }
            last = c
            n = 1
        }
        if let l = last { out.append("\(l)\(n)") }
        return out.joined(separator: " ")
    }
}

/// The style code of a slot, for building expected runs.
func code(_ slot: ThemeSlot) -> String { String(StyleLayer.code(slot)) }
