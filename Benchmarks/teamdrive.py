#!/usr/bin/env python3
"""Drivers for Benchmarks/team (Python 3 stdlib only; the notify peer loads libpq.so.5 with ctypes).

    teamdrive.py writers --writers K (--n N | --seconds S) [--warmup W] --line FORMAT --reply REGEX
                         [--env NAME=VALUE]... [--stderr FILE] [--json FILE] -- CMD [ARG...]
        Starts K processes of CMD with stdin and stdout on pipes. Each writer writes one line
        (FORMAT with {w} the writer 1..K, {n} the line's number, {h} = w), waits for a stdout
        line matching REGEX (its reply), then writes the next: never more than one line in
        flight. W warm-up lines each first (not timed; every writer has opened its store and
        connection before the clock starts), then N lines each, or as many as fit S seconds
        (the last ones sent before the end are waited for). {w} is also replaced in the
        arguments, the --env values and --stderr. JSON: every latency, each writer's count,
        commits/s over the whole timed window, the acknowledged texts (the part of each line
        after its last space-separated `bench` word, see --text).
    teamdrive.py verify --acked FILE --records FILE
        FILE from `writers --json`; records: `seq|line` lines (psql -At) of the server's records
        after the run's base. Prints JSON: acknowledged, found, lost, duplicated, saved but not
        acknowledged.
    teamdrive.py live --samples N --prompt TEXT --live TEXT --line FORMAT --reply REGEX
                      [--maria-env NAME=VALUE]... [--rita-env NAME=VALUE]... [--json FILE]
                      --maria CMD... --rita CMD...
        maria's CMD in a pty (80x24) until its prompt; rita's CMD on pipes, driven as `writers`;
        after each of rita's replies, the time until TEXT (e.g. `rita noted on`) appears once
        more in what maria's pty shows. One warm-up sample, then N, 100-250 ms apart (random,
        seeded). Prints JSON with every sample: reply -> live line, and line sent -> live line.
    teamdrive.py notify --samples N CONNINFO
        The peer of `live`: two libpq connections; one LISTENs; the other runs `NOTIFY` N times
        (autocommit); the time from the NOTIFY's reply to the notification read on the listener.
"""

import json
import os
import pty
import random
import re
import select
import statistics
import struct
import subprocess
import sys
import time

TEXT_RE = re.compile(rb"bench w\d+ n\d+")


def pct(xs, p):
    """The p-th percentile (nearest rank) of xs."""
    if not xs:
        return None
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


class Writer:
    def __init__(self, w, cmd, env, stderr, line, reply):
        sub = lambda s: s.replace("{w}", "%02d" % w)
        e = dict(os.environ)
        for k, v in env.items():
            e[k] = sub(v)
        self.err = open(sub(stderr), "wb") if stderr else subprocess.DEVNULL
        self.p = subprocess.Popen([sub(a) for a in cmd], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=self.err, env=e, bufsize=0)
        os.set_blocking(self.p.stdout.fileno(), False)
        self.w, self.fmt, self.reply = w, line, reply
        self.buf = b""
        self.n = 0
        self.sent_at = None
        self.text = None
        self.other = 0

    def send(self):
        self.n += 1
        line = self.fmt.replace("{w}", "%02d" % self.w).replace("{h}", str(self.w)).replace("{n}", "%06d" % self.n)
        m = TEXT_RE.search(line.encode())
        self.text = m.group(0).decode() if m else line
        self.sent_at = time.perf_counter()
        self.p.stdin.write(line.encode() + b"\n")

    def replies(self):
        """Reads what is there; returns (time, reply line) for each reply line now complete."""
        try:
            chunk = os.read(self.p.stdout.fileno(), 65536)
        except BlockingIOError:
            return []
        t = time.perf_counter()
        if not chunk:
            raise RuntimeError("writer %d exited (status %s) waiting for the reply to %r"
                               % (self.w, self.p.wait(), self.text))
        self.buf += chunk
        out = []
        while b"\n" in self.buf:
            l, self.buf = self.buf.split(b"\n", 1)
            if self.reply.search(l.decode("utf-8", "replace")):
                out.append((t, l.decode("utf-8", "replace")))
            else:
                self.other += 1
        return out

    def close(self):
        try:
            self.p.stdin.close()
        except OSError:
            pass


