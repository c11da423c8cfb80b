// Non-variadic wrappers around libedit's variadic calls, so Swift can use them.
// Every wrapper is prefixed `cedit_`; nothing else in the package touches C.
#ifndef CEDIT_SHIM_H
#define CEDIT_SHIM_H

#include <stdio.h>
#include <histedit.h>

typedef char *(*cedit_prompt_fn)(EditLine *);
typedef unsigned char (*cedit_command_fn)(EditLine *, int);

static inline EditLine *cedit_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

static inline int cedit_set_prompt_esc(EditLine *el, cedit_prompt_fn fn, char esc) {
    return el_set(el, EL_PROMPT_ESC, fn, esc);
}

static inline int cedit_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

static inline int cedit_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

static inline int cedit_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

static inline int cedit_add_function(EditLine *el, const char *name, const char *help,
                                     cedit_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

static inline int cedit_bind(EditLine *el, const char *key, const char *name) {
    return el_set(el, EL_BIND, key, name, NULL);
}

static inline int cedit_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *cedit_get_client_data(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

static inline int cedit_history_set_size(History *h, HistEvent *ev, int size) {
    return history(h, ev, H_SETSIZE, size);
}

static inline int cedit_history_set_unique(History *h, HistEvent *ev, int unique) {
    return history(h, ev, H_SETUNIQUE, unique);
}

static inline int cedit_history_enter(History *h, HistEvent *ev, const char *line) {
    return history(h, ev, H_ENTER, line);
}

static inline int cedit_history_load(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_LOAD, path);
}

static inline int cedit_history_save(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_SAVE, path);
}

static inline History *cedit_history_init(void) {
    return history_init();
}

#endif
