#ifndef DLREPL_CNCURSES_SHIM_H
#define DLREPL_CNCURSES_SHIM_H

// SwiftPM drops pkg-config's -D flags, so the wide-character API (which
// makes waddstr accept UTF-8) is switched on here, before the header.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <stdio.h>
#include <locale.h>
#include <langinfo.h>
#if __has_include(<ncursesw/ncurses.h>)
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>
#else
#include <ncurses.h>
#include <term.h>
#endif

// Attribute and colour macros are not importable: re-exported as constants.
static const attr_t dl_A_NORMAL = A_NORMAL;
static const attr_t dl_A_BOLD = A_BOLD;
static const attr_t dl_A_DIM = A_DIM;
static const attr_t dl_A_REVERSE = A_REVERSE;
static const attr_t dl_A_UNDERLINE = A_UNDERLINE;

static inline attr_t dl_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }

// The terminfo string capability, NULL when absent or not a string.
static inline const char *dl_tigetstr(const char *name) {
    char *value = tigetstr(name);
    if (value == (char *)-1) return NULL;
    return value;
}

#endif