def writers(opts, cmd):
    k = opts["writers"]
    reply = re.compile(opts["reply"])
    ws = [Writer(i + 1, cmd, opts["env"], opts["stderr"], opts["line"], reply) for i in range(k)]
    by_fd = {w.p.stdout.fileno(): w for w in ws}
    lat = {w.w: [] for w in ws}
    acked = []
    timeout = opts["timeout"]

    def pump(active, on_reply):
        """Runs until no writer is active; on_reply(w, t, line) says whether w stays active."""
        while active:
            r, _, _ = select.select([w.p.stdout.fileno() for w in active], [], [], timeout)
            if not r:
                raise RuntimeError("no reply within %gs from writers %s" % (timeout, sorted(w.w for w in active)))
            for fd in r:
                w = by_fd[fd]
                for t, l in w.replies():
                    if not on_reply(w, t, l):
                        active.discard(w)

    # Warm-up: every writer opens its store (and connection) before the clock starts.
    warm = {w.w: 0 for w in ws}
    for w in ws:
        if opts["warmup"] > 0:
            w.send()

    def on_warm(w, t, l):
        acked.append(dict(w=w.w, n=w.n, text=w.text, reply=l, timed=False))
        warm[w.w] += 1
        if warm[w.w] < opts["warmup"]:
            w.send()
            return True
        return False

    if opts["warmup"] > 0:
        pump(set(ws), on_warm)

    t0 = time.perf_counter()
    end = t0 + opts["seconds"] if opts["seconds"] else None
    last = [t0]

    def on_reply(w, t, l):
        lat[w.w].append(t - w.sent_at)
        acked.append(dict(w=w.w, n=w.n, text=w.text, reply=l, timed=True))
        last[0] = max(last[0], t)
        if (end is not None and t < end) or (end is None and len(lat[w.w]) < opts["n"]):
            w.send()
            return True
        return False

    for w in ws:
        w.send()
    pump(set(ws), on_reply)
    window = last[0] - t0
    for w in ws:
        w.close()
    codes = []
    for w in ws:
        try:
            codes.append(w.p.wait(timeout=60))
        except subprocess.TimeoutExpired:
            w.p.kill()
            codes.append("killed")
    alll = [x for w in ws for x in lat[w.w]]
    res = dict(writers=k, window=window, commits=len(alll), rate=len(alll) / window if window > 0 else None,
               median=statistics.median(alll), p50=pct(alll, 50), p99=pct(alll, 99), min=min(alll), max=max(alll),
               mean=statistics.mean(alll), per_writer={w.w: len(lat[w.w]) for w in ws}, exit=codes,
               other_lines=sum(w.other for w in ws), latencies=alll, acked=acked, command=cmd)
    if opts["json"]:
        with open(opts["json"], "w") as f:
            json.dump(res, f)
    bad = [c for c in codes if c != 0]
    if bad:
        print("teamdrive: writers exited with %s (see their stderr)" % codes, file=sys.stderr)
        return 1
    return 0


def verify(opts):
    acked = [a["text"] for a in json.load(open(opts["acked"]))["acked"]]
    found = {}
    for line in open(opts["records"], "rb"):
        for m in TEXT_RE.finditer(line):
            t = m.group(0).decode()
            found[t] = found.get(t, 0) + 1
    ack = set(acked)
    res = dict(acknowledged=len(acked), acknowledged_distinct=len(ack),
               found=sum(1 for t in ack if t in found),
               lost=sorted(t for t in ack if t not in found)[:20],
               lost_count=sum(1 for t in ack if t not in found),
               duplicated=sorted(t for t, c in found.items() if c > 1)[:20],
               unacknowledged_saved=sorted(t for t in found if t not in ack)[:20],
               unacknowledged_saved_count=sum(1 for t in found if t not in ack))
    print(json.dumps(res))
    return 0


