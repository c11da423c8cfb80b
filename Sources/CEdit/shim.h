// libedit for Swift: non-variadic wrappers of its variadic calls, prefixed `cedit_`.
//
// libedit is loaded with dlopen on first use (only the interactive shell needs it), so that
// batch runs and one-shot commands do not pay for loading it and its dependencies at start-up.
// Nothing else in the package touches C.
#ifndef CEDIT_SHIM_H
#define CEDIT_SHIM_H

#include <dlfcn.h>
#include <histedit.h>
#include <stddef.h>
#include <stdio.h>

typedef char *(*cedit_prompt_fn)(EditLine *);
typedef unsigned char (*cedit_command_fn)(EditLine *, int);
// EL_GETCFN: reads one character for libedit; 1 with the character, 0 at the end, -1 on error.
typedef int (*cedit_getc_fn)(EditLine *, wchar_t *);

struct cedit_library {
    int loaded;
    EditLine *(*el_init)(const char *, FILE *, FILE *, FILE *);
    void (*el_end)(EditLine *);
    int (*el_set)(EditLine *, int, ...);
    int (*el_get)(EditLine *, int, ...);
    const char *(*el_gets)(EditLine *, int *);
    const LineInfo *(*el_line)(EditLine *);
    int (*el_insertstr)(EditLine *, const char *);
    int (*el_cursor)(EditLine *, int);
    int (*el_source)(EditLine *, const char *);
    void (*el_resize)(EditLine *);
    void (*el_push)(EditLine *, const char *);
    History *(*history_init)(void);
    void (*history_end)(History *);
    int (*history)(History *, HistEvent *, int, ...);
};

// A function-local static: Swift emits static inline functions, not a header's static globals.
static inline struct cedit_library *cedit_library(void) {
    static struct cedit_library library;
    return &library;
}
#define cedit_lib (*cedit_library())

/// Loads libedit; returns 0 on success, -1 (with the reason in `error`) otherwise.
static inline int cedit_load(const char **error) {
    if (cedit_lib.loaded) return 0;
    void *handle = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!handle) handle = dlopen("libedit.so", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        if (error) *error = dlerror();
        return -1;
    }
#define CEDIT_SYMBOL(name)                                   \
    *(void **)(&cedit_lib.name) = dlsym(handle, #name);       \
    if (!cedit_lib.name) {                                    \
        if (error) *error = "libedit lacks " #name;           \
        return -1;                                            \
    }
    CEDIT_SYMBOL(el_init)
    CEDIT_SYMBOL(el_end)
    CEDIT_SYMBOL(el_set)
    CEDIT_SYMBOL(el_get)
    CEDIT_SYMBOL(el_gets)
    CEDIT_SYMBOL(el_line)
    CEDIT_SYMBOL(el_insertstr)
    CEDIT_SYMBOL(el_cursor)
    CEDIT_SYMBOL(el_source)
    CEDIT_SYMBOL(el_resize)
    CEDIT_SYMBOL(el_push)
    CEDIT_SYMBOL(history_init)
    CEDIT_SYMBOL(history_end)
    CEDIT_SYMBOL(history)
#undef CEDIT_SYMBOL
    cedit_lib.loaded = 1;
    return 0;
}

// Swift 6 refuses the C globals stdin/stdout/stderr, so el_init is wrapped.
static inline EditLine *cedit_init(const char *program) {
    return cedit_lib.el_init(program, stdin, stdout, stderr);
}

static inline void cedit_end(EditLine *el) { cedit_lib.el_end(el); }

static inline const char *cedit_gets(EditLine *el, int *count) { return cedit_lib.el_gets(el, count); }

static inline const LineInfo *cedit_line(EditLine *el) { return cedit_lib.el_line(el); }

static inline int cedit_insertstr(EditLine *el, const char *text) { return cedit_lib.el_insertstr(el, text); }

