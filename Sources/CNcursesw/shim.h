#ifndef RDS_CNCURSESW_SHIM_H
#define RDS_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D flags: ask for the wide-character API here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <signal.h>

// Whether TERM names a terminal curses can draw on: known to terminfo, and
// able to move the cursor (a "dumb" terminal cannot). 0 when usable.
static inline int rc_terminal_problem(void) {
    int err = 0;
    if (setupterm(NULL, 1, &err) != OK) return err == 0 ? 1 : 2;  // 1: unknown type, 2: no terminfo database
    const char *cup = tigetstr("cup");
    int unusable = (cup == NULL || cup == (char *)-1) ? 3 : 0;
    del_curterm(cur_term);
    return unusable;
}

// Ctrl-Z: give the terminal back, stop as the shell expects; on fg, take it again.
static inline void rc_suspend(void) {
    endwin();
    signal(SIGTSTP, SIG_DFL);
    raise(SIGTSTP);
    refresh();
}

// --mouse: left presses and the wheel, reported at once (no wait for a double click).
static inline void rc_mouse_on(void) {
    mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
}
static inline int rc_key_mouse(void) { return KEY_MOUSE; }
// The mouse event curses holds: 1 a left press, 2 wheel up, 3 wheel down, 0 anything else.
static inline int rc_mouse_event(int *x, int *y) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    *x = e.x;
    *y = e.y;
    if (e.bstate & BUTTON1_PRESSED) return 1;
    if (e.bstate & BUTTON4_PRESSED) return 2;
    if (e.bstate & BUTTON5_PRESSED) return 3;
    return 0;
}

// Macros and globals that do not import into Swift.
static inline WINDOW *rc_stdscr(void) { return stdscr; }
static inline int rc_lines(void) { return LINES; }
static inline int rc_cols(void) { return COLS; }
static inline int rc_colors(void) { return COLORS; }
static inline int rc_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t rc_a_bold(void) { return A_BOLD; }
static inline attr_t rc_a_dim(void) { return A_DIM; }
static inline attr_t rc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t rc_a_reverse(void) { return A_REVERSE; }
static inline attr_t rc_a_normal(void) { return A_NORMAL; }
static inline int rc_key_code_yes(void) { return KEY_CODE_YES; }
static inline int rc_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}
#endif
