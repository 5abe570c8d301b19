"""Saved web pages -> ``Document``: the main article text plus title, date, authors and publisher.

The page is decoded by its own declared charset (BOM, ``<meta charset>``), parsed once with lxml,
its metadata read by ``html_meta``, and its main text found by trafilatura (the maintained library
made for the job).  The result is plain text only: scripts, styles and markup never reach it.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree
from lxml.html import HtmlElement

from generator.model import Document, SeedError
from generator.read.html_meta import HtmlMeta, in_comments, norm, read_meta

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
    if b"\x00" in data[:4096]:
        # UTF-16 saved without a BOM: every other byte of the markup is NUL
        head = data[:4096]
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 0.4 * len(head) / 2 and even < 0.05 * len(head) / 2:
            return data.decode("utf-16-le", errors="replace")
        if even > 0.4 * len(head) / 2 and odd < 0.05 * len(head) / 2:
            return data.decode("utf-16-be", errors="replace")
        raise SeedError("binary file (NUL bytes), not HTML")
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
        if text.count("\ufffd") * 20 < len(data) - len(data.translate(None, _HIGH_BYTES)):
            return text
    return data.decode("cp1252", errors="replace")


_HIGH_BYTES = bytes(range(0x80, 0x100))


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


# Overlay widgets (hover cards, tooltips, pop-ups) whose text sits inside article paragraphs but is
# hidden until a pointer is over a link: their text is not part of the sentence it interrupts.
# Also widgets that are no part of any article: newsletter sign-up boxes and print-only headers.
_OVERLAY_HINT = re.compile(r"tooltip|popover|hover-?card|rollover|newsletter|subscri|sign-?up|print", re.I)
_OVERLAY_CLASS = re.compile(
    r"^(?:[\w-]*[-_])?(?:tooltip|popover|hovercard|hover-card)(?:[-_](?:content|body|block|inner|box|wrap|text))?$"
    r"|^[\w-]*rollover[\w-]*[-_](?:block|card|content|box)$"
    r"|^(?:newsletter|subscribe|subscription|signup|sign-up)(?:[-_]\w+)*$"
    r"|^(?:print-header|print-only|printonly|visible-print|print-footer)$",
    re.I,
)


def unwrap_embedded_posts(tree: HtmlElement) -> None:
    """Make embedded social posts plain block quotes: the extractor drops "social" widgets, but a
    post an article embeds (a tweet by the minister) is part of what the article reports."""
    for bq in tree.xpath('//blockquote[contains(@class, "tweet") or contains(@class, "instagram-media")]'):
        bq.attrib.pop("class", None)
        parent = bq.getparent()
        # the embed's wrapper, when it holds nothing but the post (and its loader script)
        if parent is not None and parent.tag == "div" and all(c is bq or c.tag == "script" for c in parent):
            parent.attrib.pop("class", None)
            parent.attrib.pop("id", None)


def prune_overlays(tree: HtmlElement) -> None:
    """Remove overlay widgets (not their triggers: "has-tooltip" links are words of the sentence)."""
    hits = [el for el in tree.iter() if isinstance(el.tag, str) and _OVERLAY_HINT.search(el.get("class") or "")]
    for el in hits:
        if el.tag in ("a", "body", "html", "article", "main") or el.getparent() is None:
            continue
        if any(_OVERLAY_CLASS.match(c) for c in (el.get("class") or "").split()) and len(el.text_content()) < 1000:
            el.drop_tree()  # keeps the tail text: the rest of the sentence


_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")


def main_text(tree: HtmlElement, meta: HtmlMeta | None = None) -> str:
    """The article text of a page, as plain text paragraphs (one a line), headline left out.

    Changes ``tree`` (overlay widgets are removed): read the metadata first."""
    import trafilatura
    from trafilatura.xml import xmltotxt

    prune_overlays(tree)
    unwrap_embedded_posts(tree)
    result = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True)
    body = result.body if result is not None else None
    if body is not None and meta is not None:
        drop_headline(body, meta)
    text = xmltotxt(body, False) if body is not None else ""
    if body is not None and text.strip():
        more = continuation(tree, body)
        if more:
            text = text.rstrip() + "\n" + "\n".join(more)
    if not text.strip():
        # Pages trafilatura finds no article in (a short note, a bare list): all visible text.
        _, text, _ = trafilatura.baseline(tree)
    return text.strip()


def _key(text: str) -> str:
    return " ".join(text.split())[:80]


def continuation(tree: HtmlElement, body: etree._Element) -> list[str]:
    """Paragraphs of the article's later chunks that the extractor left out.

    Some sites cut an article into sibling blocks of the same kind (one per screen, with ads or
    widgets between them), and the extractor may keep only the first.  The later siblings of the
    block the extracted paragraphs came from, with the same tag and class, are the same article.
    """
    sources: dict[str, HtmlElement] = {}
    for p in tree.iter("p"):
        k = _key(p.text_content())
        if len(k) >= 40:
            sources.setdefault(k, p)
    taken = [sources[k] for k in (_key("".join(el.itertext())) for el in body.iter("p")) if k in sources]
    if len(taken) < 2:
        return []
    # the smallest block holding every extracted paragraph
    others = [set(t.iterancestors()) for t in taken[1:]]
    block = next((a for a in taken[0].iterancestors() if all(a in o for o in others)), None)
    seen = {id(t) for t in taken}
    node = block
    for _ in range(3):
        if node is None or node.tag in ("body", "html"):
            return []
        kind = (node.get("class") or "").split()
        if kind:
            more: list[str] = []
            for sib in node.itersiblings():
                if sib.tag == node.tag and (sib.get("class") or "").split()[:1] == kind[:1]:
                    found = [text for el, text in _prose_pairs(sib) if id(el) not in seen]
                    # a chunk of the story has a few paragraphs, not a lone promo or copyright line
                    if len(found) >= 2 and sum(map(len, found)) >= 300:
                        more += found
            if more:
                return more
        node = node.getparent()
    return []


def _prose_pairs(block: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """(element, text) of the prose paragraphs in a block: long enough, not mostly links, not in a
    figure caption or an aside."""
    out: list[tuple[HtmlElement, str]] = []
    for p in block.iter("p"):
        text = " ".join(p.text_content().split())
        if len(text) < 40 or any(a.tag in ("figure", "figcaption", "aside", "blockquote", "form") for a in p.iterancestors()):
            continue
        if in_comments(p):
            continue
        linked = sum(len(a.text_content()) for a in p.iter("a"))
        if linked > 0.5 * len(text):
            continue
        out.append((p, text))
    return out


def drop_headline(body: etree._Element, meta: HtmlMeta) -> None:
    """Cut the headline (and the standfirst heading right after it) off the top of the extracted body.

    The headline is the brief's ``title``; repeated as the body's first line it would become a "key
    fact".  Only blocks equal to a form of the title the page declares, bare URLs before it, and a
    heading (not a paragraph: that is the lede) after it equal to the page's description are cut.
    """
    forms = {norm(f) for f in [*meta.title_forms, meta.title or ""] if f}
    forms.discard("")
    children = list(body)[:4]
    dropped = False
    for el in children:
        text = "".join(el.itertext())
        if norm(text) in forms:
            body.remove(el)
            dropped = True
        elif not dropped and _URL_LINE.match(text):
            body.remove(el)
        elif dropped and el.tag == "head" and meta.description and norm(text) == norm(meta.description):
            body.remove(el)
            break
        else:
            break


def read_html(name: str, data: bytes) -> Document:
    if not data.strip():
        raise SeedError("empty file")
    text = decode_html(data)
    sample = text[:8192]
    if sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f") > 0.05 * len(sample):
        raise SeedError("binary file (control characters), not HTML")
    tree = parse_tree(text)
    meta = read_meta(tree)
    text = main_text(tree, meta)
    if not text:
        raise SeedError("no text found in the HTML page")
    doc_meta: dict[str, object] = {}
    if meta.title:
        doc_meta["title"] = meta.title
    # None says "the page was searched for a date and has none" (see extract.metadata.published)
    doc_meta["published"] = meta.published
    if meta.authors:
        doc_meta["authors"] = meta.authors
    if meta.source:
        doc_meta["source"] = meta.source
    if meta.url:
        doc_meta["url"] = meta.url
    return Document(name, "html", text, 0, doc_meta)
