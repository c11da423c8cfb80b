#!/usr/bin/env python3
"""Deterministic corpus generator for the cande benchmarks (Python 3 stdlib only).

    gen.py SIZE OUTDIR [--seed N]

SIZE is smoke, S, M or L (see SIZES). For the same size and seed it writes the same data,
byte for byte, in five forms into OUTDIR:

    SIZE.cande            cande commands, one per line: every `add`, then every `log … at:…`
    SIZE.sql              the same data for sqlite3: schema, index on message(handle), and
                          every insert inside one BEGIN/COMMIT
    SIZE.json             the same data as one JSON document {"candidates": [...], "messages": [...]}
    SIZE.messages.jsonl   the messages alone, one JSON object per line (for the grep peer)
    meta.json             counts, the rare word and how many messages contain it, seed, ...

Message texts are random sentences of ordinary recruiting-chat words. RARE_WORD appears in
0.2 % of the messages (at least 2) (and nowhere else: not in names, handles or emails).
FIND_WORD appears in exactly FIND_HITS messages of every size (all of them if there are fewer),
and nowhere else: the word of `find`'s one-shot row, printed by both sides. It is planted with
an RNG of its own, so every other byte of the corpus is what it was before it existed. Timestamps
are spread over the months before CANDE_NOW; messages come in time order, so each
candidate's messages are in order too, except about 1 % that are logged late (their at: is
earlier than the message before them).

The files are written into OUTDIR/.tmp-SIZE first and renamed into place at the end, so an
interrupted run never leaves a half corpus that looks complete.
"""

import json
import os
import random
import shutil
import sys
import time

SIZES = {
    # name: (candidates, messages)
    "smoke": (50, 500),
    "S": (1_000, 10_000),
    "M": (10_000, 100_000),
    "L": (10_000, 1_000_000),
}
DEFAULT_SEED = 20261201
RARE_WORD = "quokka"
RARE_RATE = 0.002
FIND_WORD = "axolotl"
FIND_HITS = 100
LATE_RATE = 0.01
CANDE_NOW = "2026-12-01T09:00:00Z"
# Messages fall between START (inclusive) and END (exclusive), both before CANDE_NOW.
START = "2026-05-01T00:00:00Z"
END = "2026-12-01T00:00:00Z"

SOURCES = ["career-site", "partner-listing", "search-listing", "social-media", "referral", "other"]
STAGES = [
    "applied", "acknowledged", "phone-screen", "assessment", "video-interview",
    "background-screen", "live-interview", "negotiation", "reference-check", "offer", "onboarding",
]
VIAS = ["email", "phone", "sms", "video", "in-person", "chat", "social", "other"]
VIA_WEIGHTS = [40, 15, 10, 8, 3, 15, 5, 4]
OWNERS = ["rita", "maria", "tom", "li", "samir", "jo", "kim", "ana"]
ROLES = [
    "Backend Engineer", "Frontend Engineer", "Data Analyst", "Data Engineer", "Product Manager",
    "Designer", "QA Engineer", "Site Reliability Engineer", "Engineering Manager",
    "Mobile Developer", "Security Engineer", "Technical Writer", "Support Engineer",
    "Sales Engineer", "Recruiter", "Accountant",
]
FIRST = (
    "Ada Alan Grace Linus Margaret Dennis Barbara Ken Frances Edsger Radia Donald Katherine "
    "John Hedy Tim Shafi Leslie Niklaus Sophie Bjarne Adele Guido Anita Yukihiro Karen James "
    "Lynn Brian Carol Ivan Mary Rob Jean Chris Joan Peter Susan Paul Elena Omar Fatima Kofi "
    "Aisha Lars Ingrid Mateo Lucia Hiro Mei Ravi Priya Noah Emma Liam Olivia Yusuf Zara"
).split()
LAST = (
    "Lovelace Turing Hopper Torvalds Hamilton Ritchie Liskov Thompson Allen Dijkstra Perlman "
    "Knuth Johnson Backus Lamarr Berners-Lee Goldwasser Lamport Wirth Wilson Stroustrup "
    "Goldberg Rossum Borg Matsumoto Jones Gosling Conway Kernighan Shaw Sutherland Kelly Pike "
    "Sammet Date Clarke Norvig Dumais Graham Petrova Haddad Mansour Mensah Bello Nilsson "
    "Berg Garcia Romero Tanaka Chen Patel Sharma Meyer Schulz Okafor Novak Rossi Silva"
).split()
# Ordinary words of recruiting chat. None contains RARE_WORD or FIND_WORD.
WORDS = (
    "hi hello thanks thank you for the a an and or but so if when then just also really very "
    "quick short long call meeting interview chat talk discuss review feedback offer role "
    "position team manager lead engineer developer project product company office remote "
    "hybrid onsite schedule reschedule available availability tomorrow today next week "
    "monday tuesday wednesday thursday friday morning afternoon evening time slot works "
    "confirm confirmed invite link calendar zoom video phone email send sent attached resume "
    "cv portfolio references salary range expectations benefits notice period start date "
    "contract full part relocation visa sponsorship location city travel budget approve "
    "approved decision pending update news status stage process step round technical "
    "assessment test task coding homework exercise deadline submit submitted received great "
    "good nice happy glad excited interested curious question questions answer answers help "
    "please let me know sure of course absolutely perfect sounds fine okay unfortunately "
    "sorry delay delayed busy traveling sick holiday vacation back soon shortly later earlier "
    "still already yet again we our us your my i it is are was were be been have has had "
    "will would could should can may might need want like love prefer think hope expect "
    "looking forward meet speak hear share prepare ready final first second third other "
    "more less about with from into at on in to by of as up out over after before during "
    "this that these those there here what which who how why where all some any each every "
    "new old current previous experience background skills stack python swift java go rust "
    "kubernetes cloud data database backend frontend mobile design security testing "
    "leadership growth career opportunity mission culture values hiring recruiter panel "
    "colleagues director ceo cto founder startup scale office berlin london remote-first "
    "equity bonus vacation-days laptop equipment onboarding paperwork signed contract-draft "
    "offer-letter negotiation counteroffer competing timeline weeks days hours minutes "
    "parking lunch coffee building reception address directions map agenda slides demo "
    "whiteboard pairing system architecture scaling reliability incident oncall metrics "
    "customers users mobile-app api service services deploy release quality process agile "
    "sprint planning roadmap priorities ownership autonomy mentoring learning conference "
    "budget-approval headcount req job-posting listing referral bonus network linkedin "
    "don't can't won't I'm we're you're it's that's let's there's I'll we'll you'll"
).split()
END_PUNCT = [".", ".", ".", "!", "?", "?"]
OPENERS = ["Hi,", "Hello,", "Thanks!", "Quick update:", "Sorry for the delay.", "Good news:",
           "Hi again,", "Thank you,", "Just checking in.", "Hey,"]


