"""Converting the Markdown of a generated page without running Python-Markdown on every page.

Once the plugin has set a generated page's HTML blocks aside (``blocks.py``), what MkDocs converts is
only headings and marker comments: ``# <title>``, then ``## Key facts``, a marker, ``## Quotes``, a
marker... Pages of one kind share that outline except for the title, yet MkDocs builds a new Markdown
converter (with every extension) and runs it over each one: about a fifth of ``mkdocs build``.

``Outlines`` converts each distinct outline once, with a placeholder word as the title, by the real
converter (a callback into MkDocs' own ``Page.render``), and for every page of that outline puts the
title and its anchor id (the ``toc`` extension's slug) in place of the placeholder. Only what is sure
to come out the same is taken this way: a title of letters, digits, spaces, plain punctuation and
numeric character references (no Markdown or HTML syntax), whose slug is new to the page; anything else (other
Markdown, a template that writes lists or emphasis) is converted by MkDocs as usual.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from mkdocs.structure.toc import AnchorLink

PLACEHOLDER = "briefingsoutlinetitle"
MAX_OUTLINES = 256  # distinct outlines kept; past that, pages are converted as usual
_MARKER = re.compile(r"<!--briefings-html-\d+-->")
_HEADING = re.compile(r"(#{1,6}) ([^\n]*[^\s#])")
# Text that Python-Markdown passes through as is: no inline syntax, tags or escapes; numeric character
# references (the brief templates write ``$`` and brackets so) stay as they are, and the slug is made from
# the characters they stand for.
_PLAIN = re.compile(r"[^\W_](?:[^\W_]|[ .,:;'\"?!()%/$€£+\u2013\u2014\u2018\u2019\u201c\u201d-]|&#[0-9]{1,7};)*")


@dataclass
class Converted:
    """What MkDocs' ``Page.render`` leaves on a page."""

    html: str
    toc: list[AnchorLink]
    ids: set[str]
    title: str | None


@dataclass
class Outline:
    pieces: list[str]  # the HTML split around the placeholder
    toc: list[AnchorLink]
    ids: set[str]  # anchor ids besides the title's


@dataclass
class Outlines:
    """One per build: ``convert(markdown, render)`` gives the page converted, or None when it needs the
    usual conversion; ``render`` is that usual conversion, used once for each new outline."""

    slugify: Callable[[str], str]
    outlines: dict[str, Outline | None] = field(default_factory=dict)
    taken: int = 0  # pages converted from an outline

    def convert(self, markdown: str, render: Callable[[str], Converted]) -> Converted | None:
        shape = outline_of(markdown)
        if shape is None:
            return None
        text, title = shape
        slug = self.slugify(html.unescape(title))
        known = self.outlines.get(text, False)
        if known is False:
            if len(self.outlines) >= MAX_OUTLINES:
                return None
            known = self.outlines[text] = self._learn(text, render)
        if known is None or not slug or slug in known.ids or PLACEHOLDER in title:
            return None
        self.taken += 1
        out = known.pieces[0]
        for piece in known.pieces[1:]:
            # the placeholder is a heading's text and its id: which one, the quote before it says
            out += (slug if out.endswith('"') or out.endswith("#") else title) + piece
        return Converted(out, [_retitle(t, title, slug) for t in known.toc], known.ids | {slug}, title)

    @staticmethod
    def _learn(text: str, render: Callable[[str], Converted]) -> Outline | None:
        done = render(text)
        ids = set(done.ids)
        if PLACEHOLDER not in ids or done.title != PLACEHOLDER:
            return None
        ids.discard(PLACEHOLDER)
        return Outline(done.html.split(PLACEHOLDER), done.toc, ids)


def outline_of(markdown: str) -> tuple[str, str] | None:
    """``markdown`` with its title heading's text replaced by the placeholder, and that title; None when
    the page is not only headings and markers, or its first heading is not a plain ``#`` title."""
    chunks = markdown.strip("\n").split("\n\n")
    title = None
    out = []
    for chunk in chunks:
        if _MARKER.fullmatch(chunk):
            out.append(chunk)
            continue
        m = _HEADING.fullmatch(chunk)
        if m is None:
            return None
        if title is None:
            # only the title changes from page to page; the other headings are part of the outline
            if m.group(1) != "#" or not _PLAIN.fullmatch(m.group(2)):
                return None
            title = m.group(2)
            out.append("# " + PLACEHOLDER)
        else:
            out.append(chunk)
    if title is None:
        return None
    return "\n\n".join(out) + "\n", title


def _retitle(item: AnchorLink, title: str, slug: str) -> AnchorLink:
    """A copy of a table-of-contents entry with the placeholder replaced."""
    new = AnchorLink(
        title if item.title == PLACEHOLDER else item.title, slug if item.id == PLACEHOLDER else item.id, item.level
    )
    new.children = [_retitle(c, title, slug) for c in item.children]
    if getattr(item, "active", False):
        new.active = True  # type: ignore[attr-defined]
    return new

