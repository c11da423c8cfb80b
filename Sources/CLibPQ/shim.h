// libpq for Swift, loaded with dlopen on first use: only a team store (postgres://…) needs it,
// so commands on a file store pay nothing for it at start-up, and the build needs no
// libpq-dev: the few functions cande calls are declared here, with the types of libpq-fe.h
// (PostgreSQL's stable client ABI, libpq.so.5).
// Nothing else in the package touches libpq.
#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H

#include <dlfcn.h>
#include <stddef.h>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef unsigned int Oid;
typedef struct pgNotify {
    char *relname;
    int be_pid;
    char *extra;
    struct pgNotify *next;
} PGnotify;

// ConnStatusType and ExecStatusType values cande reads.
enum { CPQ_CONNECTION_OK = 0 };
enum { CPQ_EMPTY_QUERY = 0, CPQ_COMMAND_OK = 1, CPQ_TUPLES_OK = 2, CPQ_FATAL_ERROR = 7 };
// PG_DIAG_SQLSTATE, PG_DIAG_MESSAGE_PRIMARY
enum { CPQ_DIAG_SQLSTATE = 'C', CPQ_DIAG_MESSAGE_PRIMARY = 'M' };

struct cpq_library {
    int loaded;
    PGconn *(*PQconnectdb)(const char *);
    int (*PQstatus)(const PGconn *);
    char *(*PQerrorMessage)(const PGconn *);
    void (*PQfinish)(PGconn *);
    PGresult *(*PQexecParams)(PGconn *, const char *, int, const Oid *, const char *const *, const int *,
                              const int *, int);
    int (*PQresultStatus)(const PGresult *);
    char *(*PQresultErrorField)(const PGresult *, int);
    int (*PQntuples)(const PGresult *);
    int (*PQnfields)(const PGresult *);
    char *(*PQgetvalue)(const PGresult *, int, int);
    int (*PQgetisnull)(const PGresult *, int, int);
    int (*PQgetlength)(const PGresult *, int, int);
    void (*PQclear)(PGresult *);
    int (*PQsocket)(const PGconn *);
    int (*PQconsumeInput)(PGconn *);
    PGnotify *(*PQnotifies)(PGconn *);
    void (*PQfreemem)(void *);
    void *(*PQsetNoticeProcessor)(PGconn *, void (*)(void *, const char *), void *);
    PGresult *(*PQexec)(PGconn *, const char *);
};

static inline struct cpq_library *cpq_library(void) {
    static struct cpq_library library;
    return &library;
}

/// Loads libpq; 0 on success, -1 (with the reason in `error`) otherwise.
static inline int cpq_load(const char **error) {
    struct cpq_library *l = cpq_library();
    if (l->loaded) return 0;
    void *handle = dlopen("libpq.so.5", RTLD_LAZY | RTLD_LOCAL);
    if (!handle) handle = dlopen("libpq.so", RTLD_LAZY | RTLD_LOCAL);
    if (!handle) {
        if (error) *error = dlerror();
        return -1;
    }
#define CPQ_SYM(name)                                                   \
    if (!(*(void **)(&l->name) = dlsym(handle, #name))) {               \
        if (error) *error = "libpq lacks " #name;                       \
        return -1;                                                      \
    }
    CPQ_SYM(PQconnectdb) CPQ_SYM(PQstatus) CPQ_SYM(PQerrorMessage) CPQ_SYM(PQfinish)
    CPQ_SYM(PQexecParams) CPQ_SYM(PQresultStatus) CPQ_SYM(PQresultErrorField) CPQ_SYM(PQntuples)
    CPQ_SYM(PQnfields) CPQ_SYM(PQgetvalue) CPQ_SYM(PQgetisnull) CPQ_SYM(PQgetlength) CPQ_SYM(PQclear)
    CPQ_SYM(PQsocket) CPQ_SYM(PQconsumeInput) CPQ_SYM(PQnotifies) CPQ_SYM(PQfreemem)
    CPQ_SYM(PQsetNoticeProcessor) CPQ_SYM(PQexec)
#undef CPQ_SYM
    l->loaded = 1;
    return 0;
}

#endif
