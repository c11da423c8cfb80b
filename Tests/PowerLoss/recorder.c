// Power-loss recorder: an LD_PRELOAD library that logs every file-system change cande makes in
// one store directory, plus everything it writes to standard output (its acknowledgments), so
// that replay.py can rebuild the directory as of any crash point.
//
// Only the calls that change files are interposed: an fd is resolved at each call through
// /proc/self/fd (so close, dup and fcntl need no bookkeeping), files are named by inode (so a
// write to a renamed or unlinked file is still attributed right). open64/openat64/creat* land
// in the same code as open/openat (one ABI on 64-bit Linux).
//
// Environment: PL_LOG (the log file, appended to), PL_ROOT (the store directory, absolute and
// canonical; it may not exist yet), PL_TAG (a label for this process, no blanks).
//
// Each event is one header line, "OP PID FIELDS...\n", and for events that carry bytes that
// many bytes and a "\n" after it. Events are written with the real call they describe under one
// lock (a mutex in the process, flock on the log across processes), so the log order is the
// order in which the calls really happened.
//
//   H pid tag                 process start
//   M pid                     mkdir of the store directory
//   O pid ino created name    open of store file NAME (inode INO; created 1 if the call made it)
//   Z pid ino                 that open truncated the file (O_TRUNC)
//   W pid ino offset len      LEN bytes written at OFFSET, then the bytes
//   T pid ino len             ftruncate to LEN
//   S pid ino                 fsync or fdatasync of a store file
//   D pid                     fsync of the store directory
//   P pid                     fsync of the store directory's parent
//   A pid                     sync or syncfs (everything durable)
//   R pid from to             rename within the store directory
//   U pid name                unlink in the store directory
//   X pid len                 LEN bytes written to standard output, then the bytes

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;
static char root[PATH_MAX];
static char parent[PATH_MAX];
static size_t root_len;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static int (*real_open)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static void (*real_sync)(void);
static int (*real_syncfs)(int);
static int (*real_rename)(const char *, const char *);
static int (*real_renameat)(int, const char *, int, const char *);
static int (*real_renameat2)(int, const char *, int, const char *, unsigned int);
static int (*real_unlink)(const char *);
static int (*real_unlinkat)(int, const char *, int);
static int (*real_mkdir)(const char *, mode_t);
static int (*real_mkdirat)(int, const char *, mode_t);

#define REAL(name) real_##name = dlsym(RTLD_NEXT, #name)

static void write_all(const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = syscall(SYS_write, log_fd, bytes, count);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        bytes += n;
        count -= (size_t)n;
    }
}

