#!/usr/bin/env python3
"""Small helpers for Benchmarks/run (Python 3 stdlib only).

    tools.py medians HYPERFINE.json        median seconds of each command, one per line
    tools.py median N...                   median of the numbers given
    tools.py render ROWS.tsv INFO.json RESULTS.md [--smoke]
                                           print the results table, write RESULTS.md

ROWS.tsv has one row per benchmark pair, tab-separated:
    id title kind ours peer must aim status note
kind is `time` (seconds), `per` (seconds per command) or `rss` (ours KiB, peer KiB);
status is `ok`, `missing` (the cande command does not exist yet) or `error`.

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


def num(s):
    return None if s in ("", "-", "nan") else float(s)


def render(rows_path, info_path, results_path, smoke):
    info = json.load(open(info_path))
    rows = []
    for line in open(rows_path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            continue
        rid, title, kind, ours, peer, must, aim, status, note = (line.split("\t") + [""] * 9)[:9]
        rows.append(dict(id=rid, title=title, kind=kind, ours=num(ours), peer=num(peer),
                         must=float(must), aim=float(aim), status=status, note=note))

    fails = 0
    table = ["| # | what | ours (median) | peer (median) | ratio | budget must / aim | result |",
             "|---|---|---:|---:|---:|---|---|"]
    plain = []
    for r in rows:
        f = fmt_kib if r["kind"] == "rss" else fmt_time
        ours, peer = f(r["ours"]), f(r["peer"])
        if r["kind"] == "per" and r["ours"] is not None:
            ours += " per cmd"
        ratio = "—"
        if r["status"] == "missing":
            result = "n/a (command missing)"
            ours = "n/a"
        elif r["status"] == "error":
            result = "ERROR (cande failed)"
        elif r["ours"] is None or r["peer"] in (None, 0):
            result = "n/a"
        else:
            q = r["ours"] / r["peer"]
            ratio = "%.2f" % q
            if r["status"] == "info":
                result = "shown (budget set for L)"
            elif q <= r["must"]:
                result = "pass" + (" (aim met)" if q <= r["aim"] else " (aim missed)")
            else:
                result = "FAIL"
                fails += 1
            if r["kind"] == "per" and r["ours"] <= 0:
                result += ", within noise"
        if smoke and result.startswith(("pass", "FAIL")):
            result += " [smoke: not enforced]"
        budget = "≤ %g / ≤ %g" % (r["must"], r["aim"])
        title = r["title"] + (" — " + r["note"] if r["note"] else "")
        table.append("| %s | %s | %s | %s | %s | %s | %s |"
                     % (r["id"], title, ours, peer, ratio, budget, result))
        plain.append((r["id"], r["title"], ours, peer, ratio, budget, result))

    # Plain table for the terminal.
    head = ("#", "what", "ours", "peer", "ratio", "must/aim", "result")
    widths = [max(len(str(x[i])) for x in [head] + plain) for i in range(len(head))]
    out = []
    for x in [head] + plain:
        out.append("  ".join(str(v).ljust(widths[i]) for i, v in enumerate(x)).rstrip())
    print("\n".join(out))

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
          ""] + table + ["", "Notes:", ""] + ["- " + n for n in info["notes"]] + [
          "", "Exact commands, run from the repository root (row 2 through `sh -c`, whose own start-up "
          "hyperfine subtracts; the others without a shell, `hyperfine -N`; a session script is "
          "given as a file argument; every command's output goes through a pipe, "
          "`--output=pipe`). Environment: `%s`." % info["env"], "", "```"] + info["commands"] + ["```",
          "<!-- /size:%s -->" % size]
    section = "\n".join(md) + "\n"

    try:
        old = open(results_path, encoding="utf-8").read()
    except FileNotFoundError:
        old = ""
    header = ("# cande benchmark results\n\n"
              "Written by `Benchmarks/run SIZE` (see README.md); each run replaces the section of "
              "its size.\n\n")
    pat = re.compile(r"<!-- size:%s -->.*?<!-- /size:%s -->\n?" % (size, size), re.S)
    if pat.search(old):
        new = pat.sub(lambda m: section, old)
    else:
        if not old.strip():
            old = header
        new = old.rstrip("\n") + "\n\n" + section
    # Keep the sections in the order smoke, S, M, L.
    parts = re.findall(r"<!-- size:(\w+) -->.*?<!-- /size:\1 -->\n?", new, re.S)
    blocks = {p: re.search(r"<!-- size:%s -->.*?<!-- /size:%s -->\n?" % (p, p), new, re.S).group(0)
              for p in parts}
    order = [p for p in ["smoke", "S", "M", "L"] if p in blocks] + \
            [p for p in blocks if p not in ("smoke", "S", "M", "L")]
    new = header + "\n".join(blocks[p].rstrip("\n") + "\n" for p in order)
    with open(results_path, "w", encoding="utf-8") as f:
        f.write(new)
    return fails


def main(argv):
    if len(argv) >= 3 and argv[1] == "medians":
        for r in json.load(open(argv[2]))["results"]:
            print(repr(r["median"]))
    elif len(argv) >= 3 and argv[1] == "median":
        print(statistics.median(float(x) for x in argv[2:]))
    elif len(argv) >= 5 and argv[1] == "render":
        fails = render(argv[2], argv[3], argv[4], "--smoke" in argv)
        print(fails, file=open(argv[2] + ".fails", "w"))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
