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
#include <unistd.h>

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

// Suspending. A SIGTSTP from outside (kill -TSTP, a job-control shell) only
// asks: the key loop sees it (rc_take_suspend) and suspends as Ctrl-Z does,
// from its own thread, with the terminal given back first. Only TerminalKit
// includes this header, so the flags below exist once.
static volatile sig_atomic_t rc_suspend_asked = 0;
static volatile sig_atomic_t rc_continued = 0;
static void rc_on_tstp(int s) { (void)s; rc_suspend_asked = 1; }
static void rc_on_cont(int s) { (void)s; rc_continued = 1; }

static inline void rc_watch_suspend(void) {
    signal(SIGCONT, rc_on_cont);
    signal(SIGTSTP, rc_on_tstp);
}

static inline int rc_take_suspend(void) {
    int asked = rc_suspend_asked;
    rc_suspend_asked = 0;
    return asked;
}

// Ctrl-Z: give the terminal back, stop the whole process as the shell expects
// (kill, not raise: the key loop may run on a thread that blocks signals); on
// fg (SIGCONT), take the terminal again in the program's mode.
static inline void rc_suspend(void) {
    endwin();
    rc_continued = 0;
    signal(SIGTSTP, SIG_DFL);
    kill(getpid(), SIGTSTP);
    while (!rc_continued) usleep(10000);
    signal(SIGTSTP, rc_on_tstp);
    rc_suspend_asked = 0;
    reset_prog_mode();
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
