#!/usr/bin/env python3
"""Writes the commands of a realistic demo store (deterministic): a team of three recruiters and
their candidates over the eight weeks before 2026-12-01, with conversations both ways, stage
moves, talks with future colleagues, rejections with and without feedback, hires with check-ins.
Usage: scripts/demo-data.py > demo.cande   (scripts/demo builds a store from it)."""
import random
import re
import unicodedata


def slug(text):
    """The handle cande makes of a name (accents folded, lowercase, dashes)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")

random.seed(2026)
NOW_DAY = 335  # 2026-12-01 is day 335 of 2026 (0-based from Jan 1)

first = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia",
         "Tim", "Frances", "Donald", "Hedy", "John", "Sophie", "Bjarne", "Anita", "Guido", "Shafi",
         "Zoë", "Jürgen", "Ines", "Mateo", "Yuki", "Amara", "Priya", "Olu", "Noor", "Sven", "Chloé", "Rafael"]
last = ["Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson",
        "Perlman", "Berners-Lee", "Allen", "Knuth", "Lamarr", "Backus", "Wilson", "Stroustrup", "Borg",
        "van Rossum", "Goldwasser", "Müller", "Schmidhuber", "García", "Silva", "Tanaka", "Okafor", "Iyer",
        "Adeyemi", "Haddad", "Larsen", "Dubois", "Costa"]
roles = ["Backend Engineer", "Frontend Engineer", "Product Designer", "Data Scientist", "Engineering Manager"]
sources = ["career-site", "partner-listing", "search-listing", "social-media", "referral", "other"]
owners = ["rita", "sam", "noor"]
colleagues = [("Sam Lee", "peer"), ("Kim Park", "manager"), ("Alex Roy", "executive"), ("Jo Weber", "buddy"),
              ("Mia Chen", "peer")]
stages = ["acknowledged", "phone-screen", "assessment", "video-interview", "live-interview", "negotiation",
          "reference-check", "offer"]
inbound = ["Hi! Thanks for getting back to me.", "Any news on my application?",
           "Could we move the call to Thursday?", "I'm also weighing another offer, to be honest.",
           "The take-home took me longer than expected, is that OK?", "What does the team's on-call look like?",
           "Thanks for the chat today, I really enjoyed it!", "Is remote work possible two days a week?",
           "I haven't heard back in a while, is the role still open?", "Sounds great, see you then."]
outbound = ["Thanks for applying! We'll be in touch within a week.", "Happy to, Thursday 10:00 works.",
            "Good question: on-call is one week in six, paid.", "Yes, two remote days are fine for this team.",
            "We're on track and will decide by Friday.", "Thanks for your patience, here is where we are.",
            "Great talking to you, next step is a chat with the team."]
zones = ["Europe/Berlin", "America/New_York", "Europe/Lisbon", "Asia/Tokyo", None, None]


def iso(day, hour, minute=0):
    month_days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    d, m = day, 0
    while d >= month_days[m]:
        d -= month_days[m]
        m += 1
    return "2026-%02d-%02dT%02d:%02d:00Z" % (m + 1, d + 1, hour, minute)


phases = {}  # day -> commands run with CANDE_NOW at that day's 18:00


def at(day, command):
    phases.setdefault(day, []).append(command)


for i, (f, l) in enumerate(zip(first, last)):
    name = f"{f} {l}"
    role = roles[i % len(roles)]
    start = NOW_DAY - 56 + random.randrange(0, 40)
    owner = owners[i % 3]
    tz = zones[i % len(zones)]
    handle = None
    cmd = f'add "{name}" role:"{role}" source:{sources[i % 6]} owner:{owner}'
    cmd += f" email:{slug(f)}.{slug(l).replace('-', '')}@example.org"
    if tz:
        cmd += f" tz:{tz}"
    if i % 5 == 0:
        cmd += " tags:senior"
    at(start, cmd)
    ref = slug(name)
    day = start
    outcome = ["hired", "rejected", "withdrawn", "active", "active", "rejected", "active"][i % 7]
    depth = random.randrange(2, len(stages))
    for s in stages[:depth]:
        day += random.randrange(1, 4)
        if day >= NOW_DAY:
            break
        at(day, f"log {ref} in via:email at:{iso(day, 9, random.randrange(60))} {random.choice(inbound)}")
        # Most get an answer within hours; some wait.
        if not (i % 4 == 3 and s == stages[min(depth, len(stages)) - 1]):
            reply = random.randrange(1, 30)
            reply_day = day + reply // 24
            if reply_day < NOW_DAY:
                at(reply_day, f"log {ref} out via:email at:{iso(reply_day, 9 + reply % 9)} {random.choice(outbound)}")
            day = max(day, reply_day)
        at(day, f"stage {ref} {s}")
    if i % 3 == 0 and day + 2 < NOW_DAY + 5:
        who, as_ = colleagues[i % len(colleagues)]
        at(max(day - 1, start), f'talk {ref} with:"{who}" as:{as_} at:{iso(day + 2, 14)} for:45m where:video force:yes')
    if i % 8 == 2:
        at(day, f"note {ref} Strong systems thinking; ask about mentoring in the next round.")
    if outcome == "hired" and day < NOW_DAY - 3:
        at(day + 1, f"hire {ref} start:{iso(day + 8, 0)[:10]}")
    elif outcome == "rejected" and day < NOW_DAY:
        at(day + 1, f'reject {ref} reason:"Went with a candidate closer to the role"')
        if i % 2 == 0:
            at(day + 1, f"ask {ref} via:email")
            if i % 4 == 0 and day + 3 < NOW_DAY:
                at(day + 3, f"feedback {ref} rating:{3 + i % 3} recommend:{'yes' if i % 3 else 'no'} "
                            f"Clear process, though the take-home was long.")
    elif outcome == "withdrawn" and day < NOW_DAY:
        at(day + 1, f'withdraw {ref} reason:"Accepted another offer"')

for day in sorted(phases):
    print(f"# CANDE_NOW={iso(day, 18)}")
    for c in phases[day]:
        print(c)