def iso_epoch(s):
    return int(time.mktime(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))) - time.timezone


def iso(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def cande_quote(s):
    return '"' + s + '"' if " " in s else s


def main(argv):
    if len(argv) < 3 or argv[1] not in SIZES:
        sys.exit("usage: gen.py {%s} OUTDIR [--seed N]" % "|".join(SIZES))
    size, outdir = argv[1], argv[2]
    seed = DEFAULT_SEED
    if "--seed" in argv:
        seed = int(argv[argv.index("--seed") + 1])
    n_cand, n_msg = SIZES[size]
    rng = random.Random("%s/%d" % (size, seed))
    t0 = time.time()

    tmp = os.path.join(outdir, ".tmp-" + size)
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    path = {k: os.path.join(tmp, size + ext) for k, ext in
            [("cande", ".cande"), ("sql", ".sql"), ("json", ".json"), ("jsonl", ".messages.jsonl")]}
    f_cande = open(path["cande"], "w", encoding="utf-8", newline="\n")
    f_sql = open(path["sql"], "w", encoding="utf-8", newline="\n")
    f_json = open(path["json"], "w", encoding="utf-8", newline="\n")
    f_jsonl = open(path["jsonl"], "w", encoding="utf-8", newline="\n")
    enc = json.encoder.encode_basestring_ascii  # the C fast path of json.dumps for a str

    # --- schema -----------------------------------------------------------------------------
    f_sql.write(
        "PRAGMA journal_mode=DELETE;\n"
        "BEGIN;\n"
        "CREATE TABLE candidate(handle TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT, role TEXT,\n"
        "  source TEXT, owner TEXT, stage TEXT NOT NULL);\n"
        "CREATE TABLE message(id INTEGER PRIMARY KEY, handle TEXT NOT NULL REFERENCES candidate(handle),\n"
        "  at TEXT NOT NULL, dir TEXT NOT NULL, via TEXT NOT NULL, text TEXT NOT NULL);\n"
        "CREATE TABLE note(id INTEGER PRIMARY KEY, handle TEXT NOT NULL REFERENCES candidate(handle),\n"
        "  at TEXT NOT NULL, text TEXT NOT NULL);\n"
        "CREATE INDEX message_handle ON message(handle);\n"
    )
    f_json.write('{"now":%s,"seed":%d,"candidates":[\n' % (enc(CANDE_NOW), seed))

    # --- candidates ---------------------------------------------------------------------------
    handles = []
    buf_c, buf_s, buf_j = [], [], []
    for i in range(1, n_cand + 1):
        h = "cand%d" % i
        handles.append(h)
        name = "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
        email = "%s@example.org" % h
        role = rng.choice(ROLES)
        source = rng.choice(SOURCES)
        owner = rng.choice(OWNERS)
        stage = rng.choice(STAGES)
        buf_c.append('add "%s" handle:%s email:%s role:%s source:%s owner:%s stage:%s\n'
                     % (name, h, email, cande_quote(role), source, owner, stage))
        buf_s.append("INSERT INTO candidate(handle,name,email,role,source,owner,stage) "
                     "VALUES(%s,%s,%s,%s,%s,%s,%s);\n"
                     % tuple(sql_str(x) for x in (h, name, email, role, source, owner, stage)))
        buf_j.append('%s{"handle":%s,"name":%s,"email":%s,"role":%s,"source":%s,"owner":%s,"stage":%s}'
                     % ("" if i == 1 else ",\n", enc(h), enc(name), enc(email), enc(role),
                        enc(source), enc(owner), enc(stage)))
    f_cande.write("".join(buf_c))
    f_sql.write("".join(buf_s))
    f_json.write("".join(buf_j))
    f_json.write('\n],"messages":[\n')

    # --- messages -----------------------------------------------------------------------------
    start, end = iso_epoch(START), iso_epoch(END)
    assert end <= iso_epoch(CANDE_NOW)
    stamps = sorted(rng.randrange(start, end) for _ in range(n_msg))
    day_str = [time.strftime("%Y-%m-%dT", time.gmtime(start + d * 86400))
               for d in range((end - start) // 86400 + 2)]
    hms = ["%02d:%02d:" % (s // 60, s % 60) for s in range(24 * 60)]  # minute of day -> "HH:MM:"

    def stamp(t):
        d, s = divmod(t - start, 86400)
        return "%s%s%02dZ" % (day_str[d], hms[s // 60], s % 60)

    choice, choices, rand, randint = rng.choice, rng.choices, rng.random, rng.randint
    dirs = ["in", "out"]
    vias = choices(VIAS, weights=VIA_WEIGHTS, k=n_msg)
    n_rare = max(2, round(n_msg * RARE_RATE))
    rare_at = set(rng.sample(range(n_msg), n_rare))
    rare_hits = 0
    # FIND_WORD: its own RNG, so that planting it draws nothing from rng.
    frng = random.Random("%s/%d/%s" % (size, seed, FIND_WORD))
    find_at = set(frng.sample(range(n_msg), min(FIND_HITS, n_msg)))
    find_hits = 0
    late = 0
    per_handle = {}
    first = True
    CHUNK = 20_000
    buf_c, buf_s, buf_j, buf_l = [], [], [], []
    for k in range(n_msg):
        h = handles[randint(0, n_cand - 1)] if k >= n_cand else handles[k % n_cand]
        t = stamps[k]
        if rand() < LATE_RATE:  # logged late: earlier than the message before it
            t = max(start, t - randint(3600, 7 * 86400))
            late += 1
        at = stamp(t)
        d = dirs[randint(0, 1)]
        via = vias[k]
        parts = []
        if rand() < 0.3:
            parts.append(choice(OPENERS))
        for _ in range(randint(1, 3)):
            ws = choices(WORDS, k=randint(4, 11))
            ws[0] = ws[0].capitalize()
            parts.append(" ".join(ws) + choice(END_PUNCT))
        if k in rare_at:
            ws = parts[-1].split(" ")
            ws.insert(randint(1, len(ws)), RARE_WORD)
            parts[-1] = " ".join(ws)
            rare_hits += 1
        if k in find_at:
            ws = parts[0].split(" ")
            ws.insert(frng.randint(1, len(ws)), FIND_WORD)
            parts[0] = " ".join(ws)
            find_hits += 1
        text = " ".join(parts)
        per_handle[h] = per_handle.get(h, 0) + 1
        buf_c.append("log %s %s via:%s at:%s %s\n" % (h, d, via, at, text))
        buf_s.append("INSERT INTO message(handle,at,dir,via,text) VALUES('%s','%s','%s','%s',%s);\n"
                     % (h, at, d, via, sql_str(text)))
        obj = '{"handle":"%s","at":"%s","dir":"%s","via":"%s","text":%s}' % (h, at, d, via, enc(text))
        buf_l.append(obj + "\n")
        buf_j.append(obj if first else ",\n" + obj)
        first = False
        if len(buf_c) >= CHUNK:
            f_cande.write("".join(buf_c))
            f_sql.write("".join(buf_s))
            f_json.write("".join(buf_j))
            f_jsonl.write("".join(buf_l))
            buf_c, buf_s, buf_j, buf_l = [], [], [], []
    f_cande.write("".join(buf_c))
    f_sql.write("".join(buf_s))
    f_json.write("".join(buf_j))
    f_jsonl.write("".join(buf_l))
    f_sql.write("COMMIT;\n")
    f_json.write("\n]}\n")
    for f in (f_cande, f_sql, f_json, f_jsonl):
        f.close()

    meta = {
        "size": size, "seed": seed, "candidates": n_cand, "messages": n_msg,
        "rare_word": RARE_WORD, "rare_messages": rare_hits,
        "find_word": FIND_WORD, "find_messages": find_hits, "late_messages": late,
        "cand42_messages": per_handle.get("cand42", 0), "now": CANDE_NOW,
        "bytes": {k: os.path.getsize(p) for k, p in path.items()},
    }
    with open(os.path.join(tmp, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    final = os.path.join(outdir, size)
    shutil.rmtree(final, ignore_errors=True)
    os.rename(tmp, final)
    print("gen.py: %s: %d candidates, %d messages (%d with %r, %d with %r), %.1f MB of JSON in %.1fs -> %s"
          % (size, n_cand, n_msg, rare_hits, RARE_WORD, find_hits, FIND_WORD, meta["bytes"]["json"] / 1e6,
             time.time() - t0, final), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