static void setup(void) {
    REAL(write);
    REAL(pwrite);
    REAL(pwrite64);
    REAL(writev);
    REAL(open);
    REAL(openat);
    REAL(ftruncate);
    REAL(ftruncate64);
    REAL(fsync);
    REAL(fdatasync);
    REAL(sync);
    REAL(syncfs);
    REAL(rename);
    REAL(renameat);
    REAL(renameat2);
    REAL(unlink);
    REAL(unlinkat);
    REAL(mkdir);
    REAL(mkdirat);
    const char *log_path = getenv("PL_LOG");
    const char *root_path = getenv("PL_ROOT");
    if (!log_path || !root_path || strlen(root_path) >= PATH_MAX) return;
    snprintf(root, sizeof root, "%s", root_path);
    root_len = strlen(root);
    while (root_len > 1 && root[root_len - 1] == '/') root[--root_len] = 0;
    snprintf(parent, sizeof parent, "%s", root);
    char *slash = strrchr(parent, '/');
    if (slash) *(slash == parent ? slash + 1 : slash) = 0;
    log_fd = (int)syscall(SYS_openat, AT_FDCWD, log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}

static int active(void) {
    pthread_once(&once, setup);
    return log_fd >= 0;
}

static void lock(void) {
    pthread_mutex_lock(&mutex);
    while (flock(log_fd, LOCK_EX) != 0 && errno == EINTR) {}
}

static void unlock(void) {
    flock(log_fd, LOCK_UN);
    pthread_mutex_unlock(&mutex);
}

/// Writes one event: the header, then (when `data` is given) the bytes and a newline.
static void emit(const char *header, const struct iovec *data, int count) {
    write_all(header, strlen(header));
    if (!data) return;
    for (int k = 0; k < count; k++) write_all(data[k].iov_base, data[k].iov_len);
    write_all("\n", 1);
}

/// Where an fd points: 0 not ours, 1 a store file (its name in `name`), 2 the store directory,
/// 3 its parent.
static int classify_path(const char *path, char *name, size_t size) {
    char clean[PATH_MAX];
    snprintf(clean, sizeof clean, "%s", path);
    size_t len = strlen(clean);
    const char *deleted = " (deleted)";
    if (len > strlen(deleted) && strcmp(clean + len - strlen(deleted), deleted) == 0) {
        len -= strlen(deleted);
        clean[len] = 0;
    }
    while (len > 1 && clean[len - 1] == '/') clean[--len] = 0;
    if (strcmp(clean, root) == 0) return 2;
    if (strcmp(clean, parent) == 0) return 3;
    if (len > root_len + 1 && strncmp(clean, root, root_len) == 0 && clean[root_len] == '/'
        && !strchr(clean + root_len + 1, '/')) {
        if (name) snprintf(name, size, "%s", clean + root_len + 1);
        return 1;
    }
    return 0;
}

static int classify_fd(int fd, char *name, size_t size) {
    char link[64], target[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0) return 0;
    target[n] = 0;
    return classify_path(target, name, size);
}

/// The absolute path of `path` relative to `dirfd` (no normalisation: cande uses plain names).
static int resolve(int dirfd, const char *path, char *out, size_t size) {
    if (!path) return 0;
    if (path[0] == '/') {
        snprintf(out, size, "%s", path);
        return 1;
    }
    char base[PATH_MAX];
    if (dirfd == AT_FDCWD) {
        if (!getcwd(base, sizeof base)) return 0;
    } else {
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
        ssize_t n = readlink(link, base, sizeof base - 1);
        if (n <= 0) return 0;
        base[n] = 0;
    }
    snprintf(out, size, "%s/%s", base, path);
    return 1;
}

/// The store file name `path` (relative to `dirfd`) stands for, or 0.
static int store_name(int dirfd, const char *path, char *name, size_t size) {
    char full[PATH_MAX];
    if (!resolve(dirfd, path, full, sizeof full)) return 0;
    return classify_path(full, name, size) == 1;
}

static int is_root(int dirfd, const char *path) {
    char full[PATH_MAX];
    if (!resolve(dirfd, path, full, sizeof full)) return 0;
    return classify_path(full, NULL, 0) == 2;
}

__attribute__((constructor)) static void hello(void) {
    if (!active()) return;
    const char *tag = getenv("PL_TAG");
    char header[256];
    snprintf(header, sizeof header, "H %d %s\n", (int)getpid(), tag && *tag ? tag : "-");
    lock();
    emit(header, NULL, 0);
    unlock();
}

// MARK: - Opening

static int opened(int dirfd, const char *path, int flags, mode_t mode, int at) {
    char name[PATH_MAX];
    if (!active() || !store_name(dirfd, path, name, sizeof name)) {
        if (at) return real_openat(dirfd, path, flags, mode);
        return real_open(path, flags, mode);
    }
    lock();
    struct stat before;
    int existed = fstatat(dirfd, path, &before, AT_SYMLINK_NOFOLLOW) == 0;
    int fd = at ? real_openat(dirfd, path, flags, mode) : real_open(path, flags, mode);
    int saved = errno;
    struct stat info;
    if (fd >= 0 && fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
        char header[PATH_MAX + 128];
        int created = !existed && (flags & O_CREAT);
        snprintf(header, sizeof header, "O %d %llu %d %s\n", (int)getpid(), (unsigned long long)info.st_ino, created,
            name);
        emit(header, NULL, 0);
        if ((flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY && !created) {
            snprintf(header, sizeof header, "Z %d %llu\n", (int)getpid(), (unsigned long long)info.st_ino);
            emit(header, NULL, 0);
        }
    }
    unlock();
    errno = saved;
    return fd;
}

static mode_t mode_argument(int flags, va_list args) {
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(args, int) : 0;
}

int open(const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    return opened(AT_FDCWD, path, flags, mode, 0);
}

int open64(const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    return opened(AT_FDCWD, path, flags, mode, 0);
}

int openat(int dirfd, const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    return opened(dirfd, path, flags, mode, 1);
}

int openat64(int dirfd, const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    return opened(dirfd, path, flags, mode, 1);
}

int creat(const char *path, mode_t mode) { return opened(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode, 0); }

int creat64(const char *path, mode_t mode) { return opened(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode, 0); }

// MARK: - Writing

/// One write call, so that `written` can make it under the lock.
struct write_call {
    enum { PLAIN, POSITIONED, POSITIONED64, VECTOR } how;
    int fd;
    const struct iovec *iov;
    int iovcnt;
    off_t offset;
};

static ssize_t perform(const struct write_call *c) {
    switch (c->how) {
    case PLAIN: return real_write(c->fd, c->iov[0].iov_base, c->iov[0].iov_len);
    case POSITIONED: return real_pwrite(c->fd, c->iov[0].iov_base, c->iov[0].iov_len, c->offset);
    case POSITIONED64: return real_pwrite64(c->fd, c->iov[0].iov_base, c->iov[0].iov_len, c->offset);
    case VECTOR: return real_writev(c->fd, c->iov, c->iovcnt);
    }
    return -1;
}

/// Makes a write and logs it when it went to a store file or to standard output.
static ssize_t written(const struct write_call *c) {
    int kind = !active() ? 0 : c->fd == 1 ? 4 : classify_fd(c->fd, NULL, 0);
    if (kind != 1 && kind != 4) return perform(c);
    lock();
    ssize_t n = perform(c);
    int saved = errno;
    if (n > 0) {
        // Only the bytes really written are logged.
        struct iovec parts[64];
        int used = 0;
        size_t left = (size_t)n;
        for (int k = 0; k < c->iovcnt && left > 0 && used < 64; k++) {
            size_t take = c->iov[k].iov_len < left ? c->iov[k].iov_len : left;
            parts[used].iov_base = c->iov[k].iov_base;
            parts[used].iov_len = take;
            used++;
            left -= take;
        }
        char header[128];
        if (kind == 4) {
            snprintf(header, sizeof header, "X %d %zd\n", (int)getpid(), n);
        } else {
            struct stat info;
            fstat(c->fd, &info);
            off_t at = c->how == POSITIONED || c->how == POSITIONED64 ? c->offset : lseek(c->fd, 0, SEEK_CUR) - n;
            snprintf(header, sizeof header, "W %d %llu %lld %zd\n", (int)getpid(), (unsigned long long)info.st_ino,
                (long long)at, n);
        }
        emit(header, parts, used);
    }
    unlock();
    errno = saved;
    return n;
}

ssize_t write(int fd, const void *bytes, size_t count) {
    struct iovec part = {(void *)bytes, count};
    struct write_call c = {PLAIN, fd, &part, 1, 0};
    return written(&c);
}

ssize_t pwrite(int fd, const void *bytes, size_t count, off_t offset) {
    struct iovec part = {(void *)bytes, count};
    struct write_call c = {POSITIONED, fd, &part, 1, offset};
    return written(&c);
}

ssize_t pwrite64(int fd, const void *bytes, size_t count, off_t offset) {
    struct iovec part = {(void *)bytes, count};
    struct write_call c = {POSITIONED64, fd, &part, 1, offset};
    return written(&c);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
    struct write_call c = {VECTOR, fd, iov, iovcnt, 0};
    return written(&c);
}

// MARK: - Sizes and syncs

static int truncated(int fd, off_t length, int (*call)(int, off_t)) {
    if (!active() || classify_fd(fd, NULL, 0) != 1) return call(fd, length);
    lock();
    int result = call(fd, length);
    int saved = errno;
    struct stat info;
    if (result == 0 && fstat(fd, &info) == 0) {
        char header[128];
        snprintf(header, sizeof header, "T %d %llu %lld\n", (int)getpid(), (unsigned long long)info.st_ino,
            (long long)length);
        emit(header, NULL, 0);
    }
    unlock();
    errno = saved;
    return result;
}

int ftruncate(int fd, off_t length) { return truncated(fd, length, real_ftruncate); }
int ftruncate64(int fd, off_t length) { return truncated(fd, length, real_ftruncate64); }

static int synced(int fd, int (*call)(int)) {
    int kind = active() ? classify_fd(fd, NULL, 0) : 0;
    if (kind == 0) return call(fd);
    lock();
    int result = call(fd);
    int saved = errno;
    struct stat info;
    if (result == 0) {
        char header[128];
        if (kind == 1 && fstat(fd, &info) == 0) {
            snprintf(header, sizeof header, "S %d %llu\n", (int)getpid(), (unsigned long long)info.st_ino);
        } else {
            snprintf(header, sizeof header, "%c %d\n", kind == 2 ? 'D' : 'P', (int)getpid());
        }
        emit(header, NULL, 0);
    }
    unlock();
    errno = saved;
    return result;
}

int fsync(int fd) { return synced(fd, real_fsync); }
int fdatasync(int fd) { return synced(fd, real_fdatasync); }

static void synced_all(void) {
    char header[64];
    snprintf(header, sizeof header, "A %d\n", (int)getpid());
    emit(header, NULL, 0);
}

void sync(void) {
    if (!active()) return real_sync();
    lock();
    real_sync();
    synced_all();
    unlock();
}

int syncfs(int fd) {
    if (!active()) return real_syncfs(fd);
    lock();
    int result = real_syncfs(fd);
    int saved = errno;
    if (result == 0) synced_all();
    unlock();
    errno = saved;
    return result;
}

// MARK: - Names

static int renamed(int olddirfd, const char *from, int newdirfd, const char *to, unsigned int flags, int how) {
    char a[PATH_MAX], b[PATH_MAX];
    int ours = active() && store_name(olddirfd, from, a, sizeof a) && store_name(newdirfd, to, b, sizeof b);
    if (ours) lock();
    int result = how == 0 ? real_rename(from, to)
        : how == 1        ? real_renameat(olddirfd, from, newdirfd, to)
                          : real_renameat2(olddirfd, from, newdirfd, to, flags);
    int saved = errno;
    if (ours) {
        if (result == 0) {
            char header[2 * PATH_MAX + 64];
            snprintf(header, sizeof header, "R %d %s %s\n", (int)getpid(), a, b);
            emit(header, NULL, 0);
        }
        unlock();
    }
    errno = saved;
    return result;
}

int rename(const char *from, const char *to) { return renamed(AT_FDCWD, from, AT_FDCWD, to, 0, 0); }
int renameat(int olddirfd, const char *from, int newdirfd, const char *to) {
    return renamed(olddirfd, from, newdirfd, to, 0, 1);
}
int renameat2(int olddirfd, const char *from, int newdirfd, const char *to, unsigned int flags) {
    return renamed(olddirfd, from, newdirfd, to, flags, 2);
}

static int unlinked(int dirfd, const char *path, int flags, int at) {
    char name[PATH_MAX];
    int ours = active() && !(flags & AT_REMOVEDIR) && store_name(dirfd, path, name, sizeof name);
    if (ours) lock();
    int result = at ? real_unlinkat(dirfd, path, flags) : real_unlink(path);
    int saved = errno;
    if (ours) {
        if (result == 0) {
            char header[PATH_MAX + 64];
            snprintf(header, sizeof header, "U %d %s\n", (int)getpid(), name);
            emit(header, NULL, 0);
        }
        unlock();
    }
    errno = saved;
    return result;
}

int unlink(const char *path) { return unlinked(AT_FDCWD, path, 0, 0); }
int unlinkat(int dirfd, const char *path, int flags) { return unlinked(dirfd, path, flags, 1); }

static int made(int dirfd, const char *path, mode_t mode, int at) {
    int ours = active() && is_root(dirfd, path);
    if (ours) lock();
    int result = at ? real_mkdirat(dirfd, path, mode) : real_mkdir(path, mode);
    int saved = errno;
    if (ours) {
        if (result == 0) {
            char header[64];
            snprintf(header, sizeof header, "M %d\n", (int)getpid());
            emit(header, NULL, 0);
        }
        unlock();
    }
    errno = saved;
    return result;
}

int mkdir(const char *path, mode_t mode) { return made(AT_FDCWD, path, mode, 0); }
int mkdirat(int dirfd, const char *path, mode_t mode) { return made(dirfd, path, mode, 1); }
