#!/usr/bin/env python3
"""Independent reading of one .eml file by Python's standard `email` package, for
Tests/ConversationTests/MailCorpusTests.swift. Prints one JSON object:

  messageID  Message-ID without <>, trimmed, or null
  from/to/cc lists of {"name": str or null, "address": str}: email.utils.getaddresses on the
             raw (unfolded) first field, each name decoded with decode_header/make_header;
             entries without an address (empty groups) are left out
  date       epoch seconds (email.utils.parsedate_to_datetime; no zone = UTC) or null
  subject    the first Subject, RFC 2047 decoded by the default policy, stripped, or null
  body       the chosen part's get_content(), CRLF -> LF: the first text/plain that is not an
             attachment, else the first text/html (msg.get_body(("plain", "html")))
  bodyIsHTML whether that part is text/html; then "body" is reduced to text by html.parser
             (a second, independent reduction; compare it with whitespace collapsed)

Only the standard library.
"""
import email
import email.policy
import email.utils
import json
import sys
from email.header import decode_header, make_header
from html.parser import HTMLParser


def raw_first(msg, name):
    """The first raw field value, unfolded, 8-bit bytes read as UTF-8."""
    for key, value in msg.raw_items():
        if key.lower() == name:
            value = value.encode("ascii", "surrogateescape").decode("utf-8", "replace")
            return value.replace("\r\n", "").replace("\n", "")
    return None


def decoded(text):
    return str(make_header(decode_header(text)))


def addresses(msg, name):
    raw = raw_first(msg, name)
    if raw is None:
        return []
    out = []
    for display, address in email.utils.getaddresses([raw]):
        if not address:
            continue
        display = decoded(display).strip() if display else ""
        out.append({"name": display or None, "address": address})
    return out


class TextOfHTML(HTMLParser):
    SKIP = {"head", "style", "script", "title"}
    ENDS_LINE = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.ENDS_LINE:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html):
    parser = TextOfHTML()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def main(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)

    message_id = raw_first(msg, "message-id")
    if message_id is not None:
        message_id = message_id.strip()
        if message_id.startswith("<"):
            message_id = message_id[1:]
        if message_id.endswith(">"):
            message_id = message_id[:-1]
        message_id = message_id.strip() or None

    date = None
    raw_date = raw_first(msg, "date")
    if raw_date:
        try:
            parsed = email.utils.parsedate_to_datetime(raw_date)
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=__import__("datetime").timezone.utc)
            date = int(parsed.timestamp())
        except (TypeError, ValueError):
            date = None

    subject = msg["subject"]
    subject = str(subject).strip() if subject is not None else None

    part = msg.get_body(preferencelist=("plain", "html"))
    body, is_html = "", False
    if part is not None:
        body = part.get_content().replace("\r\n", "\n")
        is_html = part.get_content_subtype() == "html"
        if is_html:
            body = html_to_text(body)

    print(json.dumps({
        "messageID": message_id,
        "from": addresses(msg, "from"),
        "to": addresses(msg, "to"),
        "cc": addresses(msg, "cc"),
        "date": date,
        "subject": subject,
        "body": body,
        "bodyIsHTML": is_html,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