def live(opts, maria, rita):
    rng = random.Random(13)
    env = dict(os.environ)
    env.update(opts["maria_env"])
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(maria[0], maria, env)
        except OSError as e:
            os.write(2, ("teamdrive: cannot run %s: %s\n" % (maria[0], e)).encode())
        os._exit(127)
    try:
        import fcntl
        import termios
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    except (ImportError, OSError):
        pass
    out = bytearray()
    live_text = opts["live"].encode()
    reaped = []

    def read_pty(wait):
        r, _, _ = select.select([fd], [], [], wait)
        if not r:
            return None
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            try:
                _, st = os.waitpid(pid, 0)
                st = os.waitstatus_to_exitcode(st)
                reaped.append(st)
            except OSError:
                st = "?"
            raise RuntimeError("maria's cande exited (status %s); it wrote: %r" % (st, bytes(out[-500:])))
        t = time.perf_counter()
        out.extend(chunk)
        return t

    deadline = time.perf_counter() + opts["timeout"]
    prompt = opts["prompt"].encode()
    while prompt not in out:
        if time.perf_counter() > deadline:
            raise RuntimeError("no prompt from maria's cande: %r" % bytes(out[-500:]))
        read_pty(1.0)
    greeting = bytes(out)
    w = Writer(1, rita, opts["rita_env"], opts["stderr"], opts["line"], re.compile(opts["reply"]))
    rfd = w.p.stdout.fileno()
    samples = []
    seen = out.count(live_text)
    for i in range(opts["samples"] + 1):
        time.sleep(rng.uniform(0.10, 0.25))
        w.send()
        sent = w.sent_at
        t_reply = t_live = None
        end = time.perf_counter() + opts["timeout"]
        while t_reply is None or t_live is None:
            left = end - time.perf_counter()
            if left <= 0:
                raise RuntimeError("sample %d: reply %s, live line %s within %gs; maria's pty: %r"
                                   % (i, t_reply, t_live, opts["timeout"], bytes(out[-400:])))
            r, _, _ = select.select([fd, rfd], [], [], left)
            if fd in r:
                t = read_pty(0)
                if t is not None and t_live is None and out.count(live_text) > seen:
                    t_live = t
                    seen += 1
            if rfd in r:
                for t, _ in w.replies():
                    t_reply = t
        if i > 0:
            samples.append(dict(reply_to_live=t_live - t_reply, sent_to_live=t_live - sent,
                                sent_to_reply=t_reply - sent))
    w.close()
    w.p.wait(timeout=30)
    os.write(fd, b"quit\r")
    end = time.perf_counter() + 30
    while time.perf_counter() < end:
        try:
            if read_pty(1.0) is None:
                continue
        except RuntimeError:
            break
    if not reaped:
        reaped.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
    os.close(fd)
    if reaped[0] != 0:
        raise RuntimeError("maria's cande exited with status %s after quit" % reaped[0])
    r2l = [s["reply_to_live"] for s in samples]
    s2l = [s["sent_to_live"] for s in samples]
    res = dict(samples=samples, median=statistics.median(r2l), max=max(r2l), min=min(r2l),
               sent_median=statistics.median(s2l), sent_max=max(s2l),
               reply_median=statistics.median(s["sent_to_reply"] for s in samples),
               greeting=greeting.decode("utf-8", "replace"), transcript_tail=bytes(out[-2000:]).decode("utf-8", "replace"))
    if opts["json"]:
        with open(opts["json"], "w") as f:
            json.dump(res, f, indent=1)
    return 0


