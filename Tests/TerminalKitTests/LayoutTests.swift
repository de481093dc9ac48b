import Testing
import TerminalKit

@Suite("Rects and the buffer")
struct LayoutTests {
    @Test("A rect splits, insets and centres without going negative")
    func rects() {
        let r = Rect(x: 0, y: 0, width: 10, height: 5)
        #expect(r.splitTop(2).top == Rect(x: 0, y: 0, width: 10, height: 2))
        #expect(r.splitTop(2).rest == Rect(x: 0, y: 2, width: 10, height: 3))
        #expect(r.splitBottom(1).rest == Rect(x: 0, y: 0, width: 10, height: 4))
        #expect(r.splitBottom(1).bottom == Rect(x: 0, y: 4, width: 10, height: 1))
        #expect(r.splitLeft(3).rest == Rect(x: 3, y: 0, width: 7, height: 5))
        #expect(r.splitLeft(30).rest.isEmpty)
        #expect(r.inset(dx: 1, dy: 1) == Rect(x: 1, y: 1, width: 8, height: 3))
        #expect(r.inset(dx: 6, dy: 0).width == 0)
        #expect(r.centered(width: 4, height: 2) == Rect(x: 3, y: 1, width: 4, height: 2))
        #expect(r.row(7).isEmpty)
    }

    @Test("Text is clipped to its width; a wide character that does not fit is left out whole")
    func clipping() {
        var s = Screen(6, 1)
        #expect(s.buffer.put(0, 0, "ab数据", Palette.probe[.row], maxWidth: 5) == 4)
        #expect(s.lines == ["ab数  "])
        #expect(s.buffer[2, 0].text == "数" && s.buffer[3, 0].text == "")
        #expect(s.runs(0) == "i4 a2")
        var t = Screen(6, 1)
        #expect(t.buffer.put(0, 0, "ab数", Palette.probe[.row], maxWidth: 3) == 2)
        #expect(t.lines == ["ab    "])
    }
}
