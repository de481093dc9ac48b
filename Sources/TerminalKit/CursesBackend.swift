import CNcursesw
import Foundation

/// The thin layer over ncursesw: it copies a `Buffer` to the screen (only the
/// cells that changed since the last frame; ncurses then sends only what
/// differs) and turns key presses into `Key`s.
public final class CursesBackend {
    public private(set) var colors: Int = 0
    public let unicode: Bool
    private var previous: Buffer? = nil
    private var pairs: [Int: Int16] = [:]
    private var ended = false
    /// Drawing to a file (the benchmark): the size is the one given.
    private var fixedSize = false

    /// Starts curses: UTF-8 if the locale has it, raw keys, no echo, a 25 ms Esc delay.
    public init(colorsAllowed: Bool) {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        unicode = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        initscr()
        setUp(colorsAllowed: colorsAllowed)
    }

    /// Curses on a given terminal type writing to `output` (for the benchmark:
    /// what the terminal would receive, byte for byte).
    public init(terminalType: String, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>,
                width: Int, height: Int) {
        setlocale(LC_ALL, "C.UTF-8")
        unicode = true
        setenv("COLUMNS", String(width), 1)
        setenv("LINES", String(height), 1)
        _ = newterm(terminalType, output, input)
        fixedSize = true
        setUp(colorsAllowed: true)
    }

    private func setUp(colorsAllowed: Bool) {
        raw()
        noecho()
        keypad(rc_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if colorsAllowed && has_colors() {
            start_color()
            use_default_colors()
            colors = Int(rc_colors())
        }
    }

    /// Reports left clicks and the wheel as keys (`Key.click`, `.wheelUp`,
    /// `.wheelDown`). Off unless asked: while it is on, the terminal's own text
    /// selection needs Shift.
    public func enableMouse() {
        rc_mouse_on()
    }

    /// Restores the terminal; safe to call more than once.
    public func end() {
        guard !ended else { return }
        ended = true
        endwin()
    }

    deinit { end() }

    /// The terminal's size now. Asks the terminal itself too, so a resize whose
    /// signal arrived in the middle of a key sequence is not missed.
    public var size: (width: Int, height: Int) {
        var ws = winsize()
        if !fixedSize, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0,
           Int32(ws.ws_col) != rc_cols() || Int32(ws.ws_row) != rc_lines() {
            resizeterm(Int32(ws.ws_row), Int32(ws.ws_col))
            invalidate()
        }
        return (Int(rc_cols()), Int(rc_lines()))
    }

    /// Draws `buffer`, writing only the cells that changed since the last frame.
    public func draw(_ buffer: Buffer) {
        let full = previous == nil || previous!.width != buffer.width || previous!.height != buffer.height
        if full { werase(rc_stdscr()) }
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if !full, previous![x, y] == cell { continue }
                // Without UTF-8 (LANG=C) anything not ASCII is a `?`, one per column it
                // takes; a cut text's ellipsis is a `~`.
                let text = unicode || cell.text.allSatisfy(\.isASCII) && !cell.text.isEmpty ? cell.text
                    : cell.text == "…" ? "~" : "?"
                if text.isEmpty { continue } // the second half of a wide character
                var wide = Array(text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }) + [0]
                let (attrs, pair) = attributes(cell.style)
                _ = wide.withUnsafeMutableBufferPointer { rc_put_cell(Int32(y), Int32(x), $0.baseAddress, attrs, pair) }
            }
        }
        previous = buffer
        wnoutrefresh(rc_stdscr())
        doupdate()
    }

    /// Forgets what is on screen, so the next frame repaints everything.
    public func invalidate() {
        previous = nil
        clearok(rc_stdscr(), true)
    }

    private func attributes(_ s: Style) -> (attr_t, Int16) {
        var a = rc_a_normal()
        if s.bold { a |= rc_a_bold() }
        if s.underline { a |= rc_a_underline() }
        if s.reverse { a |= rc_a_reverse() }
        if s.dim { a |= rc_a_dim() }
        return (a, pair(s.fg, s.bg))
    }

    private func pair(_ fg: TermColor, _ bg: TermColor) -> Int16 {
        guard colors > 0 else { return 0 }
        func num(_ c: TermColor) -> Int { if case .index(let i) = c { return Int(i) } else { return -1 } }
        let key = (num(fg) + 1) * 512 + num(bg) + 1
        if key == 0 { return 0 }
        if let p = pairs[key] { return p }
        let next = Int16(pairs.count + 1)
        guard Int(next) < Int(rc_color_pairs()), next < Int16.max else { return 0 }
        init_pair(next, Int16(num(fg)), Int16(num(bg)))
        pairs[key] = next
        return next
    }

    /// Waits up to `timeoutMs` for a key (nil when none came).
    public func readKey(timeoutMs: Int32) -> Key? {
        wtimeout(rc_stdscr(), timeoutMs)
        var ch: wint_t = 0
        let rc = wget_wch(rc_stdscr(), &ch)
        if rc == ERR { return nil }
        if rc == rc_key_code_yes() {
            switch Int32(ch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_BTAB: return .backTab
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_ENTER: return .enter
            case KEY_RESIZE: return .resize
            case rc_key_mouse(): return mouseEvent()
            default: return nil
            }
        }
        switch ch {
        case 10, 13: return .enter
        case 27: return escapeSequence()
        case 9: return .tab
        case 127, 8: return .backspace
        default:
            guard let scalar = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .char(Character(scalar))
        }
    }
}