def notify(opts, conninfo):
    import ctypes
    lib = ctypes.CDLL("libpq.so.5")
    lib.PQconnectdb.restype = ctypes.c_void_p
    lib.PQconnectdb.argtypes = [ctypes.c_char_p]
    lib.PQstatus.argtypes = [ctypes.c_void_p]
    lib.PQerrorMessage.restype = ctypes.c_char_p
    lib.PQerrorMessage.argtypes = [ctypes.c_void_p]
    lib.PQexec.restype = ctypes.c_void_p
    lib.PQexec.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.PQresultStatus.argtypes = [ctypes.c_void_p]
    lib.PQclear.argtypes = [ctypes.c_void_p]
    lib.PQsocket.argtypes = [ctypes.c_void_p]
    lib.PQconsumeInput.argtypes = [ctypes.c_void_p]
    lib.PQnotifies.restype = ctypes.c_void_p
    lib.PQnotifies.argtypes = [ctypes.c_void_p]
    lib.PQfreemem.argtypes = [ctypes.c_void_p]
    lib.PQfinish.argtypes = [ctypes.c_void_p]

    def connect():
        c = lib.PQconnectdb(conninfo.encode())
        if lib.PQstatus(c) != 0:
            raise RuntimeError(lib.PQerrorMessage(c).decode())
        return c

    def run(c, sql):
        r = lib.PQexec(c, sql.encode())
        st = lib.PQresultStatus(r)
        lib.PQclear(r)
        if st not in (1, 2):  # PGRES_COMMAND_OK, PGRES_TUPLES_OK
            raise RuntimeError("%s: %s" % (sql, lib.PQerrorMessage(c).decode()))

    a, b = connect(), connect()
    run(a, "listen cande_bench_peer")
    sock = lib.PQsocket(a)
    rng = random.Random(13)
    lat = []
    for i in range(opts["samples"] + 1):
        time.sleep(rng.uniform(0.10, 0.25))
        run(b, "notify cande_bench_peer, '%d'" % i)
        t1 = time.perf_counter()
        got = False
        while not got:
            n = lib.PQnotifies(a)
            if n:
                lib.PQfreemem(n)
                got = True
                break
            select.select([sock], [], [], opts["timeout"])
            lib.PQconsumeInput(a)
        t2 = time.perf_counter()
        if i > 0:
            lat.append(t2 - t1)
    lib.PQfinish(a)
    lib.PQfinish(b)
    res = dict(latencies=lat, median=statistics.median(lat), max=max(lat))
    if opts["json"]:
        with open(opts["json"], "w") as f:
            json.dump(res, f, indent=1)
    return 0


def parse(argv):
    opts = dict(writers=1, n=None, seconds=None, warmup=1, line=None, reply=None, env={}, maria_env={},
                rita_env={}, stderr=None, json=None, timeout=120.0, samples=20, prompt="cande> ", live=None,
                acked=None, records=None)
    rest, cmds, i = [], {}, 0
    while i < len(argv):
        a = argv[i]
        if a in ("--", "--maria", "--rita"):
            # a command runs to the next --maria/--rita (or the end)
            j = i + 1
            while j < len(argv) and argv[j] not in ("--maria", "--rita"):
                j += 1
            cmds[a] = argv[i + 1:j]
            i = j
            continue
        if a.startswith("--") and i + 1 < len(argv):
            key = a[2:].replace("-", "_")
            v = argv[i + 1]
            if key in ("env", "maria_env", "rita_env"):
                name, eq, value = v.partition("=")
                if not eq:
                    sys.exit("teamdrive: %s wants NAME=VALUE" % a)
                opts[key][name] = value
            elif key in ("writers", "n", "warmup", "samples"):
                opts[key] = int(v)
            elif key in ("seconds", "timeout"):
                opts[key] = float(v)
            elif key in opts:
                opts[key] = v
            else:
                sys.exit("teamdrive: unknown option %s" % a)
            i += 2
        else:
            rest.append(a)
            i += 1
    return opts, rest, cmds


def main(argv):
    if not argv:
        sys.exit(__doc__)
    mode = argv[0]
    opts, rest, cmds = parse(argv[1:])
    try:
        if mode == "writers" and cmds.get("--") and opts["line"] and opts["reply"] and (opts["n"] or opts["seconds"]):
            return writers(opts, cmds["--"])
        if mode == "verify" and opts["acked"] and opts["records"]:
            return verify(opts)
        if mode == "live" and cmds.get("--maria") and cmds.get("--rita") and opts["live"]:
            return live(opts, cmds["--maria"], cmds["--rita"])
        if mode == "notify" and len(rest) == 1:
            return notify(opts, rest[0])
    except (RuntimeError, OSError) as e:
        print("teamdrive %s: %s" % (mode, e), file=sys.stderr)
        return 1
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
