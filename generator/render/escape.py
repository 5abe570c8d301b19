"""Making untrusted text literal in Markdown (and the HTML Markdown lets through).

Article text is data: whatever it contains (HTML tags, ``*emphasis*``, ``[links](...)``, ``{{ jinja }}``,
a leading ``# `` or ``1. ``) must show up on the page as the same characters.  Characters that Markdown
or its common extensions read as syntax become numeric character references, which every Markdown
processor passes through untouched and every browser shows as the character itself.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Inline syntax of Python-Markdown and the extensions Material sites commonly enable
# (tables ``|``, tilde/caret/mark ``~ ^ =``, attr_list ``{ }``); ``& < >`` for raw HTML and entities.
_INLINE = set("\\`*_{}[]<>&|~^#$=")
# Block syntax only matters where a line starts: headings, lists, quotes, setext underlines, tables.
_LEADING = set("#-+*>=|:")
_TABLE = str.maketrans({ch: f"&#{ord(ch)};" for ch in _INLINE})  # str.translate: one pass in C
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_SPACE = re.compile(r"\s+")


def _ref(ch: str) -> str:
    return f"&#{ord(ch)};"


def escape_markdown(text: str) -> str:
    """``text`` on one line, every Markdown/HTML-significant character made literal.

    Runs of white space become one space (a newline in a value must not start a new Markdown block);
    the first visible character is also escaped when it could open a block (``# ``, ``- ``, ``1. ``).
    """
    text = _SPACE.sub(" ", text)
    body = text.lstrip(" ")
    if not body:
        return text
    lead = text[: len(text) - len(body)]
    out = body.translate(_TABLE)
    if out[0] in _LEADING:
        out = _ref(out[0]) + out[1:]
    m = _ORDERED.match(out)
    if m:
        out = m.group(1) + _ref(m.group(2)) + out[m.end() :]
    return lead + out


def safe_url(url: str | None) -> str | None:
    """``url`` fit for a Markdown link target, or None unless it is an absolute http(s) URL."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Parentheses, spaces, angle brackets and quotes would end or break the link: percent-encode them.
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")
