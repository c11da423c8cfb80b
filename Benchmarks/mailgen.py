#!/usr/bin/env python3
"""Writes an mbox of real-shaped messages and the CSV of the candidates they name, for
Benchmarks/mail-import (Python 3 stdlib only).

    mailgen.py N OUT.mbox CANDIDATES.csv     N messages, N/10 candidates

The messages rotate through the shapes `import mail` reads: plain 7bit, quoted-printable
UTF-8, base64, multipart/alternative, multipart/mixed with a PDF, a reply with quoted history
and a signature, Windows-1252, RFC 2047 headers. 90% come from a candidate, 5% go to one, 5%
name nobody. Deterministic (seeded).
"""

import base64
import quopri
import random
import sys
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

FIRST = ["Ada", "Grace", "Alan", "Zoë", "Jürgen", "Chloé", "Łukasz", "Priya", "Olu", "Sofia", "Kim", "José"]
LAST = ["Lovelace", "Hopper", "Turing", "Müller", "Weber", "Dupont", "Żółć", "Iyer", "Adeyemi", "Lindqvist", "Lee", "Peña"]
LINES = [
    "Thanks for the update on the role.",
    "I can only start in March, because of my notice period.",
    "Could we move the call to Thursday afternoon?",
    "I have attached my CV and two references.",
    "The team sounds great — I would love to meet them.",
    "Is the position open to remote work two days a week?",
    "I am also weighing another offer, so a decision by Friday would help.",
    "Ask me if you need anything else from my side.",
]


def words(rng, n):
    return "\n".join(rng.choice(LINES) for _ in range(n))


def main():
    n, out, csv_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(4711)
    count = max(1, n // 10)
    people = []
    with open(csv_path, "w", encoding="utf-8") as f:
        f.write("name,email\n")
        for i in range(count):
            name = "%s %s %d" % (rng.choice(FIRST), rng.choice(LAST), i)
            email = "cand%d@example.org" % i
            people.append((name, email))
            f.write('"%s",%s\n' % (name, email))
    start = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
    with open(out, "wb") as f:
        for i in range(n):
            name, email = rng.choice(people)
            at = start + timedelta(minutes=37 * i)
            roll = rng.random()
            if roll < 0.90:
                sender, to = '"%s" <%s>' % (name, email), "Rita Recruiter <rita@recruit.example.com>"
            elif roll < 0.95:
                sender, to = "Rita Recruiter <rita@recruit.example.com>", '"%s" <%s>' % (name, email)
            else:
                sender, to = "Someone <someone%d@elsewhere.example>" % i, "jobs@recruit.example.com"
            head = [
                "Message-ID: <m%d.%d@bench.example>" % (i, rng.randrange(1 << 30)),
                "Date: " + format_datetime(at),
                "From: " + sender,
                "To: " + to,
                "Subject: Re: Your application (%d)" % i,
                "MIME-Version: 1.0",
            ]
            text = words(rng, rng.randint(2, 8))
            shape = i % 8
            if shape == 0:
                body = ["Content-Type: text/plain; charset=us-ascii", "", text.encode("ascii", "replace").decode()]
            elif shape == 1:
                qp = quopri.encodestring(text.encode("utf-8")).decode()
                body = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "", qp]
            elif shape == 2:
                b64 = base64.encodebytes(text.encode("utf-8")).decode()
                body = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", b64]
            elif shape == 3:
                html = "<html><body><p>" + text.replace("\n", "</p><p>") + "</p></body></html>"
                body = [
                    'Content-Type: multipart/alternative; boundary="alt%d"' % i, "",
                    "--alt%d" % i, "Content-Type: text/plain; charset=utf-8", "", text,
                    "--alt%d" % i, "Content-Type: text/html; charset=utf-8", "", html, "--alt%d--" % i,
                ]
            elif shape == 4:
                pdf = base64.encodebytes(bytes(rng.randrange(256) for _ in range(3000))).decode()
                body = [
                    'Content-Type: multipart/mixed; boundary="mix%d"' % i, "",
                    "--mix%d" % i, "Content-Type: text/plain; charset=utf-8", "", text,
                    "--mix%d" % i, 'Content-Type: application/pdf; name="cv.pdf"',
                    'Content-Disposition: attachment; filename="cv.pdf"', "Content-Transfer-Encoding: base64", "",
                    pdf, "--mix%d--" % i,
                ]
            elif shape == 5:
                quoted = "\n".join("> " + line for line in words(rng, 4).split("\n"))
                reply = text + "\n\n-- \n" + name + "\n\nOn Mon, 1 Jun 2026 at 09:00, Rita <rita@recruit.example.com> wrote:\n" + quoted
                body = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", reply]
            elif shape == 6:
                cp = text.replace("—", "\u2013") + " \u201cSee you\u201d \u20ac"
                qp = quopri.encodestring(cp.encode("cp1252", "replace")).decode()
                body = ["Content-Type: text/plain; charset=windows-1252", "Content-Transfer-Encoding: quoted-printable", "", qp]
            else:
                head[2] = "From: =?utf-8?b?%s?= <%s>" % (base64.b64encode(name.encode()).decode(), email) if roll < 0.90 else head[2]
                body = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", text]
            message = "\n".join(head + body) + "\n"
            lines = []
            for line in message.split("\n"):
                lines.append(">" + line if line.lstrip(">").startswith("From ") else line)
            f.write(("From bench@example.org %s\n" % at.strftime("%a %b %d %H:%M:%S %Y")).encode())
            f.write("\n".join(lines).encode("utf-8"))
            f.write(b"\n")


if __name__ == "__main__":
    main()
