"""The pages for Pagefind's service, encoded in a process of their own: ``python -I relay.py``.

Each page goes to Pagefind as base64 of a JSON message (service.py), and it is the process that renders
the pages that would encode them: trimming a page to what Pagefind reads, escaping it into JSON and
base64 come to 7-8 s of a 10,000-briefing ``mkdocs build``, on the one core MkDocs renders on, while
the other core has time to spare (Pagefind parses the pages there). So the service starts this script
between the two: MkDocs writes each request as it is (a header, then the page's UTF-8), and this
process trims and encodes it and writes it on to Pagefind's input, to which its output is joined.

Standard library only, run with ``-I``: it starts in a few milliseconds and imports nothing of the
project. Frames on its input: two little-endian 32-bit lengths (the message's JSON without the page,
the page), the JSON, the page. ``--whole`` sends pages untrimmed (the tests compare the two indexes).
"""

from __future__ import annotations

import base64
import json
import os
import re
import struct
import sys
from typing import Any, BinaryIO

HEADER = struct.Struct("<II")
_BODY = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-pagefind-body\b[^>]*>")


def what_pagefind_reads(html: str) -> str:
    """The parts of a page that Pagefind's result depends on: its head (the language, any metadata) and
    the element marked ``data-pagefind-body``; the page as it is when it has anything else for Pagefind.

    Material's chrome around the article (header, icons, navigation, footer, scripts) is four fifths of
    a generated page, and Pagefind would parse it only to skip it; sent without it, a page costs a fifth
    to encode, pass over the pipe and parse. The tests check that the index is the same either way."""
    marked = html.find("data-pagefind-body")
    if marked < 0 or html.find("data-pagefind-body", marked + 1) >= 0:
        return html
    # The tag holding the one mark starts after the last ">" before it (``[^>]*`` cannot pass one):
    # searched from there, not from the top of the page (0.2 ms a page, 3 s of 10,000 briefings).
    body = _BODY.search(html, html.rfind(">", 0, marked) + 1)
    head_end = html.find("</head>")
    if body is None or head_end < 0 or head_end > body.start():
        return html
    tag = body.group(1).lower()
    close = html.find(f"</{tag}>", body.end())
    if close < 0 or f"<{tag}" in html[body.end() : close].lower():
        return html  # the element holds one of its kind: its end is not the first closing tag
    end = close + len(tag) + 3
    if "data-pagefind" in html[head_end : body.start()] or "data-pagefind" in html[end:]:
        return html  # a filter, sort key or metadata outside the article: Pagefind reads the page whole
    return html[:head_end] + "</head>\n<body>" + html[body.start() : end] + "</body>\n</html>\n"


def frame(message: dict[str, Any], page: str | None = None) -> bytes:
    """One request as this script reads it: ``page`` becomes the payload's ``file_contents`` (its key
    is in the JSON, empty, so that an empty page is told from none)."""
    if page is None:
        head, body = json.dumps(message).encode(), b""
    else:
        payload = {**message["payload"], "file_contents": ""}
        head, body = json.dumps({**message, "payload": payload}).encode(), page.encode("utf-8", "surrogatepass")
    return HEADER.pack(len(head), len(body)) + head + body


def relay(inp: BinaryIO, out_fd: int, trim: bool = True) -> None:
    """Read frames from ``inp`` until it ends; write each as Pagefind reads it (base64 of the JSON,
    then a comma) to ``out_fd``, at once: a request may be waited for."""
    while True:
        head = inp.read(HEADER.size)
        if len(head) < HEADER.size:
            return
        n_message, n_page = HEADER.unpack(head)
        message = json.loads(inp.read(n_message))
        payload = message["payload"]
        if "file_contents" in payload:
            page = inp.read(n_page).decode("utf-8", "surrogatepass")
            payload["file_contents"] = what_pagefind_reads(page) if trim else page
        data = memoryview(base64.b64encode(json.dumps(message).encode()) + b",")
        while data:
            data = data[os.write(out_fd, data) :]


if __name__ == "__main__":
    try:
        relay(sys.stdin.buffer, sys.stdout.fileno(), trim="--whole" not in sys.argv[1:])
    except BrokenPipeError:  # Pagefind stopped: the service reports why
        sys.exit(1)
