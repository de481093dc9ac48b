/// A one-line text field: a cursor that moves (←/→, Home/End), Delete,
/// Backspace, Ctrl-U (clear) and Ctrl-W (delete a word); a maximum length and
/// the characters it takes. A pre-filled value is replaced by the first
/// character typed, as in a web form's selected text.
public struct TextField: Sendable, Equatable {
    /// Which characters the field takes.
    public enum Allowed: Sendable, Equatable {
        case printable
        case digits
        /// What a UTC time is written with: digits, `-`, `:`, `T`, `Z`.
        case utcTime

        func admits(_ c: Character) -> Bool {
            guard let s = c.unicodeScalars.first, !c.isNewline,
                  ![.control, .format].contains(s.properties.generalCategory) else { return false }
            switch self {
            case .printable: return true
            case .digits: return c.isASCII && c.isNumber
            case .utcTime: return c.isASCII && (c.isNumber || "-:TZtz".contains(c))
            }
        }
    }

    /// Whether the field would take `c` as typed text (a digits field leaves `?` to the dialog).
    public func takes(_ c: Character) -> Bool { allowed.admits(c) }

    public private(set) var text: String
    /// The cursor, in characters from the start.
    public private(set) var cursor: Int
    public let maxLength: Int
    public let allowed: Allowed
    /// The value was given, not typed: the first character replaces it.
    public private(set) var prefilled: Bool

    public init(_ text: String = "", maxLength: Int, allowed: Allowed = .printable) {
        self.text = String(text.prefix(maxLength))
        self.cursor = self.text.count
        self.maxLength = maxLength
        self.allowed = allowed
        self.prefilled = !text.isEmpty
    }

    /// Sets the value as given (not typed): the next character typed replaces it.
    public mutating func set(_ value: String) {
        self = TextField(value, maxLength: maxLength, allowed: allowed)
    }

    /// Sets the value as if typed (a completion): the cursor at its end, the next key adds to it.
    public mutating func complete(to value: String) {
        self = TextField(value, maxLength: maxLength, allowed: allowed)
        prefilled = false
    }

    /// Applies an editing key; false when the key is not the field's.
    public mutating func handle(_ key: Key) -> Bool {
        var chars = Array(text)
        defer { text = String(chars) }
        switch key {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(chars.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = chars.count
        case .backspace:
            if cursor > 0 {
                chars.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < chars.count { chars.remove(at: cursor) }
        case Key.ctrlU:
            chars.removeSubrange(0..<cursor)
            cursor = 0
        case Key.ctrlW:
            var start = cursor
            while start > 0 && chars[start - 1] == " " { start -= 1 }
            while start > 0 && chars[start - 1] != " " { start -= 1 }
            chars.removeSubrange(start..<cursor)
            cursor = start
        case .char(let c) where allowed.admits(c):
            if prefilled {
                chars = []
                cursor = 0
            }
            guard chars.count < maxLength else { break }
            chars.insert(c, at: cursor)
            cursor += 1
        default:
            return false
        }
        prefilled = false
        return true
    }

    /// Draws `[value   ]` across `area`'s first row; when focused, the cursor
    /// cell is shown reversed (an underscore past the end).
    public func render(into b: inout Buffer, area: Rect, slot: ThemeSlot, focused: Bool, palette: Palette) {
        guard area.width >= 3 else { return }
        let room = area.width - 2
        let chars = Array(text)
        // Scroll so the cursor stays in view.
        let start = max(0, cursor - room + 1)
        let shown = String(chars[min(start, chars.count)...].prefix(room))
        let style = palette[slot]
        b.put("[" + TextWidth.fit(shown, room) + "]", in: area.row(0), style)
        guard focused else { return }
        var cursorStyle = style
        cursorStyle.reverse.toggle()
        let col = area.x + 1 + TextWidth.of(String(chars[min(start, chars.count)..<cursor]))
        if col < area.maxX - 1 {
            let under = cursor < chars.count ? String(chars[cursor]) : "_"
            b.put(col, area.y, under, cursor < chars.count ? cursorStyle : style)
        }
    }
}
