#!/usr/bin/env python3
"""Time an interactive program in a pty until its first prompt (Python 3 stdlib only).

    ptytime.py --prompt TEXT --quit TEXT [--runs N] [--warmup W] [--home DIR]
               [--env NAME=VALUE]... [--timeout S] [--json FILE] [--transcript FILE]
               -- CMD [ARG...]

Each run starts CMD in a new pseudo-terminal (80x24), reads what it writes, and stops the clock
when TEXT (the prompt, e.g. `cande> ` or `sqlite> `) has appeared in the output; everything
written before it (a greeting, a banner) is part of the time. Then it sends the --quit text
(backslash escapes such as \\r are understood), reads on until CMD exits, and checks that it
exited with status 0. hyperfine cannot wait for a prompt, hence this helper.

--home DIR is removed and made again before every run, and the command gets HOME=DIR and
XDG_STATE_HOME, XDG_CONFIG_HOME, XDG_DATA_HOME inside it, so no run sees the history or the
settings another one wrote. --env sets more variables (an empty value is kept as empty).

Prints the median seconds of the timed runs on stdout. --json FILE also writes every run's
seconds, the bytes read before the prompt (greeting or banner and the prompt itself) and in
all. --transcript FILE keeps the bytes the last run read (to see the greeting). Exit status 1 when the prompt does not appear within --timeout seconds (default 300) or
the command fails.
"""

import json
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import sys
import time

try:  # for the window size; the pty works without it (stdlib on every Unix)
    import fcntl
    import termios
except ImportError:  # pragma: no cover
    fcntl = termios = None


def parse(argv):
    opts = dict(prompt=None, quit=None, runs=1, warmup=0, home=None, env={}, timeout=300.0, json=None,
                transcript=None)
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            return opts, argv[i + 1:]
        if a in ("--prompt", "--quit", "--runs", "--warmup", "--home", "--env", "--timeout", "--json",
                 "--transcript"):
            if i + 1 >= len(argv):
                sys.exit("ptytime: %s needs a value" % a)
            v = argv[i + 1]
            key = a[2:]
            if key in ("runs", "warmup"):
                opts[key] = int(v)
            elif key == "timeout":
                opts[key] = float(v)
            elif key == "env":
                name, eq, value = v.partition("=")
                if not eq:
                    sys.exit("ptytime: --env wants NAME=VALUE, not %r" % v)
                opts["env"][name] = value
            elif key == "quit":
                opts[key] = v.encode().decode("unicode_escape")
            else:
                opts[key] = v
            i += 2
        else:
            break
    return opts, argv[i:]


def one_run(cmd, opts):
    """One start: (seconds to the prompt, bytes before and with the prompt, bytes in all)."""
    env = dict(os.environ)
    env.update(opts["env"])
    home = opts["home"]
    if home:
        shutil.rmtree(home, ignore_errors=True)
        for sub in ("state", "config", "data"):
            os.makedirs(os.path.join(home, sub))
        env.update(HOME=home, XDG_STATE_HOME=os.path.join(home, "state"),
                   XDG_CONFIG_HOME=os.path.join(home, "config"), XDG_DATA_HOME=os.path.join(home, "data"))
    prompt = opts["prompt"].encode()
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal and stdin/stdout/stderr
        try:
            os.execvpe(cmd[0], cmd, env)
        except OSError as e:
            os.write(2, ("ptytime: cannot run %s: %s\n" % (cmd[0], e)).encode())
        os._exit(127)
    if fcntl is not None:
        try:
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        except OSError:
            pass
    out = bytearray()
    seen = None
    deadline = t0 + opts["timeout"]
    status = None
    try:
        while seen is None:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no prompt %r within %gs; it wrote: %r"
                                   % (opts["prompt"], opts["timeout"], bytes(out[-500:])))
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the pty (it exited)
                chunk = b""
            if not chunk:
                raise RuntimeError("exited before its prompt %r; it wrote: %r"
                                   % (opts["prompt"], bytes(out[-500:])))
            out += chunk
            k = out.find(prompt, max(0, len(out) - len(chunk) - len(prompt)))
            if k >= 0:
                seen = time.perf_counter() - t0
                before = k + len(prompt)
        os.write(fd, opts["quit"].encode())
        while True:  # drain until the child closes the pty
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("did not exit after %r" % opts["quit"])
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            out += chunk
        _, status = os.waitpid(pid, 0)
        pid = None
    finally:
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
        os.close(fd)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError("exited with status %d; it wrote: %r" % (code, bytes(out[-500:])))
    if opts["transcript"]:
        with open(opts["transcript"], "wb") as f:
            f.write(out)
    return seen, before, len(out)


def main(argv):
    opts, cmd = parse(argv)
    if not cmd or opts["prompt"] is None or opts["quit"] is None or opts["runs"] < 1:
        sys.exit(__doc__)
    runs = []
    try:
        for i in range(opts["warmup"] + opts["runs"]):
            r = one_run(cmd, opts)
            if i >= opts["warmup"]:
                runs.append(r)
    except (RuntimeError, TimeoutError, OSError) as e:
        print("ptytime: %s: %s" % (cmd[0], e), file=sys.stderr)
        return 1
    times = [r[0] for r in runs]
    med = statistics.median(times)
    if opts["json"]:
        with open(opts["json"], "w") as f:
            json.dump(dict(command=cmd, prompt=opts["prompt"], median=med, min=min(times), max=max(times),
                           times=times, bytes_to_prompt=[r[1] for r in runs], bytes_total=[r[2] for r in runs],
                           warmup=opts["warmup"]), f, indent=1)
            f.write("\n")
    print(repr(med))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