extension CursesBackend {
    /// The mouse event curses decoded; nil for the ones the console does not use.
    private func mouseEvent() -> Key? {
        var x: Int32 = 0, y: Int32 = 0
        switch rc_mouse_event(&x, &y) {
        case 1: return .click(x: Int(x), y: Int(y))
        case 2: return .wheelUp
        case 3: return .wheelDown
        default: return nil
        }
    }

    /// What follows an Esc that curses did not know: read whole, and either a
    /// key (Home and End in their other encodings) or nothing, never the
    /// sequence's letters as keys. A lone Esc is Esc.
    private func escapeSequence() -> Key? {
        func next() -> Character? {
            wtimeout(rc_stdscr(), 0)
            var ch: wint_t = 0
            let rc = wget_wch(rc_stdscr(), &ch)
            guard rc != ERR, rc != rc_key_code_yes(), let s = Unicode.Scalar(UInt32(ch)) else { return nil }
            return Character(s)
        }
        guard let first = next() else { return .escape }
        guard first == "[" || first == "O" else { return nil }  // Alt+key: not a binding here
        var body = ""
        while let c = next() {
            body.append(c)
            // A CSI sequence ends at a byte from @ to ~; an SS3 one after one character.
            if first == "O" || (c.asciiValue.map { (0x40...0x7E).contains($0) } ?? true) { break }
        }
        if body == "M" { for _ in 0..<3 { _ = next() } }  // an X10 mouse report: three more bytes
        return Self.sequenceKeys[String(first) + body]
    }

    /// Escape sequences curses may leave to us, by what follows Esc.
    static let sequenceKeys: [String: Key] = [
        "[1~": .home, "[7~": .home, "[H": .home, "OH": .home, "[4~": .end, "[8~": .end, "[F": .end, "OF": .end,
        "[5~": .pageUp, "[6~": .pageDown, "[3~": .delete,
        "[A": .up, "[B": .down, "[C": .right, "[D": .left, "OA": .up, "OB": .down, "OC": .right, "OD": .left,
        "[Z": .backTab,
    ]

    /// On SIGTERM, SIGHUP or SIGINT: give the terminal back, then exit.
    public static func restoreOnSignals() {
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            signal(sig) { s in
                endwin()
                exit(128 + s)
            }
        }
    }
}

extension CursesBackend {
    /// Why the terminal `TERM` names cannot be drawn on, or nil: asked before
    /// curses starts, so a script gets a sentence instead of a garbled screen.
    public static func terminalProblem() -> String? {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        switch rc_terminal_problem() {
        case 0: return nil
        case 1: return "TERM=\(term.isEmpty ? "(unset)" : term) is not a terminal type this system knows; try TERM=xterm-256color."
        case 2: return "no terminfo database was found for TERM=\(term); install ncurses-base or set TERM=xterm-256color."
        default: return "TERM=\(term) cannot move the cursor, so the console cannot draw on it; use a full-screen terminal (TERM=xterm-256color)."
        }
    }

    /// Ctrl-Z: the terminal goes back to the shell until `fg`; then the whole screen is drawn again.
    public func suspend() {
        rc_suspend()
        invalidate()
    }

    /// From now on a SIGTSTP from outside (`kill -TSTP`) is a request the key loop takes
    /// (`takeSuspendRequest`), so the terminal is given back before the process stops.
    public func watchSuspend() {
        rc_watch_suspend()
    }

    /// Whether a SIGTSTP asked to suspend since the last call.
    public func takeSuspendRequest() -> Bool { rc_take_suspend() != 0 }
}

extension CursesBackend {
    /// Puts `text` on the terminal's clipboard with OSC 52 (xterm, kitty,
    /// iTerm2, WezTerm; tmux with `set-clipboard on`). Terminals without it ignore it.
    public func copyToClipboard(_ text: String) {
        let sequence = Array(("\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}").utf8)
        // Straight to the terminal, after what curses has sent.
        _ = sequence.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}
