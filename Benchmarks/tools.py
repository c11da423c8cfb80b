#!/usr/bin/env python3
"""Small helpers for Benchmarks/run (Python 3 stdlib only).

    tools.py medians HYPERFINE.json        median seconds of each command, one per line
    tools.py median N...                   median of the numbers given
    tools.py render ROWS.tsv INFO.json RESULTS.md [--smoke]
                                           print the results table, write RESULTS.md
    tools.py render-team ROWS.tsv INFO.json TEAM-RESULTS.md [--smoke]
                                           the same for Benchmarks/team

ROWS.tsv has one row per benchmark pair, tab-separated:
    id title kind ours peer must aim status note
kind is `time` (seconds), `per` (seconds per command), `rss` (ours KiB, peer KiB), `rate`
(per second, higher is better) or `abs` (seconds against an absolute budget, see `table`);
status is `ok`, `info` or `shown` (not judged), `missing` (the cande command does not exist
yet) or `error`. An empty must / aim: no budget.

RESULTS.md keeps one section per size, between `<!-- size:NAME -->` and `<!-- /size:NAME -->`:
a run replaces its own size's section and keeps the others.
"""

import json
import re
import statistics
import sys


def fmt_time(s):
    if s is None:
        return "—"
    a = abs(s)
    if a >= 1:
        return "%.2f s" % s
    if a >= 0.01:
        return "%.1f ms" % (s * 1e3)
    if a >= 0.0001:
        return "%.2f ms" % (s * 1e3)
    return "%.1f µs" % (s * 1e6)


def fmt_kib(k):
    if k is None:
        return "—"
    return "%s KiB (%.1f MiB)" % (format(int(k), ","), k / 1024)


def pct(xs, p):
    """The p-th percentile (nearest rank)."""
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def num(s):
    return None if s in ("", "-", "nan") else float(s)


