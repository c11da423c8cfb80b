#!/usr/bin/env python3
"""Power-loss replayer: rebuilds a store directory as of every crash point of a recorded run
(recorder.c's log) under several loss models, opens each distinct state with cande and checks
it: it opens writable, every change acknowledged before the crash is there, and nothing of a
forgotten candidate is in any file once the `forget` was acknowledged.

Usage: replay.py MANIFEST.json; prints one JSON document (the figures and every failure).

The file-system model (strict POSIX, as on ext4 without assumptions about ordering):
- file data is durable once the file was fsynced after it was written (fsync/fdatasync);
- a directory entry (create, rename, unlink) is durable once the directory was fsynced after
  it; the store directory itself once its parent was fsynced after the mkdir;
- sync/syncfs makes everything durable.

Loss models, for every crash point k (the moment after the k-th event of the log; k = 0 is
before the first); "(a)", "(b)", "(c)" name them in the report:
  (a) only fsynced data and durable directory entries survive;
  (b) any unsynced pages: like (a), plus a subset of the 4 KiB pages that were written but not
      fsynced: none, all, each page alone, all but each page, and 8 random subsets (fixed
      seed); a page not kept reads as its durable bytes, and as zeros where nothing of it was
      durable; the file's size is either its durable size or its written size;
      unsynced pages in order: the first n unsynced pages of one file kept and its size grown
      to the end of the n-th (how ext4 writes back in order);
      each of these with the durable directory and with every directory change kept;
  (c) directory changes in order: the first n directory changes not yet durable kept (creates,
      renames, unlinks, in their order); out of order: each one alone kept, each one alone
      undone; each with only fsynced data and with all written data.
A state is counted once per crash point (duplicates among the models of a point are dropped)
and opened once overall (states are cached by content).
"""

import concurrent.futures
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import threading

PAGE = 4096


class Event:
    __slots__ = ("op", "pid", "args", "data")

    def __init__(self, op, pid, args, data):
        self.op, self.pid, self.args, self.data = op, pid, args, data

    def describe(self, tags):
        who = tags.get(self.pid, str(self.pid))
        names = {
            "H": "start", "M": "mkdir store", "O": "open", "Z": "truncate at open", "W": "write",
            "T": "ftruncate", "S": "fsync", "D": "fsync store dir", "P": "fsync parent dir",
            "A": "sync", "R": "rename", "U": "unlink", "X": "stdout",
        }
        text = f"{who}: {names.get(self.op, self.op)}"
        if self.op == "O":
            text += f" {self.args[2]}" + (" (created)" if self.args[1] == "1" else "")
        elif self.op == "W":
            text += f" {len(self.data)} bytes at {self.args[1]} of inode {self.args[0]}"
        elif self.op == "X":
            text += " " + self.data.decode("utf-8", "replace").strip()[:80]
        elif self.op in ("R", "U", "T", "S"):
            text += " " + " ".join(self.args)
        return text


def read_log(path):
    """The recorder's events, in the order they happened."""
    events = []
    with open(path, "rb") as f:
        raw = f.read()
    at = 0
    while at < len(raw):
        end = raw.index(b"\n", at)
        fields = raw[at:end].decode().split(" ")
        at = end + 1
        op, pid, args = fields[0], int(fields[1]), fields[2:]
        data = None
        if op in ("W", "X"):
            count = int(args[-1])
            data = raw[at:at + count]
            at += count + 1
        events.append(Event(op, pid, args, data))
    return events


