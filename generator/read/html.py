"""Saved web pages -> ``Document``: the main article text plus title, date, authors and publisher.

The page is decoded by its own declared charset (BOM, ``<meta charset>``), parsed once with lxml,
its metadata read by ``html_meta``, and its main text found by trafilatura (the maintained library
made for the job).  The result is plain text only: scripts, styles and markup never reach it.
"""

from __future__ import annotations

import codecs
import re

from lxml.html import HtmlElement

from generator.model import Document, SeedError
from generator.read.html_meta import HtmlMeta, norm, read_meta

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.I,
)
# Labels that browsers read as windows-1252 (the WHATWG encoding standard), a superset of Latin-1.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "cp819", "windows-1252"}


def decode_html(data: bytes) -> str:
    """Bytes of a web page -> text.

    BOM first; then valid UTF-8 is UTF-8 (pages that declare Latin-1 but are UTF-8 are common, the
    reverse is impossible); else the declared charset (Latin-1 read as cp1252, as browsers do); else
    cp1252.  Undecodable bytes become U+FFFD rather than failing the page.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    declared = _declared_charset(data[:8192])
    if declared and declared.startswith("utf-16"):
        declared = None  # a UTF-16 page read as bytes this far has no BOM: the label is wrong
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared and declared not in ("utf-8", "utf8"):
        try:
            return data.decode(declared, errors="replace")
        except LookupError:
            pass
    if declared in ("utf-8", "utf8"):
        # Declared UTF-8 with a few bad bytes: keep UTF-8 unless most non-ASCII bytes are not UTF-8.
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") * 20 < sum(1 for b in data if b >= 0x80):
            return text
    return data.decode("cp1252", errors="replace")


def _declared_charset(head: bytes) -> str | None:
    m = _DECLARED.search(head)
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii", "ignore").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def parse_tree(text: str) -> HtmlElement:
    """Text -> lxml tree; a fragment without ``<html>`` is wrapped so it still parses as a page."""
    from trafilatura.utils import load_html

    text = text.replace("\x00", "")
    tree = load_html(text)
    if tree is None or len(tree) == 0:
        tree = load_html(f"<html><body><div>{text}</div></body></html>")
    if tree is None:
        raise SeedError("not an HTML page (nothing to parse)")
    return tree


def main_text(tree: HtmlElement) -> str:
    """The article text of a page, as plain text paragraphs (one a line)."""
    import trafilatura

    result = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True)
    text = (result.text if result is not None else "") or ""
    if not text.strip():
        # Pages trafilatura finds no article in (a short note, a bare list): all visible text.
        _, text, _ = trafilatura.baseline(tree)
    return text.strip()


def drop_headline(text: str, meta: HtmlMeta) -> str:
    """Cut the headline (and the standfirst right after it) off the top of the body.

    The headline is the brief's ``title``; repeating it as the body's first line would make it a
    "key fact".  Only lines equal to a form of the title the page declares are cut.
    """
    forms = {norm(f) for f in [*meta.title_forms, meta.title or ""] if f}
    forms.discard("")
    lines = text.split("\n")
    i = 0
    while i < min(len(lines), 3) and norm(lines[i]) in forms:
        i += 1
    if i and i < len(lines) and meta.description and norm(lines[i]) == norm(meta.description) and len(lines) > i + 1:
        i += 1
    return "\n".join(lines[i:]).strip() if i < len(lines) else text


def read_html(name: str, data: bytes) -> Document:
    if not data.strip():
        raise SeedError("empty file")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SeedError("binary file (NUL bytes), not HTML")
    tree = parse_tree(decode_html(data))
    meta = read_meta(tree)
    text = drop_headline(main_text(tree), meta)
    if not text:
        raise SeedError("no text found in the HTML page")
    doc_meta: dict[str, object] = {}
    if meta.title:
        doc_meta["title"] = meta.title
    if meta.published:
        doc_meta["published"] = meta.published
    if meta.authors:
        doc_meta["authors"] = meta.authors
    if meta.source:
        doc_meta["source"] = meta.source
    if meta.url:
        doc_meta["url"] = meta.url
    return Document(name, "html", text, 0, doc_meta)