def read_rows(rows_path):
    rows = []
    for line in open(rows_path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            continue
        rid, title, kind, ours, peer, must, aim, status, note = (line.split("\t") + [""] * 9)[:9]
        rows.append(dict(id=rid, title=title, kind=kind, ours=num(ours), peer=num(peer),
                         must=num(must), aim=num(aim), status=status, note=note))
    return rows


def fmt_rate(r):
    return "—" if r is None else "%s commits/s" % format(int(round(r)), ",")


def budget_text(r):
    """The budget column: `≤ must / ≤ aim` for ratios (lower is better), `≥` for rates, an
    absolute time for kind `abs`, `—` when the row has none."""
    if r["must"] is None:
        return "—"
    if r["kind"] == "abs":
        return "≤ %s / %s" % (fmt_time(r["must"]), "≤ " + fmt_time(r["aim"]) if r["aim"] is not None else "—")
    op = "≥" if r["kind"] == "rate" else "≤"
    return "%s %g / %s" % (op, r["must"], "%s %g" % (op, r["aim"]) if r["aim"] is not None else "—")


def table(rows, smoke):
    """The results table: (markdown lines, plain rows for the terminal, rows missing *must*).

    Kinds: `time` and `per` (seconds; ratio ours / peer, passes when ≤ must), `rss` (KiB, as
    time), `rate` (per second, higher is better: passes when ours / peer ≥ must), `abs`
    (seconds against an absolute budget: passes when ours ≤ must seconds; the ratio to the
    peer, if any, is shown for information). An empty must means no budget: the row is shown.
    Status `info` is shown but not judged (Benchmarks/run: budgets set for L), `shown` the same
    for a row that is information only."""
    fails = 0
    md = ["| # | what | ours (median) | peer (median) | ratio | budget must / aim | result |",
          "|---|---|---:|---:|---:|---|---|"]
    plain = []
    for r in rows:
        f = {"rss": fmt_kib, "rate": fmt_rate}.get(r["kind"], fmt_time)
        ours, peer = f(r["ours"]), f(r["peer"])
        if r["kind"] == "per" and r["ours"] is not None:
            ours += " per cmd"
        ratio = "—"
        q = None
        if r["ours"] is not None and r["peer"] not in (None, 0):
            q = r["ours"] / r["peer"]
            ratio = "%.2f" % q
        if r["status"] == "missing":
            result = "n/a (command missing)"
            ours = "n/a"
        elif r["status"] == "error":
            result = "ERROR (cande failed)"
        elif r["kind"] == "abs" and r["ours"] is not None and r["must"] is not None:
            v = r["ours"]
            if v <= r["must"]:
                result = "pass" + ("" if r["aim"] is None else (" (aim met)" if v <= r["aim"] else " (aim missed)"))
            else:
                result = "FAIL"
                fails += 1
        elif q is None:
            result = "n/a"
        elif r["status"] == "info":
            result = "shown (budget set for L)"
        elif r["status"] == "shown" or r["must"] is None:
            result = "shown (no budget)"
        else:
            ok = (q >= r["must"]) if r["kind"] == "rate" else (q <= r["must"])
            if ok:
                aim = r["aim"] is None or ((q >= r["aim"]) if r["kind"] == "rate" else (q <= r["aim"]))
                result = "pass" + (" (aim met)" if aim else " (aim missed)")
            else:
                result = "FAIL"
                fails += 1
            if r["kind"] == "per" and r["ours"] <= 0:
                result += ", within noise"
        if smoke and result.startswith(("pass", "FAIL")):
            result += " [smoke: not enforced]"
        budget = budget_text(r)
        title = r["title"] + (" — " + r["note"] if r["note"] else "")
        # A `|` in a cell (a pipe in a command) would end it: GitHub's tables take `\|`.
        md.append("| %s | %s | %s | %s | %s | %s | %s |"
                  % (r["id"], title.replace("|", "\\|"), ours, peer, ratio, budget, result))
        plain.append((r["id"], r["title"], ours, peer, ratio, budget, result))
    return md, plain, fails


def print_plain(plain):
    """The table for the terminal."""
    head = ("#", "what", "ours", "peer", "ratio", "must/aim", "result")
    widths = [max(len(str(x[i])) for x in [head] + plain) for i in range(len(head))]
    out = []
    for x in [head] + plain:
        out.append("  ".join(str(v).ljust(widths[i]) for i, v in enumerate(x)).rstrip())
    print("\n".join(out))


def write_section(results_path, size, section, header):
    """Replaces (or adds) the section of `size` in results_path, sections in the order smoke,
    S, M, L."""
    try:
        old = open(results_path, encoding="utf-8").read()
    except FileNotFoundError:
        old = ""
    pat = re.compile(r"<!-- size:%s -->.*?<!-- /size:%s -->\n?" % (size, size), re.S)
    if pat.search(old):
        new = pat.sub(lambda m: section, old)
    else:
        if not old.strip():
            old = header
        new = old.rstrip("\n") + "\n\n" + section
    parts = re.findall(r"<!-- size:(\w+) -->.*?<!-- /size:\1 -->\n?", new, re.S)
    blocks = {p: re.search(r"<!-- size:%s -->.*?<!-- /size:%s -->\n?" % (p, p), new, re.S).group(0)
              for p in parts}
    order = [p for p in ["smoke", "S", "M", "L"] if p in blocks] + \
            [p for p in blocks if p not in ("smoke", "S", "M", "L")]
    new = header + "\n".join(blocks[p].rstrip("\n") + "\n" for p in order)
    with open(results_path, "w", encoding="utf-8") as f:
        f.write(new)


def render(rows_path, info_path, results_path, smoke):
    info = json.load(open(info_path))
    rows = read_rows(rows_path)
    table_md, plain, fails = table(rows, smoke)
    print_plain(plain)

    size = info["size"]
    md = ["<!-- size:%s -->" % size,
          "## `Benchmarks/run %s` — %s" % (info["arg"], info["date"]),
          "",
          "Corpus %s: %s candidates, %s messages (%s with the rare word `%s`), %s of JSON; seed %s."
          % (size, format(info["candidates"], ","), format(info["messages"], ","),
             info["rare_messages"], info["rare_word"], info["json_mb"], info["seed"]),
          "",
          "Machine: %s cores (nproc), %s, %s RAM, %s. cande %s (%s), built with `%s`. "
          "Peers: %s, %s, %s. hyperfine %s."
          % (info["nproc"], info["cpu"], info["mem"], info["kernel"], info["commit"],
             info["binary"], info["build"], info["sqlite"], info["python"], info["grep"],
             info["hyperfine"]),
          "",
          "Ratio = ours / peer, medians from the same run. Result is judged against the *must* "
          "budget%s." % (" (smoke run: one run per row, nothing enforced)" if smoke else ""),
          ""] + table_md + ["", "Notes:", ""] + ["- " + n for n in info["notes"]] + [
          "", "Exact commands, run from the repository root (row 2 through `sh -c`, whose own start-up "
          "hyperfine subtracts; the others without a shell, `hyperfine -N`; a session script is "
          "given as a file argument; every command's output goes through a pipe, "
          "`--output=pipe`). Environment: `%s`." % info["env"], "", "```"] + info["commands"] + ["```",
          "<!-- /size:%s -->" % size]
    header = ("# cande benchmark results\n\n"
              "Written by `Benchmarks/run SIZE` (see README.md); each run replaces the section of "
              "its size.\n\n")
    write_section(results_path, size, "\n".join(md) + "\n", header)
    return fails


def render_team(rows_path, info_path, results_path, smoke):
    """Benchmarks/team: the team-store rows, one section per size in TEAM-RESULTS.md."""
    info = json.load(open(info_path))
    rows = read_rows(rows_path)
    table_md, plain, fails = table(rows, smoke)
    print_plain(plain)
    size = info["size"]
    md = ["<!-- size:%s -->" % size,
          "## `Benchmarks/team %s` — %s" % (info["arg"], info["date"]),
          "",
          info["corpus"],
          "",
          "Machine: %s cores (nproc), %s, %s RAM, %s. cande %s (%s), built with `%s`. Server: %s "
          "(a throwaway cluster of `scripts/pg-test-server` on this machine's disk, unix socket, %s). "
          "Peers: %s, %s. hyperfine %s."
          % (info["nproc"], info["cpu"], info["mem"], info["kernel"], info["commit"], info["binary"],
             info["build"], info["server"], info["server_settings"], info["psql"], info["python"],
             info["hyperfine"]),
          "",
          "Ratio = ours / peer, medians from the same run (row 3: commits/s, higher is better; row 4 "
          "is held to an absolute budget). Result is judged against the *must* budget%s."
          % (" (smoke run: nothing enforced)" if smoke else ""),
          ""] + table_md + ["", "Notes:", ""] + ["- " + n for n in info["notes"]] + [
          "", "Exact commands, run from the repository root. Environment: `%s`." % info["env"],
          "", "```"] + info["commands"] + ["```", "<!-- /size:%s -->" % size]
    header = ("# cande team-store benchmark results\n\n"
              "Written by `Benchmarks/team SIZE` (see README.md); each run replaces the section of "
              "its size.\n\n")
    write_section(results_path, size, "\n".join(md) + "\n", header)
    return fails


def main(argv):
    if len(argv) >= 3 and argv[1] == "medians":
        for r in json.load(open(argv[2]))["results"]:
            print(repr(r["median"]))
    elif len(argv) >= 3 and argv[1] == "median":
        print(statistics.median(float(x) for x in argv[2:]))
    elif len(argv) >= 5 and argv[1] in ("render", "render-team"):
        fn = render if argv[1] == "render" else render_team
        fails = fn(argv[2], argv[3], argv[4], "--smoke" in argv)
        print(fails, file=open(argv[2] + ".fails", "w"))
    elif len(argv) >= 3 and argv[1] == "pct":
        xs = [float(x) for x in argv[3:]]
        print(pct(xs, float(argv[2])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
