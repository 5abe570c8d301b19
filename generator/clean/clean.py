"""Document -> Cleaned: decide which lines are article text and which are boilerplate."""

from __future__ import annotations

import re

from generator.model import Cleaned, Document, Removed

_DATELINE = re.compile(
    r"^(?P<all>(?:(?P<place>[A-Z][A-Za-z .,'-]{1,40}?)\s*)?\((?P<source>[A-Z][A-Za-z&.' ]{1,30})\)\s*(?:--|-|\u2014|\u2013)\s*)"
)
_COPYRIGHT = re.compile(r"^\s*(?:\u00a9|\(c\)|copyright)\s*(?P<year>\d{4})?\s*(?P<holder>[^\n]*)$", re.I)
_PROMO_HEAD = re.compile(r"^\s*(?:most read|read more|more from|related|recommended)\b.*$", re.I)


def clean(doc: Document) -> Cleaned:
    text = doc.text
    removed: list[Removed] = []
    source = place = year = None
    kept: list[tuple[int, int]] = []
    pos = doc.body_start
    lines = text[pos:].split("\n")
    in_promo = False
    for line in lines:
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            in_promo = False
            continue
        m = _COPYRIGHT.match(line)
        if m:
            removed.append(Removed(start, end, "copyright"))
            year = year or m.group("year")
            holder = re.sub(r"\s*(?:L\.P\.|Inc\.?|Ltd\.?|LLC|All rights reserved\.?)\s*", " ", m.group("holder")).strip(" .,")
            source = source or (holder or None)
            continue
        if _PROMO_HEAD.match(line) and len(stripped.split()) <= 6:
            removed.append(Removed(start, end, "promo headlines"))
            in_promo = True
            continue
        if in_promo and not re.search(r"[.!?\"\u201d]\s*$", stripped):
            removed.append(Removed(start, end, "promo headlines"))
            continue
        in_promo = False
        if not kept:
            d = _DATELINE.match(line)
            if d:
                cut = len(d.group("all"))
                removed.append(Removed(start, start + cut, "dateline"))
                source = d.group("source").strip()
                place = (d.group("place") or "").strip(" ,") or None
                start += cut
        kept.append((start, end))
    body = "\n\n".join(text[s:e].strip() for s, e in kept)
    return Cleaned(body=body, removed=_merge(removed), source=source, place=place, published=year)


def _merge(removed: list[Removed]) -> list[Removed]:
    out: list[Removed] = []
    for r in removed:
        if out and out[-1].reason == r.reason and out[-1].end + 1 >= r.start:
            out[-1].end = r.end
        else:
            out.append(r)
    return out
