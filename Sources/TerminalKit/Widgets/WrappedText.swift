/// Text broken into lines at spaces to fit its area; the lines past the
/// area's height are left out.
public struct WrappedText: Sendable {
    public var text: String
    public var slot: ThemeSlot

    public init(_ text: String, slot: ThemeSlot) {
        self.text = text
        self.slot = slot
    }

    /// The lines the text takes at `width`.
    public func lines(width: Int) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { TextWidth.wrap(String($0), width: width) }
    }

    /// How many rows it needs at `width`.
    public func height(width: Int) -> Int { lines(width: width).count }

    public func render(into b: inout Buffer, area: Rect, palette: Palette) {
        for (i, l) in lines(width: area.width).prefix(area.height).enumerated() {
            b.put(l, in: area.row(i), palette[slot])
        }
    }
}