class Model:
    """What the kernel has (written) and what a power loss keeps (durable)."""

    def __init__(self, root_exists):
        self.written = {}  # file id -> bytearray
        self.durable = {}  # file id -> bytes
        self.names = {}  # file id -> latest name (for labels)
        self.inode = {}  # inode -> file id (an inode number can be reused by a new file)
        self.directory = {}  # name -> file id, as the kernel has it
        self.durable_directory = {}
        self.pending = []  # directory changes since the last directory fsync, in order
        self.root = root_exists
        self.durable_root = root_exists
        self.next_id = 0

    def apply(self, e):
        """Applies one event; returns True if it changed what a crash could leave."""
        if e.op == "M":
            self.root = True
        elif e.op == "O":
            inode, created, name = e.args[0], e.args[1] == "1", e.args[2]
            if created:
                fid = self.next_id
                self.next_id += 1
                self.inode[inode] = fid
                self.written[fid] = bytearray()
                self.durable[fid] = b""
                self.directory[name] = fid
                self.pending.append(("create", name, fid))
            elif inode not in self.inode:
                raise SystemExit(f"open of {name}: inode {inode} was never created in the recording")
            self.names[self.inode[inode]] = name
            return created
        elif e.op == "Z":
            self.written[self.inode[e.args[0]]] = bytearray()
        elif e.op == "W":
            content = self.written[self.inode[e.args[0]]]
            offset = int(e.args[1])
            if len(content) < offset:
                content.extend(bytes(offset - len(content)))
            content[offset:offset + len(e.data)] = e.data
        elif e.op == "T":
            content = self.written[self.inode[e.args[0]]]
            length = int(e.args[1])
            if len(content) > length:
                del content[length:]
            else:
                content.extend(bytes(length - len(content)))
        elif e.op == "S":
            fid = self.inode[e.args[0]]
            self.durable[fid] = bytes(self.written[fid])
        elif e.op == "D":
            self.durable_directory = dict(self.directory)
            self.pending = []
        elif e.op == "P":
            self.durable_root = self.root
        elif e.op == "A":
            for fid in self.written:
                self.durable[fid] = bytes(self.written[fid])
            self.durable_directory = dict(self.directory)
            self.pending = []
            self.durable_root = self.root
        elif e.op == "R":
            source, target = e.args
            fid = self.directory.pop(source)
            self.directory[target] = fid
            self.names[fid] = target
            self.pending.append(("rename", source, target, fid))
        elif e.op == "U":
            fid = self.directory.pop(e.args[0])
            self.pending.append(("unlink", e.args[0], fid))
        else:
            return False
        return True

    # MARK: crash states

    def unsynced_pages(self, fids):
        pages = []
        for fid in sorted(fids):
            w, d = self.written[fid], self.durable[fid]
            for p in range((max(len(w), len(d)) + PAGE - 1) // PAGE):
                a, b = w[p * PAGE:(p + 1) * PAGE], d[p * PAGE:(p + 1) * PAGE]
                if a != b:
                    pages.append((fid, p))
        return pages

    def content(self, fid, kept, size):
        """The file after a power loss: durable bytes, plus the kept pages as written; `size` is
        "written", "durable" or a length."""
        w, d = self.written[fid], self.durable[fid]
        length = len(w) if size == "written" else len(d) if size == "durable" else size
        out = bytearray(d[:length])
        out.extend(bytes(length - len(out)))
        for p in kept.get(fid, ()):
            start = p * PAGE
            if start >= length:
                continue
            stop = min(length, start + PAGE)
            piece = bytes(w[start:stop])
            out[start:start + len(piece)] = piece.ljust(stop - start, b"\0")
        return bytes(out)

    @staticmethod
    def replay_directory(base, ops):
        entries = dict(base)
        for op in ops:
            if op[0] == "create":
                entries[op[1]] = op[2]
            elif op[0] == "rename":
                if entries.get(op[1]) == op[3]:
                    del entries[op[1]]
                entries[op[2]] = op[3]
            elif op[0] == "unlink":
                if entries.get(op[1]) == op[2]:
                    del entries[op[1]]
        return entries

    def describe_op(self, op):
        if op[0] == "rename":
            return f"rename {op[1]}→{op[2]}"
        return f"{op[0]} {op[1]}"

    def variants(self, rng):
        """(model, label, root exists, {name: bytes}) for every sampled crash state of this moment."""
        out = []
        directories = [("durable directory", self.durable_root, self.durable_directory)]
        if self.pending or self.root != self.durable_root:
            directories.append(("every directory change kept", self.root, self.directory))
        for dlabel, root, entries in directories:
            for model, label, kept, size in self.data_choices(set(entries.values()), rng):
                files = {name: self.content(fid, kept, size.get(fid, "durable") if isinstance(size, dict) else size)
                         for name, fid in entries.items()} if root else None
                out.append((model, f"{label}; {dlabel}", root, files))
        # (c) directory changes not yet durable, partly kept: in their order, and out of it.
        ops = self.pending
        partial = [("(c) directory changes in order", f"first {n} of {len(ops)} directory changes kept", ops[:n])
                   for n in range(1, len(ops))]
        if len(ops) > 1:
            for k, op in enumerate(ops):
                partial.append(("(c) directory changes out of order", f"only '{self.describe_op(op)}' kept", [op]))
                partial.append(("(c) directory changes out of order", f"only '{self.describe_op(op)}' undone",
                                ops[:k] + ops[k + 1:]))
        for model, label, chosen in partial:
            entries = self.replay_directory(self.durable_directory, chosen)
            everything = {fid: [p for _, p in self.unsynced_pages({fid})] for fid in set(entries.values())}
            for data, kept, size in (("only fsynced data", {}, "durable"), ("all written data", everything, "written")):
                files = {name: self.content(fid, kept, size) for name, fid in entries.items()} if self.root else None
                out.append((model, f"{label}, {data}", self.root, files))
        return out

    def data_choices(self, fids, rng):
        """(model, label, kept pages by file, size) for the files `fids`: model (a), then (b)."""
        choices = [("(a) only fsynced data", "only fsynced data", {}, "durable")]
        pages = self.unsynced_pages(fids)
        if not pages:
            return choices

        def by_file(subset):
            kept = {}
            for fid, p in subset:
                kept.setdefault(fid, []).append(p)
            return kept

        subsets = [("all unsynced pages kept", pages), ("no unsynced page kept", [])]
        subsets += [(f"only {self.page_name(q)} kept", [q]) for q in pages]
        if len(pages) > 1:
            subsets += [(f"all but {self.page_name(q)} kept", [x for x in pages if x != q]) for q in pages]
        for n in range(8):
            chosen = [q for q in pages if rng.random() < 0.5]
            subsets.append((f"random subset {n + 1} kept ({', '.join(map(self.page_name, chosen)) or 'none'})",
                            chosen))
        for size in ("written", "durable"):
            for label, subset in subsets:
                choices.append(("(b) any unsynced pages", f"{label}, {size} size", by_file(subset), size))
        # Pages written back in file order, the size growing with them (what ext4 does).
        for fid in sorted({fid for fid, _ in pages}):
            mine = [p for f, p in pages if f == fid]
            for j, p in enumerate(mine):
                size = min(len(self.written[fid]), (p + 1) * PAGE)
                choices.append(("(b) unsynced pages in order",
                                f"{self.page_name((fid, mine[0]))}–{p} kept, size {size}", {fid: mine[:j + 1]},
                                {fid: size}))
        return choices

    def page_name(self, page):
        fid, p = page
        return f"{self.names.get(fid, fid)} page {p}"


def fingerprint(root, files):
    h = hashlib.sha256()
    if not root:
        return "no-store-directory"
    for name in sorted(files):
        h.update(name.encode() + b"\0" + str(len(files[name])).encode() + b"\0" + files[name])
    return h.hexdigest()


def secrets_in(files, secrets):
    found = []
    for name, data in (files or {}).items():
        lower = data.lower()
        for s in secrets:
            if s.lower().encode() in lower:
                found.append(f"{name}: {s}")
    return found


class Checker:
    """Opens crash states with cande, each distinct one once, two at a time."""

    def __init__(self, manifest):
        self.cande = manifest["cande"]
        self.env = manifest["env"]
        self.work = manifest["work"]
        self.verdicts = {}
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(manifest.get("workers", 2) * 2)
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=manifest.get("workers", 2))
        self.futures = []
        self.count = 0

    def submit(self, key, root, files, secrets):
        with self.lock:
            if key in self.verdicts:
                return
            self.verdicts[key] = None
            self.count += 1
            number = self.count
        found = secrets_in(files, secrets)
        self.slots.acquire()
        self.futures.append(self.pool.submit(self.check, key, number, root, files, found))

    def check(self, key, number, root, files, found):
        try:
            place = os.path.join(self.work, f"state-{number}")
            store = os.path.join(place, "store")
            os.makedirs(place, mode=0o700)
            if root:
                os.mkdir(store, 0o700)
                for name, data in files.items():
                    fd = os.open(os.path.join(store, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    os.write(fd, data)
                    os.close(fd)
            run = subprocess.run(
                [self.cande, "--store", store, "--json", "-c", "export json", "-c", "add Probe handle:zz-probe"],
                env=self.env, capture_output=True, timeout=60)
            lines = run.stdout.decode("utf-8", "replace").split("\n")
            notes, handles = [], set()
            try:
                export = json.loads(lines[0])
                handles = {c["handle"] for c in export.get("candidates", [])}
                notes = [e.get("text") or "" for e in export.get("entries", []) if e.get("kind") == "note"]
            except (ValueError, IndexError, AttributeError):
                export = None
            probe = len(lines) > 1 and '"ok":true' in lines[1]
            verdict = {
                "writable": run.returncode == 0 and export is not None and probe,
                "status": run.returncode,
                "stderr": run.stderr.decode("utf-8", "replace").strip(),
                "handles": handles,
                "markers": {n.split(" ", 1)[0] for n in notes},
                "secrets": found,
            }
            shutil.rmtree(place, ignore_errors=True)
        except Exception as error:  # a checker failure is a failure, not a crash of the replay
            verdict = {"writable": False, "status": -1, "stderr": f"checker: {error}", "handles": set(),
                       "markers": set(), "secrets": found}
        finally:
            self.slots.release()
        with self.lock:
            self.verdicts[key] = verdict

    def wait(self):
        for f in self.futures:
            f.result()
        self.futures = []


def replay(workload, checker, seed):
    events = read_log(workload["log"])
    processes = workload["processes"]
    secrets = [s for p in processes.values() for x in p if x["kind"] == "forget" for s in x["secrets"]]
    model = Model(workload.get("rootExists", False))
    tags, buffers, counts = {}, {}, {}
    acked = []  # expectations acknowledged so far, in order
    points = []  # (k, acked count, [(label, key)])
    rng = random.Random(seed)
    states = None
    for k in range(len(events) + 1):
        if k > 0:
            e = events[k - 1]
            if e.op == "H":
                tags[e.pid] = e.args[0]
            elif e.op == "X":
                buffers[e.pid] = buffers.get(e.pid, b"") + e.data
                while b"\n" in buffers[e.pid]:
                    line, buffers[e.pid] = buffers[e.pid].split(b"\n", 1)
                    tag = tags.get(e.pid, "?")
                    index = counts.get(tag, 0)
                    counts[tag] = index + 1
                    expected = processes.get(tag, [])
                    if index >= len(expected):
                        raise SystemExit(f"{workload['name']}: {tag} printed line {index + 1}, only "
                                         f"{len(expected)} expected: {line[:200]!r}")
                    acked.append(expected[index])
            if model.apply(e):
                states = None
        if states is None:
            seen = {}
            for model_name, label, root, files in model.variants(rng):
                key = fingerprint(root, files) + "|" + "|".join(secrets)
                if key not in seen:
                    seen[key] = (model_name, label)
                    checker.submit(key, root, files, secrets)
            states = [(m, label, key) for key, (m, label) in seen.items()]
        points.append((k, len(acked), set(tags.values()), states))
    checker.wait()
    return evaluate(workload, events, tags, acked, points, checker)


def evaluate(workload, events, tags, acked, points, checker):
    figures = {"name": workload["name"], "events": len(events), "crashPoints": len(points), "crashStates": 0,
               "distinctStates": len({key for *_, s in points for *_, key in s}), "acknowledged": len(acked),
               "acknowledgedChecked": 0,
               "lost": 0, "readOnly": 0, "forgottenFound": 0, "models": {}, "failures": []}
    for k, count, started, states in points:
        done = acked[:count]
        # Once a forget has begun, the candidate may be gone; once it is acknowledged, it must be.
        forgotten = {x["handle"] for tag in started for x in workload["processes"].get(tag, []) if x["kind"] == "forget"}
        changes = [x for x in done if x["kind"] in ("add", "note", "forget")]
        for model_name, label, key in states:
            v = checker.verdicts[key]
            figures["crashStates"] += 1
            figures["models"][model_name] = figures["models"].get(model_name, 0) + 1
            figures["acknowledgedChecked"] += len(changes)
            problems = []
            if not v["writable"]:
                figures["readOnly"] += 1
                problems.append(("does not open writable", f"cande exited {v['status']}: {v['stderr'][:400]}"))
            missing = []
            for x in changes:
                if x["kind"] == "add" and x["handle"] not in forgotten and x["handle"] not in v["handles"]:
                    missing.append(f"candidate {x['handle']}")
                elif x["kind"] == "note" and x["handle"] not in forgotten and x["marker"] not in v["markers"]:
                    missing.append(f"note {x['marker']}")
                elif x["kind"] == "forget" and v["writable"] and x["handle"] in v["handles"]:
                    missing.append(f"forget {x['handle']} (the candidate is back)")
            if missing:
                figures["lost"] += len(missing)
                problems.append(("acknowledged change lost", f"{len(missing)} missing: {', '.join(missing[:6])}"))
            if any(x["kind"] == "forget" for x in done) and v["secrets"]:
                figures["forgottenFound"] += 1
                problems.append(("forgotten data found", "; ".join(v["secrets"][:6])))
            for kind, detail in problems:
                figures["failures"].append({
                    "kind": kind, "point": k, "of": len(events), "model": model_name, "state": label,
                    "detail": detail,
                    "after": events[k - 1].describe(tags) if k > 0 else "(nothing yet)",
                    "next": events[k].describe(tags) if k < len(events) else "(the end)",
                })
    return figures


def main():
    with open(sys.argv[1]) as f:
        manifest = json.load(f)
    checker = Checker(manifest)
    results = []
    for n, workload in enumerate(manifest["workloads"]):
        results.append(replay(workload, checker, seed=1000 + n))
    checker.pool.shutdown()
    print(json.dumps({"workloads": results, "storesOpened": checker.count}))


if __name__ == "__main__":
    main()