// Moves the cursor by `n` characters (kept within the line); returns its new offset.
static inline int cedit_cursor(EditLine *el, int n) { return cedit_lib.el_cursor(el, n); }

static inline int cedit_source(EditLine *el, const char *path) { return cedit_lib.el_source(el, path); }

static inline void cedit_resize(EditLine *el) { cedit_lib.el_resize(el); }

// Typed input to read before the terminal's (keys, as if typed).
static inline void cedit_push(EditLine *el, const char *text) { cedit_lib.el_push(el, text); }

// EL_REFRESH: draws the prompt and the line again from the cursor's row (after the caller wrote
// something there), the cursor where it was in the line.
static inline int cedit_refresh(EditLine *el) { return cedit_lib.el_set(el, EL_REFRESH); }

// EL_SIGNAL: while el_gets reads, libedit handles SIGTSTP (cooked mode, then stop), SIGCONT
// (raw mode, prompt and line redrawn), SIGWINCH, and SIGINT, SIGQUIT, SIGHUP, SIGTERM (cooked
// mode, then the handler that was there before).
static inline int cedit_set_signal(EditLine *el, int on) { return cedit_lib.el_set(el, EL_SIGNAL, on); }

static inline int cedit_set_prompt_esc(EditLine *el, cedit_prompt_fn fn, char esc) {
    return cedit_lib.el_set(el, EL_PROMPT_ESC, fn, esc);
}

static inline int cedit_set_editor(EditLine *el, const char *mode) {
    return cedit_lib.el_set(el, EL_EDITOR, mode);
}

static inline int cedit_set_history(EditLine *el, History *h) {
    return cedit_lib.el_set(el, EL_HIST, cedit_lib.history, h);
}

static inline int cedit_add_function(EditLine *el, const char *name, const char *help, cedit_command_fn fn) {
    return cedit_lib.el_set(el, EL_ADDFN, name, help, fn);
}

static inline int cedit_bind(EditLine *el, const char *key, const char *name) {
    return cedit_lib.el_set(el, EL_BIND, key, name, NULL);
}

// Binds in the alternative map too (vi's command mode; unused in emacs mode).
static inline int cedit_bind_alternative(EditLine *el, const char *key, const char *name) {
    return cedit_lib.el_set(el, EL_BIND, "-a", key, name, NULL);
}

// The function libedit reads characters with, instead of its own (one byte at a time from the
// terminal): cande's sees the raw bytes, so it can recognise a bracketed paste.
static inline int cedit_set_getc(EditLine *el, cedit_getc_fn fn) { return cedit_lib.el_set(el, EL_GETCFN, fn); }

static inline int cedit_set_client_data(EditLine *el, void *data) {
    return cedit_lib.el_set(el, EL_CLIENTDATA, data);
}

static inline void *cedit_get_client_data(EditLine *el) {
    void *data = NULL;
    if (cedit_lib.el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

static inline History *cedit_history_init(void) { return cedit_lib.history_init(); }

static inline void cedit_history_end(History *h) { cedit_lib.history_end(h); }

static inline int cedit_history_set_size(History *h, HistEvent *ev, int size) {
    return cedit_lib.history(h, ev, H_SETSIZE, size);
}

static inline int cedit_history_set_unique(History *h, HistEvent *ev, int unique) {
    return cedit_lib.history(h, ev, H_SETUNIQUE, unique);
}

static inline int cedit_history_enter(History *h, HistEvent *ev, const char *line) {
    return cedit_lib.history(h, ev, H_ENTER, line);
}

static inline int cedit_history_load(History *h, HistEvent *ev, const char *path) {
    return cedit_lib.history(h, ev, H_LOAD, path);
}

// Saves into a file the caller opened (H_SAVE would open the path itself, following links).
static inline int cedit_history_save_fp(History *h, HistEvent *ev, FILE *fp) {
    return cedit_lib.history(h, ev, H_SAVE_FP, fp);
}

#endif
