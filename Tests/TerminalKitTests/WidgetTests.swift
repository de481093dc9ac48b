import Testing
import TerminalKit

@Suite("Widgets")
struct WidgetTests {
    static let columns = [TableColumn("Name", 10, flexible: 6), TableColumn("Size", 6, priority: 1, right: true),
                          TableColumn("Kind", 5, priority: 2)]

    @Test("Table layout: spare width goes to the flexible column; it yields first when narrow, then the least important column goes")
    func tableLayout() {
        func widths(_ w: Int) -> [String] { Table.layout(Self.columns, width: w).map { "\($0.column.title) \($0.width)" } }
        #expect(widths(30) == ["Name 17", "Size 6", "Kind 5"])
        #expect(widths(20) == ["Name 7", "Size 6", "Kind 5"])
        #expect(widths(14) == ["Name 7", "Size 6"])
        #expect(widths(3) == ["Name 3"])
    }

    @Test("Table: header, then rows by role; right alignment, CJK width and cutting with an ellipsis; no row past the area")
    func table() {
        var s = Screen(30, 5)
        Table(columns: Self.columns, rows: [
            TableRow(["Name": "alpha", "Size": "1 GB", "Kind": "disk"], role: .cursor),
            TableRow(["Name": "数据库", "Size": "22 GB", "Kind": "ssd"], role: .marked),
            TableRow(["Name": "a-very-long-name-that-cuts"], role: .disabled),
            TableRow(["Name": "never drawn"]),
        ]).render(into: &s.buffer, area: Rect(x: 0, y: 0, width: 30, height: 4), palette: s.palette)
        #expect(s.lines == [
            "Name                Size Kind ",
            "alpha               1 GB disk ",
            "数据库             22 GB ssd  ",
            "a-very-long-name…             ",
            "                              ",
        ])
        #expect((0..<5).map(s.runs) == ["h30", "j30", "k30", "m30", "a30"])
    }

    @Test("Tabs: the active one bracketed in its own style")
    func tabs() {
        var s = Screen(24, 1)
        Tabs(["Data", "Log"], active: 0).render(into: &s.buffer, area: s.area, palette: s.palette)
        #expect(s.lines == ["[ Data ]   Log          "])
        #expect(s.runs(0) == "g8 a1 f7 a8")
    }

    @Test("Dialog frame: centred, bordered, titled; it returns the inside")
    func dialogFrame() {
        var s = Screen(20, 7)
        let inner = DialogFrame(title: "T", width: 12, height: 5).render(into: &s.buffer, within: s.area, palette: s.palette,
                                                                          glyphs: .unicode)
        #expect(inner == Rect(x: 6, y: 2, width: 8, height: 3))
        #expect(s.lines == [
            "                    ",
            "    ┌─ T ──────┐    ",
            "    │          │    ",
            "    │          │    ",
            "    │          │    ",
            "    └──────────┘    ",
            "                    ",
        ])
        #expect(s.runs(1) == "a4 v2 w3 v7 a4")
        #expect(s.runs(2) == "a4 v1 u10 v1 a4")
    }

    @Test("Text field: the first key replaces a given value; cursor keys, Delete, Backspace, length and allowed characters")
    func textFieldEditing() {
        var f = TextField("30", maxLength: 4, allowed: .digits)
        let took = f.handle(.char("4"))
        #expect(took && f.text == "4")
        _ = f.handle(.char("5"))
        _ = f.handle(.left)
        _ = f.handle(.char("6"))
        #expect(f.text == "465" && f.cursor == 2)
        _ = f.handle(.home)
        _ = f.handle(.delete)
        #expect(f.text == "65")
        _ = f.handle(.end)
        _ = f.handle(.backspace)
        #expect(f.text == "6")
        let refused = !f.handle(.char("x"))
        #expect(refused && f.text == "6")
        for c in "12349" { _ = f.handle(.char(c)) }
        #expect(f.text == "6123", "at most 4 characters")
        var g = TextField("30", maxLength: 4, allowed: .digits)
        _ = g.handle(.left)
        _ = g.handle(.char("5"))
        #expect(g.text == "350", "once the cursor moved, typing inserts")
        let notTheFields = !g.handle(.up) && !g.handle(.tab)
        #expect(notTheFields)
    }

    @Test("Text field: Ctrl-W deletes a word, Ctrl-U to the start")
    func textFieldWords() {
        var f = TextField("", maxLength: 40)
        for c in "hello big world" { _ = f.handle(.char(c)) }
        _ = f.handle(Key.ctrlW)
        #expect(f.text == "hello big ")
        _ = f.handle(Key.ctrlW)
        #expect(f.text == "hello ")
        _ = f.handle(.char("x"))
        _ = f.handle(.left)
        _ = f.handle(Key.ctrlU)
        #expect(f.text == "x" && f.cursor == 0)
        let bell = f.handle(.char("\u{7}"))
        #expect(!bell, "control characters are not text")
    }

    @Test("Text field: scrolls to keep the cursor in view; the cursor cell is reversed, an underscore past the end")
    func textFieldRender() {
        var f = TextField("12345", maxLength: 10)
        var s = Screen(6, 1)
        f.render(into: &s.buffer, area: s.area, slot: .fieldFocus, focused: true, palette: s.palette)
        #expect(s.lines == ["[345_]"])
        #expect(s.runs(0) == "y6")
        _ = f.handle(.home)
        var t = Screen(6, 1)
        f.render(into: &t.buffer, area: t.area, slot: .fieldFocus, focused: true, palette: t.palette)
        #expect(t.lines == ["[1234]"])
        #expect(t.runs(0) == "y1 #1 y4")
        var u = Screen(6, 1)
        f.render(into: &u.buffer, area: u.area, slot: .field, focused: false, palette: u.palette)
        #expect(u.lines == ["[1234]"])
        #expect(u.runs(0) == "x6")
    }

    @Test("Select: ←/→ and Space cycle by identity; locked shows the bare value")
    func select() {
        var sel = Select([.init(1, "One"), .init(2, "Two"), .init(3, "Three")], selected: 2)
        _ = sel.handle(.right)
        #expect(sel.selected == 3)
        _ = sel.handle(.right)
        #expect(sel.selected == 1)
        _ = sel.handle(.left)
        _ = sel.handle(.char(" "))
        #expect(sel.selected == 1)
        let up = sel.handle(.up)
        #expect(!up)
        #expect(Select([.init(1, "One")], selected: 9).selected == 1, "an unknown choice falls back to the first")
        var s = Screen(9, 3)
        sel.render(into: &s.buffer, area: s.area.row(0), focused: true, locked: false, palette: s.palette)
        sel.render(into: &s.buffer, area: s.area.row(1), focused: false, locked: false, palette: s.palette)
        sel.render(into: &s.buffer, area: s.area.row(2), focused: false, locked: true, palette: s.palette)
        #expect(s.lines == ["< One >  ", "< One >  ", "  One    "])
        #expect((0..<3).map(s.runs) == ["y7 a2", "x7 a2", "m7 a2"])
    }

    @Test("Buttons: centred, the focused one in its style; found by identity")
    func buttons() {
        let row = ButtonRow<Int>([(1, "OK"), (2, "Cancel")])
        #expect(row.neighbour(of: 1, forward: true) == 2)
        #expect(row.neighbour(of: 2, forward: true) == 1)
        #expect(row.neighbour(of: 1, forward: false) == 2)
        var s = Screen(30, 1)
        row.render(into: &s.buffer, area: s.area, focused: 2, palette: s.palette)
        #expect(s.lines == ["      [ OK ]  [ Cancel ]      "])
        #expect(s.runs(0) == "a6 A6 a2 B10 a6")
    }

    @Test("Menu: the cursor is an item, not a position; a disabled item stays selectable and says so")
    func menu() {
        var m = Menu<String>([.init("a", "A"), .init("b", "B", disabledReason: "why"), .init("c", "C")])
        _ = m.handle(.down)
        #expect(m.cursor == "b" && m.current.disabledReason == "why")
        _ = m.handle(.char("j"))
        _ = m.handle(.down)
        #expect(m.cursor == "c")
        _ = m.handle(.char("k"))
        #expect(m.cursor == "b")
        let left = m.handle(.left)
        #expect(!left)
        var s = Screen(20, 3)
        m.render(into: &s.buffer, area: s.area, palette: s.palette)
        #expect(s.lines == ["A                   ", "B  (not available)  ", "C                   "])
        #expect((0..<3).map(s.runs) == ["u20", "j20", "u20"])
        _ = m.handle(.home)
        var t = Screen(20, 3)
        m.render(into: &t.buffer, area: t.area, palette: t.palette)
        #expect((0..<3).map(t.runs) == ["j20", "m20", "u20"])
    }

    @Test("Menu: taller than its area, it shows the rows around the cursor, which is never off screen")
    func menuScrolls() {
        var m = Menu<Int>((1...30).map { .init($0, "item \($0)") })
        var s = Screen(8, 3)
        m.render(into: &s.buffer, area: s.area, palette: s.palette)
        #expect(s.lines == ["item 1  ", "item 2  ", "item 3  "])
        for _ in 0..<19 { _ = m.handle(.down) }
        var t = Screen(8, 3)
        let places = m.render(into: &t.buffer, area: t.area, palette: t.palette)
        #expect(t.lines == ["item 18 ", "item 19 ", "item 20 "] && t.runs(2) == "j8")
        #expect(places.map(\.id) == [18, 19, 20] && places.map(\.place.y) == [0, 1, 2])
        _ = m.handle(.end)
        var u = Screen(8, 3)
        m.render(into: &u.buffer, area: u.area, palette: u.palette)
        #expect(u.lines == ["item 28 ", "item 29 ", "item 30 "])
    }

    @Test("Wrapped text breaks at spaces and at newlines, and stops at its area")
    func wrapped() {
        let w = WrappedText("one two three four\nfive", slot: .textWarn)
        #expect(w.lines(width: 9) == ["one two", "three", "four", "five"])
        var s = Screen(9, 3)
        w.render(into: &s.buffer, area: s.area.splitTop(2).top, palette: s.palette)
        #expect(s.lines == ["one two  ", "three    ", "         "])
        #expect((0..<3).map(s.runs) == ["p7 a2", "p5 a4", "a9"])
    }
}
